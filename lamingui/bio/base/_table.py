"""An ontology held in memory: rows, parents, ancestors and match indexes.

A table has one row per term, indexed by the id field of its registry
(``ontology_id``; ``name`` for organisms; ``ensembl_gene_id`` for genes). The
columns are registry field names plus ``definition``, ``parents`` (list of ids),
``deprecated`` and ``replaced_by``. Deprecated rows are kept for messages but
are invisible to matching, ``to_dataframe()`` and imports (bio.md §9.4).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

import pandas as pd


def split_synonyms(values: Iterable[Any] | str | None, label: Any) -> str | None:
    """``|``-joined synonyms: split at ``|``, stripped, de-duplicated, label dropped."""
    if values is None or (isinstance(values, float) and pd.isna(values)):
        return None
    if isinstance(values, str):
        values = [values]
    out: dict[str, None] = {}
    for value in values:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            continue
        for part in str(value).split("|"):
            part = part.strip()
            if part and part != label:
                out[part] = None
    return "|".join(out) or None


def as_id_list(value: Any) -> list[str]:
    """Parents given as a list, an array or a ``|``-joined string."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split("|") if p.strip()]
    return [str(p) for p in value if p]


class OntologyTable:
    """Rows of one source version with the indexes that matching needs."""

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        ancestors: dict[str, frozenset[str]] | None = None,
        name_field: str = "name",
    ) -> None:
        if "deprecated" not in frame.columns:
            frame["deprecated"] = False
        if "replaced_by" not in frame.columns:
            frame["replaced_by"] = None
        if "parents" not in frame.columns:
            frame["parents"] = [[] for _ in range(len(frame))]
        if "synonyms" not in frame.columns:
            frame["synonyms"] = None
        # rows sorted by id (bio.md §9.4 rule 5); cached tables already are
        sort = not frame.index.is_monotonic_increasing
        self.full = frame.sort_index() if sort else frame
        self.name_field = name_field
        self._ancestors = ancestors

    @property
    def id_field(self) -> str:
        return str(self.full.index.name)

    @cached_property
    def live(self) -> pd.DataFrame:
        return self.full[~self.full["deprecated"].astype(bool)]

    @cached_property
    def live_ids(self) -> frozenset[str]:
        return frozenset(self.live.index)

    @property
    def fields(self) -> set[str]:
        hidden = {"deprecated", "replaced_by"}
        return {self.id_field} | {c for c in self.full.columns if c not in hidden}

    def to_dataframe(self, include_deprecated: bool = False) -> pd.DataFrame:
        frame = self.full if include_deprecated else self.live
        if include_deprecated:
            return frame.copy()
        return frame.drop(columns=["deprecated", "replaced_by"]).copy()

    # -- matching ------------------------------------------------------------

    def column(self, field: str) -> list[Any]:
        """Values of ``field`` for the live rows, in row order."""
        if field == self.id_field:
            return list(self.live.index)
        if field not in self.live.columns:
            raise ValueError(
                f"field '{field}' is not a column of this source; columns: "
                f"{sorted(self.fields)}"
            )
        return [None if _missing(v) else v for v in self.live[field].tolist()]

    @cached_property
    def _positions(self) -> dict[tuple[str, bool], dict[Any, list[int]]]:
        return {}

    def index(self, field: str, lower: bool = False) -> dict[Any, list[int]]:
        """value (lower-cased if ``lower``) -> live row positions, in row order."""
        key = (field, lower)
        cached = self._positions.get(key)
        if cached is None:
            cached = {}
            for pos, value in enumerate(self.column(field)):
                if value is None:
                    continue
                if lower:
                    value = str(value).lower()
                cached.setdefault(value, []).append(pos)
            self._positions[key] = cached
        return cached

    def synonym_index(self, lower: bool = True) -> dict[str, list[int]]:
        """synonym -> live row positions."""
        key = ("synonyms", lower)
        cached = self._positions.get(key)
        if cached is None:
            cached = {}
            for pos, value in enumerate(self.column("synonyms")):
                if not value:
                    continue
                for synonym in value.split("|"):
                    if synonym:
                        s = synonym.lower() if lower else synonym
                        positions = cached.setdefault(s, [])
                        if not positions or positions[-1] != pos:
                            positions.append(pos)
            self._positions[key] = cached
        return cached

    def row(self, pos: int) -> dict[str, Any]:
        """One live row as a dict of field -> value (id field included)."""
        frame = self.live
        data = {self.id_field: frame.index[pos]}
        for column, value in zip(frame.columns, frame.iloc[pos].tolist(), strict=True):
            data[column] = None if _missing(value) else value
        return data

    def deprecated_row(self, field: str, value: Any) -> dict[str, Any] | None:
        """A deprecated row with ``field == value``, for error messages."""
        dead = self.full[self.full["deprecated"].astype(bool)]
        if field == self.id_field:
            hits = dead[dead.index == value]
        elif field in dead.columns:
            hits = dead[dead[field] == value]
        else:
            return None
        if hits.empty:
            return None
        replaced = hits["replaced_by"].iloc[0]
        return {
            "id": hits.index[0],
            "replaced_by": None if _missing(replaced) else replaced,
        }

    # -- hierarchy -------------------------------------------------------------

    @cached_property
    def parents_of(self) -> dict[str, list[str]]:
        live = self.live_ids
        return {
            term: [p for p in as_id_list(parents) if p in live]
            for term, parents in zip(
                self.live.index, self.live["parents"].tolist(), strict=True
            )
        }

    def ancestors(self, term: str) -> frozenset[str]:
        """All live ancestors of ``term`` (transitive closure of ``parents``)."""
        if self._ancestors is not None:
            return self._ancestors.get(term, frozenset()) & self.live_ids
        cache = self.__dict__.setdefault("_closure", {})
        found = cache.get(term)
        if found is None:
            found = set()
            stack = list(self.parents_of.get(term, ()))
            while stack:
                parent = stack.pop()
                if parent in found:
                    continue
                found.add(parent)
                stack.extend(self.parents_of.get(parent, ()))
            found = frozenset(found)
            cache[term] = found
        return found

    def closure(self, terms: Iterable[str]) -> set[str]:
        """``terms`` (live ones) and all their ancestors."""
        live = self.live_ids
        out: set[str] = set()
        for term in terms:
            if term in live:
                out.add(term)
                out |= self.ancestors(term)
        return out

    def __len__(self) -> int:
        return len(self.live)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    return False


def derive_parents(
    term_ancestors: dict[str, int], ancestors_of: dict[str, dict[str, int]]
) -> list[str]:
    """Distance-1 ancestors plus minimal ancestors not reachable through them.

    The closure of the result equals ``term_ancestors`` (bio.md §9.4 rule 3):
    ontologies filtered to one prefix may skip intermediate classes.
    """
    direct = [a for a, distance in term_ancestors.items() if distance == 1]
    reachable = set(direct)
    for parent in direct:
        reachable |= ancestors_of.get(parent, {}).keys()
    rest = [a for a in term_ancestors if a not in reachable]
    minimal = [
        a for a in rest if not any(a in ancestors_of.get(b, {}) for b in rest if b != a)
    ]
    return sorted(direct + minimal)
