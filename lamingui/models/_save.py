"""Bulk save: ``ln.save(records)`` (api.md §2.2) — one transaction, all or nothing."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from ..errors import NoWriteAccess, ValidationError
from ._bulk_insert import insert_rows

logger = logging.getLogger("lamingui")


def save(
    records: Iterable[Any],
    ignore_conflicts: bool = False,
    batch_size: int = 10000,
    using: str | None = None,
) -> None:
    """Insert new and update existing records in bulk, in one transaction.

    Args:
        records: Records of one or several registries.
        ignore_conflicts: Skip rows that violate a constraint (ids stay unset).
        batch_size: Rows per INSERT statement group.
        using: Database alias; defaults to the default database.

    A registry may define a classmethod ``_after_bulk_save(records, using)``;
    it runs in the transaction after the registry's rows are written.

    Raises:
        ValueError: A single record was passed (use ``record.save()``).
    """
    if hasattr(records, "_meta") and hasattr(records, "save"):
        raise ValueError("Please use record.save() if saving a single record.")
    using = using or DEFAULT_DB_ALIAS
    by_model: dict[type, tuple[list[Any], list[Any]]] = defaultdict(lambda: ([], []))
    artifacts: list[Any] = []
    with_features: list[Any] = []
    for record in records:
        if type(record).__name__ == "Artifact":
            artifacts.append(record)
            continue
        new, old = by_model[type(record)]
        (new if record._state.adding or record.pk is None else old).append(record)
        if record.__dict__.get("_features"):
            with_features.append(record)
    _check_one_type_schema(with_features)
    inserted = sum(len(new) for new, _ in by_model.values())
    with transaction.atomic(using=using):
        for model, (new, old) in by_model.items():
            if new:
                _insert(model, new, ignore_conflicts, batch_size, using)
            if old:
                _update(model, old, batch_size, using)
            after = getattr(model, "_after_bulk_save", None)
            if after is not None:  # e.g. bio records import their source parents
                after(new + old, using)
        for artifact in artifacts:
            artifact.save(using=using)
        for record in with_features:  # Record(features=...): one call per record
            if record.pk is not None:
                record.features.add_values(record.__dict__["_features"])
    if inserted >= OPTIMIZE_AFTER_ROWS:
        grown = {m._meta.db_table: len(new) for m, (new, _) in by_model.items() if new}
        refresh_planner_statistics(using, grown)
    for record in with_features:
        if record.pk is not None:
            record.__dict__.pop("_features", None)


#: after a bulk insert of this many rows, SQLite's planner statistics are refreshed
OPTIMIZE_AFTER_ROWS = 1000


def refresh_planner_statistics(
    using: str, inserted: dict[str, int] | None = None
) -> None:
    """Refresh the planner's statistics after a bulk insert.

    Without them SQLite may pick the low-selectivity ``branch_id`` index over the
    ``name`` index and scan the whole table for ``get(name=...)``, and PostgreSQL
    plans trigram searches and name lookups on a 100,000-row table as if it were
    empty until autovacuum catches up (a search: 70 ms instead of 5 ms). SQLite's
    ``PRAGMA optimize`` decides itself what to analyse; on PostgreSQL a table is
    analysed when ``inserted`` (table -> new rows) added at least a tenth of its
    estimated rows.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")
    elif connection.vendor == "postgresql" and inserted:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
                [list(inserted)],
            )
            estimates = dict(cursor.fetchall())
            for table, rows in inserted.items():
                if rows >= 0.1 * max(estimates.get(table, 0), 0):
                    cursor.execute(f'ANALYZE "{table}"')


def _insert(
    model: type, records: list[Any], ignore_conflicts: bool, batch_size: int, using: str
) -> None:
    if len(records) > batch_size:
        logger.info(
            "starting creation of %d %s records in batches of %d",
            len(records),
            model.__name__,
            batch_size,
        )
    prepare = getattr(model, "_before_bulk_insert", None)
    if prepare is not None:
        prepare(records, using)
    else:
        for record in records:
            record._before_save(using)
    if ignore_conflicts or not insert_rows(model, records, using):
        model.objects.using(using).bulk_create(
            records, batch_size=batch_size, ignore_conflicts=ignore_conflicts
        )
    for record in records:
        record._state.adding = False
        record._state.db = using


def _update(model: type, records: list[Any], batch_size: int, using: str) -> None:
    if any(f.name == "is_locked" for f in model._meta.concrete_fields):
        locked = list(
            model.objects.using(using)
            .filter(pk__in=[r.pk for r in records], is_locked=True)
            .values_list("pk", flat=True)[:5]
        )
        if locked:
            raise NoWriteAccess(
                "It is not allowed to modify locked ('is_locked=True') "
                f"{model.__name__}"
                f" records (ids {locked}); unlock each with record.save() first."
            )
    for record in records:
        record._before_save(using)
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name != "created_at"
    ]
    model.objects.using(using).bulk_update(records, fields, batch_size=batch_size)


def _check_one_type_schema(records: list[Any]) -> None:
    """Records saved with feature values must share their type's schema."""
    schemas = {
        record.type.schema_id if record.type_id is not None else None
        for record in records
    }
    if len(schemas) > 1:
        raise ValidationError(
            "Bulk setting features in records requires all records to have the same "
            "type schema."
        )
