"""``PublicOntology`` and ``StaticReference``: read-only source tables (bio.md §7.7).

Neither needs a database. ``PublicOntology`` reads an offline source (a package
file or a built-in table); ``StaticReference`` wraps a table the user registered.
"""

from __future__ import annotations

import logging
import re
from collections import namedtuple
from operator import attrgetter
from typing import Any

import numpy as np
import pandas as pd

from ...models._lookup import to_attribute_name
from ...models.mixins.curate import InspectResult
from ._catalog import INSTALL_HINT, package_available
from ._sources import SourceSpec, all_sources, find_sources
from ._table import OntologyTable

logger = logging.getLogger("lamingui")


def as_list(values: Any) -> list[Any]:
    if isinstance(values, str):
        return [values]
    if hasattr(values, "tolist"):
        return list(values.tolist())
    return list(values)


class PublicOntologyField:
    """A column of a public table; ``str()`` is the column name."""

    def __init__(self, parent: _PublicBase, name: str) -> None:
        self.parent, self.name = parent, name

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"PublicOntologyField({self.name!r})"


class _PublicBase:
    """Shared API of ``PublicOntology`` and ``StaticReference``."""

    _entity: str
    _source: str
    _version: str
    _organism: str
    _table: OntologyTable
    _kind = "PublicOntology"

    entity = property(attrgetter("_entity"), doc="The registry, e.g. ``CellType``.")
    source = property(attrgetter("_source"), doc="The source name, e.g. ``cl``.")
    version = property(attrgetter("_version"), doc="The source version.")
    organism = property(attrgetter("_organism"), doc="The organism (or ``all``).")
    fields = property(attrgetter("_table.fields"), doc="The columns of the table.")
    table = property(attrgetter("_table"), doc="The ``OntologyTable``.")

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_") and name in self._table.fields:
            return PublicOntologyField(self, name)
        raise AttributeError(
            f"'{type(self).__name__}' object has no attribute {name!r}"
        )

    def _field(self, field: Any) -> str:
        if field is None:
            return self._table.name_field
        name = str(field) if isinstance(field, PublicOntologyField) else field
        if not isinstance(name, str):
            name = getattr(getattr(field, "field", None), "name", None) or str(field)
        if name not in self._table.fields:
            raise ValueError(
                f"'{name}' is not a field of {self}: use one of {sorted(self.fields)}"
            )
        return name

    # -- API -------------------------------------------------------------------

    def to_dataframe(self, include_deprecated: bool = False) -> pd.DataFrame:
        """All live terms (and deprecated ones if asked), sorted by id."""
        return self._table.to_dataframe(include_deprecated=include_deprecated)

    def df(self) -> pd.DataFrame:
        """Deprecated alias of :meth:`to_dataframe`."""
        return self.to_dataframe()

    def validate(self, values: Any, field: Any = None, *, mute: bool = False) -> Any:
        """Exact, case-sensitive membership of ``values`` in ``field``."""
        name = self._field(field)
        index = self._table.index(name)
        items = as_list(values)
        result = np.array([v in index for v in items], dtype=bool)
        if not mute:
            n_bad = int((~result).sum())
            if n_bad:
                logger.warning("%d values are not validated", n_bad)
        return result

    def inspect(
        self,
        values: Any,
        field: Any = None,
        *,
        standardize: bool = True,
        mute: bool = False,
    ) -> InspectResult:
        """Validated and non-validated values; synonyms if ``standardize``."""
        name = self._field(field)
        items = as_list(values)
        n_empty = sum(1 for v in items if v is None or v == "")
        unique = list(dict.fromkeys(v for v in items if v is not None and v != ""))
        index = self._table.index(name)
        validated = [v for v in unique if v in index]
        non_validated = [v for v in unique if v not in index]
        mapper = (
            self.standardize(non_validated, name, return_mapper=True, mute=True)
            if standardize and non_validated
            else {}
        )
        frac = len(validated) / len(unique) if unique else 1.0
        if not mute and non_validated:
            logger.warning(
                "%d unique terms (%.1f%%) are not validated for %s: %s",
                len(non_validated),
                100 * (1 - frac),
                name,
                ", ".join(map(repr, non_validated[:20])),
            )
        return make_inspect_result(items, validated, non_validated, n_empty, mapper)

    def standardize(
        self,
        values: Any,
        field: Any = None,
        *,
        return_field: Any = None,
        return_mapper: bool = False,
        case_sensitive: bool = False,
        mute: bool = False,
        keep: str | bool = "first",
        synonyms_field: str | None = "synonyms",
    ) -> Any:
        """Map values and synonyms to ``return_field`` (default: ``field``)."""
        name = self._field(field)
        target = self._field(return_field) if return_field is not None else name
        mapper = standardize_mapper(
            self._table,
            as_list(values),
            name,
            target,
            case_sensitive=case_sensitive,
            keep=keep,
            use_synonyms=bool(synonyms_field) and name == self._table.name_field,
        )
        if return_mapper:
            return mapper
        if isinstance(values, str):
            return mapper.get(values, values)
        return [mapper.get(v, v) if _hashable(v) else v for v in as_list(values)]

    def lookup(self, field: Any = None) -> Any:
        """Auto-complete namedtuple: sanitised values -> row namedtuples."""
        name = self._field(field)
        table = self._table
        columns = [
            table.id_field,
            *[c for c in table.live.columns if c not in {"deprecated", "replaced_by"}],
        ]
        row_type = namedtuple(self._entity.split(".")[-1], columns, rename=True)
        rows: dict[str, Any] = {}
        mapping: dict[str, Any] = {}
        values = table.column(name)
        frame = table.live
        kept = list(columns[1:])
        records = frame[kept].itertuples(index=True, name=None)
        for value, raw in zip(values, records, strict=True):
            if not isinstance(value, str) or not value:
                continue
            row = row_type(*[None if _nan(x) else x for x in raw])
            mapping.setdefault(value, row)
            key = _lookup_key(value)
            if key and key not in rows:
                rows[key] = row
        keys = list(rows)
        lookup_type = namedtuple(self._entity.split(".")[-1], [*keys, "dict"])
        return lookup_type(*[rows[k] for k in keys], lambda: dict(mapping))

    def search(
        self,
        string: str,
        *,
        field: Any = None,
        limit: int | None = None,
        case_sensitive: bool = False,
    ) -> pd.DataFrame:
        """Rows containing ``string``, best first (scores of bio.md §7.7)."""
        frame = self._table.to_dataframe()
        if field is None:
            columns = [
                c
                for c in frame.columns
                if c != "parents" and frame[c].map(lambda x: isinstance(x, str)).any()
            ]
            with_index = True
        else:
            name = self._field(field)
            columns = [] if name == self._table.id_field else [name]
            with_index = name == self._table.id_field
        query = string if case_sensitive else string.lower()
        scores = np.zeros(len(frame), dtype=np.int64)
        sources = [frame.index.tolist()] if with_index else []
        sources += [frame[c].tolist() for c in columns]
        synonym_columns = {
            len(sources) - len(columns) + i
            for i, c in enumerate(columns)
            if c == "synonyms"
        }
        for pos, values in enumerate(sources):
            is_synonyms = pos in synonym_columns
            for i, value in enumerate(values):
                if isinstance(value, str) and value:
                    scores[i] += _score(
                        value if case_sensitive else value.lower(), query, is_synonyms
                    )
        hits = np.flatnonzero(scores > 0)
        order = hits[np.argsort(-scores[hits], kind="stable")]
        if limit is not None:
            order = order[:limit]
        return frame.iloc[order]

    def __repr__(self) -> str:
        return (
            f"{self._kind}\nEntity: {self._entity.split('.')[-1]}\n"
            f"Organism: {self._organism}\nSource: {self._source}, {self._version}\n"
            f"#terms: {len(self._table)}\n\n"
        )


_WORD = re.compile(r"[^\w]+")


def _score(value: str, query: str, is_synonyms: bool) -> int:
    if query not in value:
        return 0
    score = 0
    if value == query:
        score += 200
    if is_synonyms:
        parts = value.split("|")
        if query in parts:
            score += 200
        if any(p.startswith(query) for p in parts):
            score += 8
    words = [w for w in _WORD.split(value) if w]
    if query in words:
        score += 10
    if any(w.startswith(query) for w in words):
        score += 2
    if any(w.endswith(query) for w in words):
        score += 2
    return score + 1


def make_inspect_result(
    items: list[Any],
    validated: list[Any],
    non_validated: list[Any],
    n_empty: int,
    mapper: dict[str, Any],
) -> InspectResult:
    """The core ``InspectResult`` (``frac_validated`` in percent)."""
    valid = set(validated)
    mask = [_hashable(v) and v in valid for v in items]
    frame = pd.DataFrame({"__validated__": mask}, index=pd.Index(items, dtype=object))
    n_unique = len(validated) + len(non_validated)
    frac = 100 * len(validated) / n_unique if n_unique else 100.0
    result = InspectResult(frame, validated, non_validated, frac, n_empty, n_unique)
    result._synonyms_mapper = dict(mapper)
    return result


def _nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _lookup_key(value: str) -> str:
    key = to_attribute_name(value)
    if key.startswith("ln_"):
        key = "bt_" + key[3:]
    return key


def standardize_mapper(
    table: OntologyTable,
    values: list[Any],
    field: str,
    target: str,
    *,
    case_sensitive: bool = False,
    keep: str | bool = "first",
    use_synonyms: bool = True,
) -> dict[Any, Any]:
    """value -> standard ``target`` value, for values that change."""
    exact = table.index(field, lower=not case_sensitive)
    synonyms = table.synonym_index(lower=not case_sensitive) if use_synonyms else {}
    targets = table.column(target)
    mapper: dict[Any, Any] = {}
    for value in values:
        if not isinstance(value, str) or value in mapper:
            continue
        key = value if case_sensitive else value.lower()
        positions = exact.get(key) or synonyms.get(key)
        if not positions:
            continue
        results = list(dict.fromkeys(targets[p] for p in positions))
        if keep is False:
            hit: Any = results if len(results) > 1 else results[0]
        else:
            hit = results[-1] if keep == "last" else results[0]
        if hit != value:
            mapper[value] = hit
    return mapper


class PublicOntology(_PublicBase):
    """An offline source version: ``PublicOntology("cl", entity="bionty.CellType")``.

    Examples:
        >>> import lamingui.bio as bt
        >>> bt.base.CellType().standardize(["T-cell"])
        ['T cell']
    """

    def __init__(
        self,
        source: str | None = None,
        version: str | None = None,
        organism: str | None = None,
        *,
        entity: str,
    ) -> None:
        specs = find_sources(entity, source, version, organism)
        if not specs:
            conditions = {
                k: v
                for k, v in {
                    "entity": entity,
                    "name": source,
                    "version": version,
                    "organism": organism,
                }.items()
                if v is not None
            }
            hint = (
                ""
                if package_available()
                else f"\nInstall the ontologies: {INSTALL_HINT}"
            )
            raise ValueError(
                f"No source is available with {conditions}\nCheck `.display_sources()`"
                + hint
            )
        self._spec: SourceSpec = specs[0]
        self._entity = entity
        self._source = self._spec.name
        self._version = self._spec.version
        self._organism = self._spec.organism
        self._table = self._spec.load()


class StaticReference(_PublicBase):
    """A table the user registered as a source (``Registry.add_source(df=...)``)."""

    _kind = "StaticReference"

    def __init__(
        self,
        table: OntologyTable,
        *,
        entity: str,
        source: str,
        version: str,
        organism: str,
    ) -> None:
        self._table = table
        self._entity = entity
        self._source = source
        self._version = version
        self._organism = organism


def display_sources() -> pd.DataFrame:
    """Every offline source lamingui can read, indexed by entity."""
    rows = [
        {
            "entity": s.entity,
            "name": s.name,
            "organism": s.organism,
            "version": s.version,
            "url": s.url,
            "description": s.description,
            "source_website": s.source_website,
            "available": True,
            "currently_used": s.currently_used,
        }
        for s in all_sources()
    ]
    return pd.DataFrame(rows).set_index("entity")
