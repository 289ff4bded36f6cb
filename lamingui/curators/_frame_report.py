"""What ``validate_frame`` and ``import_frame`` return (gui.md §7.1).

Plain dataclasses that survive a round trip through JSON (``to_dict`` /
``from_dict``), so a report can be kept in ``ImportSession.report`` and shown
again without re-validating.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

import pandas as pd

#: a value choice: map to an existing record, create a new one, leave the cell empty
MAP_PREFIX = "map:"
CREATE = "new"
EMPTY = "empty"
#: a value choice of bio registries: create the term ``source:<name>`` from the
#: registry's public ontology (with its ancestors)
SOURCE_PREFIX = "source:"
#: the "every other value" choice: each value's public-ontology term, where found
FROM_SOURCE = "source"
#: key of a column's value map that applies to every value without its own choice
ANY_VALUE = "*"


@dataclass
class ValueReport:
    """A distinct non-validated value of a categorical column."""

    value: str
    count: int
    synonym: str | None = None
    """Name of the record this value is a synonym of (pre-selected)."""
    suggestions: list[list[Any]] = field(default_factory=list)
    """Up to 3 ``[name, score]`` fuzzy matches (WRatio ≥ 80), not pre-selected."""
    source_term: str | None = None
    """Name of the public-ontology term the value is (or is a synonym of), for
    registries with a public source (``bionty.CellType``); offered, not pre-selected."""
    source_id: str | None = None
    """Ontology id of ``source_term``."""
    choice: str | None = None
    """Effective choice: ``map:<name>``, ``new``, ``source:<term>``, ``empty``;
    ``None``: unresolved."""


@dataclass
class ColumnReport:
    """One column of the table: its feature, and how its values validate."""

    index: int
    column: str
    kind: str = "ignored"
    """``name`` (record names), ``cat``, ``scalar`` or ``ignored``."""
    feature: str | None = None
    dtype: str | None = None
    match: str = "none"
    """How the feature was chosen: exact, synonym, suggested, chosen, name, none."""
    score: float | None = None
    n_values: int = 0
    """Non-empty cells."""
    n_empty: int = 0
    n_validated: int = 0
    """Non-empty cells whose value validates as it is."""
    n_unique: int = 0
    n_unique_validated: int = 0
    all_empty: bool = False
    nullable: bool = True
    can_create: bool = False
    registry: str | None = None
    """Registry (``ULabel``, ``Record[Cell type]``) a categorical column draws on."""
    validated_values: list[list[Any]] = field(default_factory=list)
    """``[value, count]`` of validated distinct values, most frequent first (≤ 1000)."""
    nonvalidated: list[ValueReport] = field(default_factory=list)
    """Every non-validated distinct value, most frequent first (``to_dict(limit=)``
    keeps the first ``limit``)."""
    n_nonvalidated: int = 0
    """Distinct non-validated values (also when ``nonvalidated`` is cut)."""
    n_choices: int = 0
    """Records a non-validated value may be mapped to (every scope of the dtype)."""
    candidates: list[str] = field(default_factory=list)
    """Names of those records when there are at most 50 (else empty: filter them)."""
    invalid: list[list[Any]] = field(default_factory=list)
    """Scalar columns: up to 20 ``[row number, value]`` that fail the dtype."""
    n_invalid: int = 0
    any_choice: str | None = None
    """Choice applied to non-validated values without their own choice."""
    problems: list[str] = field(default_factory=list)
    """Blocking errors of this column."""
    pending: bool = False
    """Not validated yet (``plan_columns``; ``check_column`` fills it in)."""
    n_rows_blocked: int = 0
    """Rows this column blocks (bad values, unresolved values, a broken dtype)."""
    blocked_rows: list[int] | None = field(default_factory=list)
    """The 0-based numbers of those rows when there are few (``None``: too many)."""
    to_create: dict[str, list[str]] = field(default_factory=dict)
    """``{registry: [names]}`` this column's choices create."""
    synonyms: list[list[str]] = field(default_factory=list)
    """``[registry, name, synonym]`` this column's accepted mappings would add."""

    @property
    def frac_validated(self) -> float:
        return self.n_validated / self.n_values if self.n_values else 1.0

    n_to_create: dict[str, int] = field(default_factory=dict, repr=False)
    """Exact counts of ``to_create`` (its lists may be cut in a stored report)."""

    @property
    def n_unresolved(self) -> int:
        return sum(1 for v in self.nonvalidated if v.choice is None)


@dataclass
class FrameReport:
    """Validation of a table against a schema: per column, plus what blocks an import.

    Examples:
        >>> report = validate_frame(df, schema)
        >>> report.n_blocking, report.frac_validated
        (1, 0.97)
        >>> report.to_dataframe().query("not __validated__")
    """

    n_rows: int
    columns: list[ColumnReport] = field(default_factory=list)
    schema: str | None = None
    """uid of the schema."""
    record_type: str | None = None
    """uid of the record type; ``None``: validate only."""
    name_column: str | None = None
    missing_required: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Blocking errors that concern the whole table."""
    n_rows_blocked: int = 0
    to_create: dict[str, list[str]] = field(default_factory=dict)
    """``{registry: [names]}`` of categorical records an import creates."""
    synonyms: list[list[str]] = field(default_factory=list)
    """``[registry, name, synonym]`` an import remembers when asked to."""
    rows_blocked_exact: bool = True
    """``False``: ``n_rows_blocked`` is a lower bound (combined from columns that
    each block too many rows to list them)."""

    @property
    def pending_columns(self) -> list[ColumnReport]:
        """Columns not validated yet."""
        return [c for c in self.columns if c.pending]

    @property
    def n_to_check(self) -> int:
        """Columns that need validating (mapped ones and the name column)."""
        return sum(
            1 for c in self.columns if c.pending or c.kind in {"cat", "scalar", "name"}
        )

    @property
    def n_checked(self) -> int:
        return self.n_to_check - len(self.pending_columns)

    @property
    def complete(self) -> bool:
        """Every column is validated."""
        return not self.pending_columns

    def summarise(self) -> FrameReport:
        """Derive the table's totals from its column reports (in place).

        Blocked rows are the union of the columns' (a lower bound when a column
        blocks too many rows to list them: ``rows_blocked_exact`` is then
        ``False``); names to create and synonyms are the columns' combined.
        """
        done = [c for c in self.columns if not c.pending]
        if self.missing_required:
            self.n_rows_blocked, self.rows_blocked_exact = self.n_rows, True
        elif all(c.blocked_rows is not None for c in done):
            rows: set[int] = set()
            for c in done:
                rows.update(c.blocked_rows or [])
            self.n_rows_blocked, self.rows_blocked_exact = len(rows), True
        else:
            self.n_rows_blocked = max(c.n_rows_blocked for c in done)
            self.rows_blocked_exact = False
        to_create: dict[str, dict[str, None]] = {}
        counts: dict[str, int] = {}
        for c in done:
            for label, names in c.to_create.items():
                to_create.setdefault(label, {}).update(dict.fromkeys(names))
                counts[label] = counts.get(label, 0) + c.n_to_create.get(
                    label, len(names)
                )
        self.to_create = {k: list(v) for k, v in to_create.items()}
        self._n_to_create = counts
        self.synonyms = [s for c in done for s in c.synonyms]
        return self

    @property
    def mapped_columns(self) -> list[ColumnReport]:
        return [c for c in self.columns if c.kind in {"cat", "scalar"}]

    @property
    def blocking(self) -> list[str]:
        """Every blocking error: the table's, then each column's."""
        out = list(self.errors) + list(self.missing_required)
        for column in self.columns:
            out += column.problems
        return out

    @property
    def n_blocking(self) -> int:
        return len(self.blocking)

    @property
    def n_values(self) -> int:
        return sum(c.n_values for c in self.mapped_columns)

    @property
    def n_validated(self) -> int:
        return sum(c.n_validated for c in self.mapped_columns)

    @property
    def frac_validated(self) -> float:
        return self.n_validated / self.n_values if self.n_values else 1.0

    @property
    def n_rows_ready(self) -> int:
        return self.n_rows - self.n_rows_blocked

    def column(self, name: str) -> ColumnReport:
        for column in self.columns:
            if column.column == name:
                return column
        raise KeyError(f"No column {name!r} in the report")

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        """A JSON-serialisable dict (``FrameReport.from_dict`` reads it back).

        With ``limit``, every list that grows with the table (validated and
        non-validated values, names to create, synonyms) keeps its first
        ``limit`` items, so the dict stays small for any number of rows; the
        counts (``n_nonvalidated``, ``n_to_create``) stay exact.
        """
        data = asdict(self)
        counts = getattr(self, "_n_to_create", None) or {}
        data["n_to_create"] = {
            k: max(len(v), counts.get(k, 0)) for k, v in self.to_create.items()
        }
        for column, col in zip(data["columns"], self.columns, strict=True):
            column["n_to_create"] = {
                k: max(len(v), col.n_to_create.get(k, 0))
                for k, v in col.to_create.items()
            }
        if limit is None:
            return data
        for column in data["columns"]:
            for key in ("validated_values", "nonvalidated", "invalid", "candidates"):
                column[key] = column[key][:limit]
            column["to_create"] = {k: v[:limit] for k, v in column["to_create"].items()}
            column["synonyms"] = column["synonyms"][:limit]
        data["to_create"] = {k: v[:limit] for k, v in data["to_create"].items()}
        data["synonyms"] = data["synonyms"][:limit]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FrameReport:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["columns"] = [_column_from_dict(c) for c in data.get("columns", [])]
        return cls(**kwargs)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per distinct value checked, with a boolean ``__validated__``.

        Categorical columns list their distinct values (validated ones up to
        1000, every non-validated one) with counts and the chosen mapping;
        scalar columns list the values that fail their dtype (up to 20, with
        the row number). Values that need no attention beyond that are left out.
        """
        rows = []
        for c in self.mapped_columns:
            base = {"column": c.column, "feature": c.feature, "dtype": c.dtype}
            for value, count in c.validated_values:
                rows.append(
                    {**base, "value": value, "count": count, "row": None}
                    | {"__validated__": True, "mapped_to": value}
                )
            for v in c.nonvalidated:
                rows.append(
                    {**base, "value": v.value, "count": v.count, "row": None}
                    | {"__validated__": False, "mapped_to": v.choice}
                )
            for row, value in c.invalid:
                rows.append(
                    {**base, "value": value, "count": 1, "row": row}
                    | {"__validated__": False, "mapped_to": None}
                )
        columns = [
            "column",
            "feature",
            "dtype",
            "value",
            "count",
            "row",
            "__validated__",
            "mapped_to",
        ]
        df = pd.DataFrame(rows, columns=columns)
        df["__validated__"] = df["__validated__"].astype(bool)
        return df


@dataclass
class ImportResult:
    """What ``import_frame`` did (or, in a dry run, would do)."""

    dry_run: bool
    report: FrameReport
    n_records: int = 0
    """Records created (dry run: to create)."""
    record_ids: list[int] = field(default_factory=list)
    created: dict[str, list[str]] = field(default_factory=dict)
    """``{registry: [names]}`` of categorical records created (dry run: to create)."""
    synonyms_added: list[list[str]] = field(default_factory=list)
    n_values: int = 0
    """Feature values written (dry run: to write)."""

    @property
    def n_rows_blocked(self) -> int:
        return self.report.n_rows_blocked

    @property
    def n_created(self) -> int:
        return sum(len(v) for v in self.created.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable; ``record_ids`` is cut to the first 1000."""
        data = asdict(self)
        data["record_ids"] = data["record_ids"][:1000]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["report"] = FrameReport.from_dict(data["report"])
        return cls(**kwargs)


def _column_from_dict(data: dict[str, Any]) -> ColumnReport:
    known = {f.name for f in fields(ColumnReport)}
    kwargs = {k: v for k, v in data.items() if k in known}
    kwargs["nonvalidated"] = [ValueReport(**v) for v in data.get("nonvalidated", [])]
    return ColumnReport(**kwargs)
