"""The writes of a real import (gui.md §7.3 step 3), inside the caller's transaction.

New categorical records and the imported records go through ``ln.save``; the
feature values are link rows (``RecordJson``, ``RecordULabel``, …) inserted in
bulk, a chunk of rows at a time, with multi-row ``INSERT`` statements: a
constant number of statements per chunk, whatever the number of columns.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from typing import Any

import numpy as np
from django.db import connections

from ..errors import ValidationError
from ..models import Record
from ..models._annotation_links import spec_for
from ..models._dtypes import registry_name
from ..models._save import save
from ..models.links import RecordJson
from ._frame_report import MAP_PREFIX
from ._frame_sources import create_from_source

logger = logging.getLogger("lamingui")

#: rows whose link rows are built and inserted together
CHUNK_ROWS = 20_000


class ImportFailed(ValidationError):
    """A real import failed; nothing was written. The message names row and column."""


def create_labels(analysis: Any, space: Any, using: str) -> dict[str, list[str]]:
    """Create the categorical records chosen as "create new"; ``{registry: names}``."""
    wanted: dict[tuple[Any, int | None], tuple[Any, dict[str, None]]] = {}
    for _, _, plan, _ in analysis.categorical:
        for value, scope in plan.new.items():
            type_id = scope.allowed[0].pk if scope.allowed is not None else None
            key = (scope.model, type_id)
            wanted.setdefault(key, (scope, {}))[1].setdefault(value, None)
    created: dict[str, list[str]] = {}
    ids: dict[tuple[Any, int | None, str], int] = {}
    for (model, type_id), (scope, values) in wanted.items():
        extra: dict[str, Any] = {"space_id": space.pk}
        if scope.allowed is not None:
            extra["type"] = scope.allowed[0]
        records = [model(**{scope.field: value}, **extra) for value in values]
        save(records, using=using)
        created[scope.label] = list(values)
        for value, record in zip(values, records, strict=True):
            ids[(model, type_id, value)] = record.pk
    for _, _, plan, _ in analysis.categorical:
        for value, scope in plan.new.items():
            type_id = scope.allowed[0].pk if scope.allowed is not None else None
            plan.ids[value] = (scope.model, ids[(scope.model, type_id, value)])
    _create_terms(analysis, space, using, created)
    return created


def _create_terms(
    analysis: Any, space: Any, using: str, created: dict[str, list[str]]
) -> None:
    """Create the public-ontology terms chosen as ``source:<term>`` (with parents)."""
    wanted: dict[Any, tuple[Any, dict[str, None]]] = {}
    for _, _, plan, _ in analysis.categorical:
        for scope, term in plan.from_source.values():
            wanted.setdefault(scope.model, (scope, {}))[1].setdefault(term, None)
    ids: dict[tuple[Any, str], int] = {}
    for model, (scope, terms) in wanted.items():
        try:
            found = create_from_source(
                model, scope.field, list(terms), space, using, scope.spaces
            )
        except LookupError as error:
            raise ImportFailed(str(error)) from error
        names = created.setdefault(scope.label, [])
        names += [t for t in terms if t not in names]
        for term, pk in found.items():
            ids[(model, term)] = pk
    for _, _, plan, _ in analysis.categorical:
        for value, (scope, term) in plan.from_source.items():
            plan.ids[value] = (scope.model, ids[(scope.model, term)])


def remember_synonyms(analysis: Any) -> list[list[str]]:
    """Add the accepted column and value mappings as synonyms, where storable."""
    added = []
    for registry, name, synonym, record in analysis.synonym_targets():
        try:
            record.add_synonym(synonym)
        except ValidationError as error:  # used by another record: skip, say so
            logger.warning("did not add synonym %r to %s: %s", synonym, name, error)
            continue
        added.append([registry, name, synonym])
    return added


def create_records(
    analysis: Any, record_type: Any, space: Any, using: str
) -> list[int]:
    """One record per row (named from the name column), saved in bulk."""
    names = analysis.names
    n = analysis.report.n_rows
    cells = names.tolist() if names is not None else [None] * n
    records = [
        Record(name=name or None, type=record_type, space_id=space.pk) for name in cells
    ]
    save(records, using=using)
    return [r.pk for r in records]


def write_values(analysis: Any, record_ids: list[int], using: str) -> int:
    """Insert every feature value as link rows, chunk by chunk; the count."""
    connection = connections[using]
    host = Record()
    value_field = RecordJson._meta.get_field("value")
    ids = np.asarray(record_ids, dtype=np.int64)
    written = 0
    for start in range(0, len(record_ids), CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, len(record_ids))
        links: dict[Any, list[tuple[int, int, int]]] = defaultdict(list)
        for _, feature, plan, series in analysis.categorical:
            lookup = plan.ids
            chunk = series.iloc[start:stop].tolist()
            for offset, cell in enumerate(chunk):
                ref = lookup.get(cell)
                if ref is not None:
                    model, label_id = ref
                    links[model].append(
                        (int(ids[start + offset]), label_id, feature.pk)
                    )
        json_rows: list[tuple[int, int, Any]] = []
        for report, feature, stored in analysis.scalar:
            chunk = stored.iloc[start:stop].tolist()
            for offset, value in enumerate(chunk):
                if value is None:
                    continue
                try:
                    prepared = json_cell(value_field, value, connection)
                except Exception as error:
                    raise ImportFailed(
                        f"Import failed at row {start + offset + 1}, column "
                        f"'{report.column}': {error}"
                    ) from error
                json_rows.append((int(ids[start + offset]), feature.pk, prepared))
        for model, rows in links.items():
            spec = spec_for(host, registry_name(model), with_feature=True)
            if spec is None:
                raise ImportFailed(f"Records cannot hold {model.__name__} values.")
            names = (spec.host_field, spec.label_field, "feature")
            columns = [spec.model._meta.get_field(f).column for f in names]
            extra, values = _tracking_columns(spec.model, names, connection)
            if extra:  # app links (bionty) track created_at / created_by / run
                columns += extra
                rows = [(*row, *values) for row in rows]
            insert_plain(spec.model, columns, rows, connection)
            written += len(rows)
        columns = [
            RecordJson._meta.get_field(f).column for f in ("record", "feature", "value")
        ]
        insert_plain(RecordJson, columns, json_rows, connection)
        written += len(json_rows)
    return written


def _tracking_columns(
    model: Any, names: tuple[str, ...], connection: Any
) -> tuple[list[str], tuple[Any, ...]]:
    """Other columns of a link model and their defaults (computed once)."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in names
    ]
    values = tuple(f.get_db_prep_save(f.get_default(), connection) for f in fields)
    return [f.column for f in fields], values


def json_cell(field: Any, value: Any, connection: Any) -> Any:
    """The database form of one JSON value."""
    return field.get_db_prep_save(value, connection)


def insert_plain(
    model: Any, columns: list[str], rows: list[tuple[Any, ...]], connection: Any
) -> None:
    """Multi-row INSERTs of already prepared values (no model instances)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 32):
        batch = max(1, 32766 // len(columns))
    else:
        batch = 5000
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # identifiers are quoted by the backend; every value is a query parameter
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(c) for c in columns)}) VALUES "
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            cursor.execute(
                head + ", ".join([one_row] * len(chunk)),
                [value for row in chunk for value in row],
            )


def value_synonym_targets(analysis: Any) -> list[tuple[str, str, str, Any, int]]:
    """``(registry, name, synonym, model, id)`` of accepted value mappings."""
    out = []
    for report, _, plan, _ in analysis.categorical:
        for item in report.nonvalidated:
            if not (item.choice or "").startswith(MAP_PREFIX):
                continue
            name = item.choice[len(MAP_PREFIX) :]
            model, pk = plan.ids[item.value]
            has_synonyms = any(
                f.name == "synonyms" for f in model._meta.concrete_fields
            )
            if has_synonyms and name != item.value:
                out.append((model.__name__, name, item.value, model, pk))
    return out
