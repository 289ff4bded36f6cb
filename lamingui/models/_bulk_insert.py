"""A lean multi-row INSERT for ``ln.save`` (api.md §2.2).

Django's ``bulk_create`` compiles every value of every row through the generic
insert compiler (~5 µs per field and row). Here the column list and the SQL of
a batch are built once, plain values (text, numbers, booleans, foreign key ids)
are passed as they are, and only fields that need conversion (datetimes, JSON)
go through ``get_db_prep_save``. Primary keys come back with ``RETURNING``, in
row order, as Django itself relies on for SQLite and PostgreSQL.

``insert_rows`` returns ``False`` when a batch needs something it does not do
(explicit primary keys, database-side defaults as expressions, a backend
without ``RETURNING``); the caller then uses ``bulk_create``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.db import connections, models
from django.db.models.expressions import BaseExpression

#: field classes whose Python values the database adapters take as they are
_PLAIN = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.FloatField,
)


def _passes_through(field: models.Field) -> bool:
    if field.is_relation:
        return isinstance(field.target_field, models.AutoField | models.IntegerField)
    return isinstance(field, _PLAIN) and not isinstance(
        field, models.DecimalField | models.GenericIPAddressField
    )


def _batch_size(connection: Any, fields: list[Any], records: list[Any]) -> int:
    """Rows per statement: SQLite >= 3.32 takes 32,766 parameters, not Django's 999."""
    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 32):
        return max(1, 32766 // max(1, len(fields)))
    return max(1, connection.ops.bulk_batch_size(fields, records))


def insert_rows(model: type, records: list[Any], using: str) -> bool:
    """Insert ``records`` and set their primary keys; ``False``: not handled."""
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        return False
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk and not f.generated]
    if any(r.pk is not None for r in records):
        return False
    plain = [_passes_through(f) for f in fields]
    attnames = [f.attname for f in fields]
    rows: list[list[Any]] = []
    for record in records:
        values = record.__dict__
        row = []
        for field, attname, is_plain in zip(fields, attnames, plain, strict=True):
            value = values.get(attname)
            if isinstance(value, BaseExpression):
                return False  # e.g. a DatabaseDefault: let Django compile it
            row.append(
                value
                if is_plain or value is None
                else field.get_db_prep_save(value, connection)
            )
        rows.append(row)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch = _batch_size(connection, fields, records)
    # identifiers are quoted by the backend; every value is a query parameter
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(pk.column)}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            sql = head + ", ".join([one_row] * len(chunk)) + tail
            cursor.execute(sql, [value for row in chunk for value in row])
            ids = [row[0] for row in cursor.fetchall()]
            for record, pk_value in zip(records[start:], ids, strict=False):
                setattr(record, pk.attname, pk_value)
    return True
