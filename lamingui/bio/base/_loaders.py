"""Readers that turn source files into :class:`OntologyTable` objects (bio.md §9).

* the ``.json.zst`` files of ``cellxgene-ontology-guide`` (and plain ``.json``
  in the same format), cached in process per (file, version), LRU of 4;
* the built-in organism table;
* user tables: DataFrame, ``.csv``, ``.tsv``, ``.parquet``;
* user ontologies: ``.obo`` and ``.owl`` through ``pronto``.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pandas as pd

from ._catalog import ORGANISMS, OfflineFile, data_files
from ._table import OntologyTable, as_id_list, derive_parents, split_synonyms

_CACHE: OrderedDict[tuple[str, str], OntologyTable] = OrderedDict()
_CACHE_SIZE = 4
PRONTO_MISSING = "pronto is not installed. Please install it with `pip install pronto`."


def load_offline(offline: OfflineFile) -> OntologyTable:
    """The table of one offline ontology file (cached in process)."""
    key = (offline.filename, offline.version)
    table = _CACHE.get(key)
    if table is not None:
        _CACHE.move_to_end(key)
        return table
    import zstandard  # noqa: PLC0415 - optional extra, checked by data_files()

    with (data_files() / offline.filename).open("rb") as handle:
        raw = json.load(zstandard.ZstdDecompressor().stream_reader(handle))
    table = table_from_terms(
        raw, offline.ontology.prefix, organism=offline.entity == "bionty.Organism"
    )
    _CACHE[key] = table
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return table


def load_json_file(path: Path, prefix: str) -> OntologyTable:
    """A user's ``.json`` or ``.json.zst`` file in the package's format."""
    if path.name.endswith(".zst"):
        import zstandard  # noqa: PLC0415 - optional extra

        with path.open("rb") as handle:
            raw = json.load(zstandard.ZstdDecompressor().stream_reader(handle))
    else:
        raw = json.loads(path.read_text())
    if not any(term.startswith(prefix) for term in raw):
        prefix = ""
    return table_from_terms(raw, prefix)


def table_from_terms(
    raw: dict[str, dict[str, Any]], prefix: str, *, organism: bool = False
) -> OntologyTable:
    """Rows from ``{id: {label, description, synonyms, ancestors, ...}}``."""
    terms = {k: v for k, v in raw.items() if k.startswith(prefix)}
    ancestors_of = {
        term: {a: d for a, d in (data.get("ancestors") or {}).items() if a in terms}
        for term, data in terms.items()
    }
    ids, names, definitions, synonyms, parents, deprecated, replaced = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for term, data in terms.items():
        label = data.get("label")
        ids.append(term)
        names.append(label)
        definitions.append(data.get("description"))
        synonyms.append(split_synonyms(data.get("synonyms"), label))
        dead = bool(data.get("deprecated"))
        deprecated.append(dead)
        replaced.append(data.get("replaced_by"))
        parents.append(
            [] if dead or organism else derive_parents(ancestors_of[term], ancestors_of)
        )
    if organism:  # NCBITaxon: common-name index, labels are scientific names
        frame = pd.DataFrame(
            {
                "name": [str(n).lower() for n in names],
                "ontology_id": ids,
                "scientific_name": names,
                "definition": definitions,
                "synonyms": synonyms,
                "parents": parents,
                "deprecated": deprecated,
                "replaced_by": replaced,
            }
        ).set_index("name")
        return OntologyTable(frame)
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
    closure = {term: frozenset(found) for term, found in ancestors_of.items() if found}
    return OntologyTable(frame, ancestors=closure)


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
