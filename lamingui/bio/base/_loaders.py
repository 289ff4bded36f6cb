"""Readers that turn source files into :class:`OntologyTable` objects (bio.md §9).

* the ``.json.zst`` files of ``cellxgene-ontology-guide`` (and plain ``.json``
  in the same format), cached in process per (file, version), LRU of 4;
* the built-in organism table;
* user tables: DataFrame, ``.csv``, ``.tsv``, ``.parquet``;
* user ontologies: ``.obo`` and ``.owl`` through ``pronto``.
"""

from __future__ import annotations

import io
import json
import logging
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pandas as pd

from . import _cache
from ._catalog import ORGANISMS, OfflineFile, data_files
from ._table import OntologyTable, as_id_list, derive_parents, split_synonyms

logger = logging.getLogger(__name__)

_CACHE: OrderedDict[tuple[str, str], OntologyTable] = OrderedDict()
_CACHE_SIZE = 4
PRONTO_MISSING = "pronto is not installed. Please install it with `pip install pronto`."


def load_offline(offline: OfflineFile) -> OntologyTable:
    """The table of one offline ontology file.

    Cached in process per (file, version), LRU of 4; tables of at least
    ``_cache.DISK_CACHE_MIN_TERMS`` terms also on disk (see :mod:`._cache`).
    """
    key = (offline.filename, offline.version)
    table = _CACHE.get(key)
    if table is not None:
        _CACHE.move_to_end(key)
        return table
    source = data_files() / offline.filename
    organism = offline.entity == "bionty.Organism"
    with _cache.no_gc():
        if _cache.disk_cache_enabled():
            md5 = _cache.file_md5(source)
            path = _cache.cache_path(offline.filename, md5)
            frame = _cache.read_cached(path, md5=md5)
            if frame is not None:
                table = OntologyTable(frame)
            else:
                table = _parse_offline(source, offline.ontology.prefix, organism)
                if len(table.full) >= _cache.DISK_CACHE_MIN_TERMS:
                    _cache.write_cached(path, table.full, md5=md5)
        else:
            table = _parse_offline(source, offline.ontology.prefix, organism)
    _CACHE[key] = table
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return table


def _parse_offline(source: Any, prefix: str, organism: bool) -> OntologyTable:
    with source.open("rb") as handle:
        return table_from_terms(iter_zst_terms(handle), prefix, organism=organism)


def iter_zst_terms(handle: IO[bytes]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(id, term)`` pairs of a zstd-compressed ``{id: term}`` JSON object.

    Streams: only one chunk of text and one term are held at a time, so the
    1.26 million NCBITaxon terms parse in a bounded amount of memory.
    """
    import zstandard  # noqa: PLC0415 - optional extra, checked by data_files()

    reader = zstandard.ZstdDecompressor().stream_reader(handle)
    yield from iter_json_object(io.TextIOWrapper(reader, encoding="utf-8"))


_DECODE = json.JSONDecoder().raw_decode
_SPACE = " \t\n\r"


def iter_json_object(text: IO[str], chunk: int = 1 << 22) -> Iterator[tuple[str, Any]]:
    """Key/value pairs of the one JSON object in ``text``, read chunk by chunk."""
    buffer, pos, eof = text.read(chunk).lstrip(), 1, False
    if not buffer.startswith("{"):
        raise ValueError("An ontology JSON file must hold one object {id: term}")
    while True:
        try:
            while buffer[pos] in _SPACE:
                pos += 1
            if buffer[pos] == "}":
                return
            if buffer[pos] == ",":
                pos += 1
                while buffer[pos] in _SPACE:
                    pos += 1
            key, end = _DECODE(buffer, pos)
            while buffer[end] in _SPACE:
                end += 1
            if buffer[end] != ":":
                raise ValueError(
                    f"Malformed ontology JSON near {buffer[pos : end + 20]!r}"
                )
            end += 1
            while buffer[end] in _SPACE:
                end += 1
            value, end = _DECODE(buffer, end)
        except (json.JSONDecodeError, IndexError) as error:
            if eof:
                raise ValueError(
                    f"Truncated or malformed ontology JSON: {error}"
                ) from None
            more = text.read(chunk)
            eof = not more
            buffer, pos = buffer[pos:] + more, 0
            continue
        yield key, value
        pos = end


def load_json_file(path: Path, prefix: str) -> OntologyTable:
    """A user's ``.json`` or ``.json.zst`` file in the package's format."""
    if path.name.endswith(".zst"):
        with path.open("rb") as handle:
            raw = dict(iter_zst_terms(handle))
    else:
        raw = json.loads(path.read_text())
    if not any(term.startswith(prefix) for term in raw):
        prefix = ""
    return table_from_terms(raw.items(), prefix)


def table_from_terms(
    terms: Iterable[tuple[str, dict[str, Any]]], prefix: str, *, organism: bool = False
) -> OntologyTable:
    """Rows from ``(id, {label, description, synonyms, ancestors, ...})`` pairs.

    Consumes ``terms`` once, keeping only what the table needs: the ancestor
    maps (same prefix only) until parents are derived, none for organisms.
    """
    ids: list[str] = []
    names: list[Any] = []
    definitions: list[Any] = []
    synonyms: list[str | None] = []
    deprecated: list[bool] = []
    replaced: list[Any] = []
    ancestors_of: dict[str, dict[str, int]] = {}
    for term, data in terms:
        if not term.startswith(prefix):
            continue
        label = data.get("label")
        dead = bool(data.get("deprecated"))
        ids.append(term)
        names.append(label)
        definitions.append(data.get("description"))
        synonyms.append(split_synonyms(data.get("synonyms"), label))
        deprecated.append(dead)
        replaced.append(data.get("replaced_by"))
        if not organism:
            found = {} if dead else (data.get("ancestors") or {})
            ancestors_of[term] = {
                a: d for a, d in found.items() if a.startswith(prefix)
            }
    if organism:  # NCBITaxon: common-name index, labels are scientific names
        frame = pd.DataFrame(
            {
                "name": [str(n).lower() for n in names],
                "ontology_id": ids,
                "scientific_name": names,
                "definition": definitions,
                "synonyms": synonyms,
                "parents": [[] for _ in ids],
                "deprecated": deprecated,
                "replaced_by": replaced,
            }
        ).set_index("name")
        return OntologyTable(frame)
    parents = []
    for term, dead in zip(ids, deprecated, strict=True):
        found = [] if dead else derive_parents(ancestors_of[term], ancestors_of)
        # ids of the prefix missing from the file are no parents (rule 1)
        parents.append([p for p in found if p in ancestors_of])
    del ancestors_of
    frame = pd.DataFrame(
        {
            "name": names,
            "definition": definitions,
            "synonyms": synonyms,
            "parents": parents,
            "deprecated": deprecated,
            "replaced_by": replaced,
        },
        index=pd.Index(ids, name="ontology_id"),
    )
    return OntologyTable(frame)


def organism_table() -> OntologyTable:
    """The built-in table of common organisms (bio.md §9.3)."""
    frame = pd.DataFrame(
        {
            "name": [row[0] for row in ORGANISMS],
            "scientific_name": [row[1] for row in ORGANISMS],
            "ontology_id": [f"NCBITaxon:{row[2]}" for row in ORGANISMS],
            "synonyms": [row[3] or None for row in ORGANISMS],
        }
    ).set_index("name")
    return OntologyTable(frame)


# -- user tables ----------------------------------------------------------------


def read_table_file(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if suffix == ".tsv":
        return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    raise ValueError(
        f"Cannot read a source from '{path.name}': use a .csv, .tsv, .parquet, "
        ".obo, .owl, .json or .json.zst file"
    )


def table_from_frame(
    frame: pd.DataFrame, *, id_field: str, name_field: str, fields: set[str]
) -> OntologyTable:
    """A user's table: columns named like registry fields (bio.md §9.5)."""
    frame = frame.copy()
    if frame.index.name in fields | {"definition"}:
        frame = frame.reset_index()
    for column in frame.columns:
        if column != "parents" and frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: None if v == "" else v)
    if "definition" not in frame.columns and "description" in frame.columns:
        frame = frame.rename(columns={"description": "definition"})
    if "ncbi_gene_id" in frame.columns and "ncbi_gene_ids" in fields:
        frame = _aggregate_ncbi_ids(frame, id_field)
    index = id_field if id_field in frame.columns else None
    if index is None and "stable_id" in frame.columns and "stable_id" in fields:
        index = "stable_id"
    if index is None and name_field in frame.columns:
        index = name_field
    if index is None:
        raise ValueError(
            f"The source table needs a '{id_field}' or a '{name_field}' column; "
            f"it has {list(frame.columns)}"
        )
    known = (fields | {"definition", "parents", "deprecated", "replaced_by"}) - {index}
    frame = frame[[index, *[c for c in frame.columns if c in known]]]
    frame = frame[frame[index].notna()]
    if "synonyms" in frame.columns:
        labels = frame[name_field] if name_field in frame.columns else frame[index]
        frame["synonyms"] = [
            split_synonyms(s, label)
            for s, label in zip(frame["synonyms"], labels, strict=True)
        ]
    if "parents" in frame.columns:
        frame["parents"] = [as_id_list(p) for p in frame["parents"]]
    if "deprecated" in frame.columns:
        frame["deprecated"] = frame["deprecated"].fillna(False).astype(bool)
    frame = frame.set_index(index)
    return OntologyTable(frame, name_field=name_field)


def _aggregate_ncbi_ids(frame: pd.DataFrame, id_field: str) -> pd.DataFrame:
    """One row per gene; its NCBI ids ``|``-joined into ``ncbi_gene_ids``."""
    key = id_field if id_field in frame.columns else frame.columns[0]
    ids = (
        frame.dropna(subset=["ncbi_gene_id"])
        .groupby(key, sort=False)["ncbi_gene_id"]
        .agg(lambda s: "|".join(dict.fromkeys(str(v) for v in s)))
    )
    frame = frame.drop(columns=["ncbi_gene_id"]).drop_duplicates(subset=[key])
    frame["ncbi_gene_ids"] = frame[key].map(ids)
    return frame


def table_from_obo(path: Path, *, name: str, part_of: bool) -> OntologyTable:
    """Terms of an OBO/OWL file: EXACT synonyms, ``is_a`` (+ ``part_of``) parents."""
    try:
        import pronto  # noqa: PLC0415 - optional extra
    except ImportError as error:
        raise ImportError(PRONTO_MISSING) from error
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ontology = pronto.Ontology(str(path))
    terms = [t for t in ontology.terms() if t.id and t.name]
    prefix = f"{name.lower()}:"
    if any(t.id.lower().startswith(prefix) for t in terms):
        terms = [t for t in terms if t.id.lower().startswith(prefix)]
    kept = {t.id for t in terms}
    rows = []
    for term in terms:
        parents = [
            p.id for p in term.superclasses(distance=1, with_self=False) if p.id in kept
        ]
        if part_of:
            for relation, targets in term.relationships.items():
                if (
                    relation.id in {"part_of", "BFO:0000050"}
                    or relation.name == "part of"
                ):
                    parents += [t.id for t in targets if t.id in kept]
        rows.append(
            {
                "ontology_id": term.id,
                "name": term.name,
                "definition": str(term.definition) if term.definition else None,
                "synonyms": split_synonyms(
                    sorted(s.description for s in term.synonyms if s.scope == "EXACT"),
                    term.name,
                ),
                "parents": sorted(dict.fromkeys(parents)),
                "deprecated": bool(term.obsolete),
                "replaced_by": None,
            }
        )
    frame = pd.DataFrame(rows).set_index("ontology_id")
    return OntologyTable(frame)
