"""Validate a table against a schema and import it as records (gui.md §7.1).

The one curation service shared by the GUI's import pages and the Python API:

- ``validate_frame(df, schema, record_type=None, mapping=None)`` writes nothing
  and returns a :class:`FrameReport`;
- ``import_frame(df, schema, record_type, mapping, user=..., space=...)`` runs a
  dry run by default; with ``dry_run=False`` it creates the new categorical
  records, the records (one per row) and their feature values inside one
  transaction: all or nothing.

A ``mapping`` is a JSON-able dict, every key optional::

    {
        "columns": {"celltype": "cell_type", "notes": None},  # None: ignore
        "values": {"cell_type": {"Tcel": "map:T cell", "B-cel": "new",
                                 "?": "empty", "*": "new"}},  # "*": all others
        "index_column": "sample",  # its values become Record.name
    }

A feature typed by a bio registry (``cat[bionty.CellType]``) validates against
that registry; values its public ontology knows (by name or synonym) can be
created from it with their ancestors: ``"liver cell": "source:hepatocyte"``,
or ``"*": "source"`` for every value the ontology has.

Columns map to schema features automatically (exact name, feature synonym,
rapidfuzz ≥ 85 "suggested"); a categorical value validates when it is the
exact name of a visible record in the dtype's registry and type subtree;
synonyms are pre-selected, fuzzy matches only suggested. ``spaces`` (the ids
of the spaces the caller may read) limits every lookup (validation, synonyms,
suggestions, candidates, mapping choices, ontology terms) to records in those
spaces; the GUI passes the logged-in user's readable spaces, the Python API
omits it and sees every space (it acts as the instance owner). Every cell is a
string (``read_table`` reads files that way); scalar cells are parsed with
pandas. The query count is constant per column, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.db import DEFAULT_DB_ALIAS, transaction

from .. import context
from ..errors import ValidationError
from ..models import Record, Schema
from ..models._dtypes import parse_feature_dtype
from ..models._feature_validation import ValuePlanner, _missing_required
from ._frame_columns import NAME_COLUMN, ColumnChoice, feature_synonyms, map_columns
from ._frame_report import ColumnReport, FrameReport, ImportResult
from ._frame_values import check_categorical, check_scalar, scopes_for
from ._frame_write import (
    create_labels,
    create_records,
    value_synonym_targets,
    write_values,
)
from ._frame_write import remember_synonyms as _remember_synonyms

NO_FEATURES_MESSAGE = "This schema has no features to validate against."
#: blocked row numbers a column report keeps (to combine columns exactly)
N_BLOCKED_ROWS = 200


@dataclass
class Analysis:
    """A report plus what a real import needs to write it (not serialised)."""

    report: FrameReport
    choices: dict[str, ColumnChoice]
    names: pd.Series | None = None
    categorical: list[tuple[ColumnReport, Any, Any, pd.Series]] = field(
        default_factory=list
    )
    scalar: list[tuple[ColumnReport, Any, pd.Series]] = field(default_factory=list)
    _synonyms: list[tuple[str, str, str, Any]] | None = None
    spaces: frozenset[int] | None = None
    """Readable spaces the analysis was limited to; ``None``: every space."""

    def synonym_targets(self) -> list[tuple[str, str, str, Any]]:
        """``(registry, name, synonym, record)`` to remember; new synonyms only."""
        if self._synonyms is not None:
            return self._synonyms
        out = []
        for column, choice in self.choices.items():
            feature = choice.feature
            if (
                feature is not None
                and choice.match in {"suggested", "chosen"}
                and column != feature.name
                and column not in feature_synonyms(feature)
            ):
                out.append(("Feature", feature.name, column, feature))
        wanted = value_synonym_targets(self)
        by_model: dict[Any, set[int]] = {}
        for *_, model, pk in wanted:
            by_model.setdefault(model, set()).add(pk)
        loaded = {
            (model, r.pk): r
            for model, pks in by_model.items()
            for r in model.objects.filter(pk__in=pks)
        }
        for registry, name, synonym, model, pk in wanted:
            record = loaded[(model, pk)]
            if synonym not in (record.synonyms or "").split("|"):
                out.append((registry, name, synonym, record))
        self._synonyms = out
        return out


def validate_frame(
    df: pd.DataFrame,
    schema: Schema,
    record_type: Record | None = None,
    mapping: dict[str, Any] | None = None,
    *,
    creatable: set[str] | None = None,
    spaces: Iterable[int] | None = None,
) -> FrameReport:
    """Check every column of ``df`` against ``schema``; writes nothing.

    Args:
        df: The table; cells are strings (empty string: no value).
        schema: A schema with feature members.
        record_type: Record type (``is_type=True``) the rows would become;
            ``None`` validates only.
        mapping: Column and value choices (see the module docstring).
        creatable: Registries (``"ULabel"``, …) the caller may create records
            in; ``None``: all. Others do not offer "create new".
        spaces: Ids of the spaces whose records values may match, be
            suggested or be mapped to; ``None`` (the default): every space.

    Raises:
        ValidationError: The schema has no features, the record type is not a
            type or belongs to another schema, the mapping names unknown features.
    """
    return analyse(
        df, schema, record_type, mapping, creatable=creatable, spaces=spaces
    ).report


def import_frame(
    df: pd.DataFrame,
    schema: Schema,
    record_type: Record | None,
    mapping: dict[str, Any] | None,
    *,
    user: Any,
    space: Any,
    dry_run: bool = True,
    remember_synonyms: bool = False,
    creatable: set[str] | None = None,
    spaces: Iterable[int] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> ImportResult:
    """Import ``df`` as records of ``record_type`` with their feature values.

    A dry run (the default) reports what would be written and writes nothing.
    A real run refuses a table with blocking errors (``ValidationError`` listing
    them); otherwise, in one transaction, it creates the "create new" records in
    ``space``, remembers accepted mappings as synonyms when
    ``remember_synonyms`` (features, and registries with a ``synonyms`` field),
    creates one record per row as ``user`` and writes the feature values. Any
    error rolls everything back; ``ImportFailed`` names the row and column.
    ``spaces`` limits the records values may link to (see :func:`validate_frame`);
    a value naming a record outside them is not validated and cannot be mapped.
    """
    if record_type is None and not dry_run:
        raise ValidationError("Choose a record type to import into.")
    analysis = analyse(
        df, schema, record_type, mapping, creatable=creatable, spaces=spaces
    )
    report = analysis.report
    result = ImportResult(dry_run=dry_run, report=report)
    if dry_run:
        result.n_records = report.n_rows_ready if not report.n_blocking else 0
        result.created = {k: list(v) for k, v in report.to_create.items()}
        result.synonyms_added = [list(s) for s in report.synonyms]
        result.n_values = _count_values(analysis)
        return result
    if report.n_blocking:
        raise ValidationError(
            f"The table has {report.n_blocking} blocking error(s):\n  "
            + "\n  ".join(report.blocking[:20])
        )
    with context.acting_as(user_id=user.pk), transaction.atomic(using=using):
        result.created = create_labels(analysis, space, using)
        if remember_synonyms:
            result.synonyms_added = _remember_synonyms(analysis)
        result.record_ids = create_records(analysis, record_type, space, using)
        result.n_records = len(result.record_ids)
        result.n_values = write_values(analysis, result.record_ids, using)
    return result


def _plan(
    columns: list[str],
    schema: Schema,
    record_type: Record | None,
    mapping: dict[str, Any] | None,
) -> tuple[FrameReport, dict[str, ColumnChoice]]:
    """A report with one entry per column (its feature choice, nothing validated)
    and the choices; checks the schema, record type and mapping."""
    mapping = dict(mapping or {})
    _check_record_type(schema, record_type)
    members = list(schema.members) if schema.itype in (None, "Feature") else []
    if not members:
        raise ValidationError(NO_FEATURES_MESSAGE)
    columns = [str(c) for c in columns]
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise ValidationError(f"Duplicate column names: {duplicated}")
    name_column = mapping.get("index_column") or None
    if name_column is None and NAME_COLUMN in columns:
        name_column = NAME_COLUMN
    if name_column is not None and name_column not in columns:
        raise ValidationError(f"The index column {name_column!r} is not in the table.")
    overrides = dict(mapping.get("columns") or {})
    unknown = sorted(set(overrides) - set(columns))
    if unknown:
        raise ValidationError(f"The mapping names columns not in the table: {unknown}")
    choices = map_columns(columns, members, overrides, name_column)
    report = FrameReport(
        n_rows=0,
        schema=schema.uid,
        record_type=record_type.uid if record_type is not None else None,
        name_column=name_column,
    )
    for index, (column, choice) in enumerate(choices.items()):
        col = ColumnReport(index=index, column=column, match=choice.match)
        col.score = choice.score
        if choice.match == "name":
            col.kind = "name"
        elif choice.feature is not None:
            feature = choice.feature
            col.feature, col.dtype = feature.name, feature._dtype_str
            col.nullable = feature.nullable is not False
        report.columns.append(col)
    mapped = [(c.feature, None) for c in choices.values() if c.feature is not None]
    report.missing_required = [
        f"Required feature '{m.split(chr(39))[1]}' has no column in the table"
        for m in _missing_required(mapped, schema, members)
    ]
    return report, choices


def plan_columns(
    columns: list[str],
    schema: Schema,
    record_type: Record | None = None,
    mapping: dict[str, Any] | None = None,
    *,
    n_rows: int = 0,
) -> FrameReport:
    """The report of a table before its values are read: every column with its
    feature choice; mapped columns and the name column are ``pending`` (to be
    filled in one at a time by :func:`check_column`). Cheap: no value is read.
    """
    report, _ = _plan(columns, schema, record_type, mapping)
    report.n_rows = n_rows
    for col in report.columns:
        col.pending = col.kind == "name" or col.feature is not None
    return report.summarise()


def check_column(
    df: pd.DataFrame,
    schema: Schema,
    record_type: Record | None,
    mapping: dict[str, Any] | None,
    index: int,
    *,
    creatable: set[str] | None = None,
    spaces: Iterable[int] | None = None,
) -> ColumnReport:
    """Validate the one column ``index`` of ``df`` (the others are not read).

    Same rules and arguments as :func:`validate_frame`; the column's report also
    carries what the table's summary needs (blocked rows, names to create,
    synonyms), so that ``FrameReport.summarise`` can combine the columns.
    """
    report, choices = _plan(list(df.columns), schema, record_type, mapping)
    if not 0 <= index < len(report.columns):
        raise ValidationError(f"The table has no column {index}.")
    col = report.columns[index]
    choice = choices[col.column]
    series = df.iloc[:, index].reset_index(drop=True).fillna("").astype(str)
    readable = None if spaces is None else frozenset(int(s) for s in spaces)
    sub = FrameReport(n_rows=len(df), columns=[col])
    analysis = Analysis(sub, {col.column: choice}, spaces=readable)
    values = (dict(mapping or {}).get("values") or {}).get(col.feature or "") or {}
    bad = _check_one(
        analysis, col, choice, series, ValuePlanner(Record()), values, creatable
    )
    _column_summary(analysis, col, bad)
    return col


def _check_one(
    analysis: Analysis,
    col: ColumnReport,
    choice: ColumnChoice,
    series: pd.Series,
    planner: ValuePlanner,
    values: dict[str, str],
    creatable: set[str] | None,
) -> np.ndarray:
    """Validate one column into ``col`` and ``analysis``; its blocked rows."""
    col.pending = False
    if choice.match == "name":
        col.kind = "name"
        col.n_values = int((series.str.strip() != "").sum())
        col.n_empty = len(series) - col.n_values
        col.all_empty = col.n_values == 0
        analysis.names = series.str.strip()
        return np.zeros(len(series), dtype=bool)
    feature = choice.feature
    if feature is None:
        return np.zeros(len(series), dtype=bool)
    col.feature, col.dtype = feature.name, feature._dtype_str
    col.nullable = feature.nullable is not False
    try:
        dtype = parse_feature_dtype(feature)
        if dtype.is_list:
            raise LookupError("list dtypes can't be imported from a table yet")
        if dtype.is_cat:
            col.kind = "cat"
            scopes = scopes_for(dtype, planner, analysis.spaces)
            plan, bad = check_categorical(
                series, col, scopes, planner, dict(values), creatable
            )
            analysis.categorical.append((col, feature, plan, series))
        else:
            col.kind = "scalar"
            stored, bad = check_scalar(series, col, dtype)
            analysis.scalar.append((col, feature, stored))
    except (LookupError, ValidationError) as error:
        col.problems.append(f"Column '{col.column}': {error}")
        bad = np.ones(len(series), dtype=bool)
    return bad


def _column_summary(analysis: Analysis, col: ColumnReport, bad: np.ndarray) -> None:
    """What ``FrameReport.summarise`` needs of one validated column."""
    col.n_rows_blocked = int(bad.sum())
    col.blocked_rows = (
        np.flatnonzero(bad).tolist() if col.n_rows_blocked <= N_BLOCKED_ROWS else None
    )
    to_create: dict[str, dict[str, None]] = {}
    for _col, _, plan, _ in analysis.categorical:
        for value, scope in plan.new.items():
            to_create.setdefault(scope.label, {})[value] = None
        for scope, term in plan.from_source.values():
            to_create.setdefault(scope.label, {})[term] = None
    col.to_create = {label: list(names) for label, names in to_create.items()}
    col.synonyms = [list(t[:3]) for t in analysis.synonym_targets()]


def analyse(
    df: pd.DataFrame,
    schema: Schema,
    record_type: Record | None,
    mapping: dict[str, Any] | None,
    *,
    creatable: set[str] | None = None,
    spaces: Iterable[int] | None = None,
) -> Analysis:
    """The report and the write plan; bounded queries per column."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    mapping = dict(mapping or {})
    report, choices = _plan(list(df.columns), schema, record_type, mapping)
    frame = df.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    frame = frame.fillna("").astype(str)
    report.n_rows = len(frame)
    readable = None if spaces is None else frozenset(int(s) for s in spaces)
    analysis = Analysis(report, choices, spaces=readable)
    planner = ValuePlanner(Record())
    blocked = np.zeros(len(frame), dtype=bool)
    value_maps = mapping.get("values") or {}
    for col in report.columns:
        choice = choices[col.column]
        values = value_maps.get(col.feature or "") or {}
        bad = _check_one(
            analysis, col, choice, frame[col.column], planner, values, creatable
        )
        # the column's own summary, as check_column gives it
        one = Analysis(
            FrameReport(n_rows=len(frame), columns=[col]),
            {col.column: choice},
            categorical=[e for e in analysis.categorical if e[0] is col],
            scalar=[e for e in analysis.scalar if e[0] is col],
            spaces=readable,
        )
        _column_summary(one, col, bad)
        blocked |= bad
    if report.missing_required:
        blocked[:] = True
    report.summarise()  # names to create and synonyms: the columns' combined
    report.n_rows_blocked, report.rows_blocked_exact = int(blocked.sum()), True
    return analysis


def _check_record_type(schema: Schema, record_type: Record | None) -> None:
    if record_type is None:
        return
    if not isinstance(record_type, Record) or not record_type.is_type:
        raise ValidationError(
            f"The record type must be a Record with is_type=True, got {record_type!r}."
        )
    if record_type.schema_id is not None and record_type.schema_id != schema.pk:
        raise ValidationError(
            f"Record type '{record_type.name}' has its own schema "
            f"({record_type.schema.name or record_type.schema.uid}); validate "
            "against that one."
        )


def _count_values(analysis: Analysis) -> int:
    if analysis.report.n_blocking:
        return 0
    n = 0
    for _col, _, plan, series in analysis.categorical:
        n += int(series.isin([*plan.ids, *plan.new, *plan.from_source]).sum())
    for _col, _, stored in analysis.scalar:
        n += int(stored.notna().sum())
    return n
