"""Substring indexes behind ``search()`` (api.md §1.7, issue 3 item 5).

``search()`` looks for rows whose string fields *contain* the query, which
neither backend can answer from a B-tree index. Per searchable registry this
module installs:

- PostgreSQL (``pg_trgm``): a trigram GIN index on the name field (used by
  ``ILIKE`` on that field and by ``%``/``similarity()`` for typos) and one on
  the text of all string fields joined by a separator, so that ``ILIKE`` over
  every field (``search(field=None)``) is answered by one index.
- SQLite: an FTS5 table with the ``trigram`` tokenizer holding a copy of the
  string fields (but for random identifiers, see ``IDENTIFIER_COLUMNS``), kept
  in step by triggers. A phrase query on it finds the rows that contain a
  string of three or more characters.

Both are only a prefilter: ``search()`` ranks the rows it gets back in Python,
and works (slower, by scanning) where an index is missing.

One implementation, called by the migration ``0004_search_trigram_indexes``
(with historical models) and after every ``migrate`` (with the current ones),
so that databases built from the models, such as the test database, have the
indexes too. Idempotent: an index or trigger that is missing or stale (the
string fields changed, or a table was rebuilt by a migration on SQLite, which
drops its triggers) is recreated and, on SQLite, refilled.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.apps import apps as global_apps
from django.db import DatabaseError, models, transaction

logger = logging.getLogger("lamingui")

#: registries whose rows get search indexes, with their name field (api.md §0.2;
#: spelled out because historical models in migrations lack ``_name_field``)
SEARCH_REGISTRIES = {
    "Record": "name",
    "ULabel": "name",
    "Feature": "name",
    "Project": "name",
    "Reference": "name",
    "Schema": "name",
    "Transform": "key",
    "Artifact": "key",
    "Collection": "key",
}
#: joins the string fields in the PostgreSQL expression index (never searched for)
SEPARATOR_SQL = "chr(31)"
#: columns of random identifiers, with their alphabet. SQLite's FTS table leaves
#: them out (their trigrams would triple its cost per insert); ``search()`` scans
#: them only for a string that could be part of one.
IDENTIFIER_COLUMNS = {"uid": r"[0-9A-Za-z]+", "hash": r"[0-9A-Za-z_-]+"}


def string_columns(model: Any) -> list[str]:
    """Database columns of the model's ``CharField``/``TextField`` fields, in order."""
    return [
        f.column
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]


def fts_columns(model: Any) -> list[str]:
    """The string columns that SQLite's FTS table holds (all but identifiers)."""
    return [c for c in string_columns(model) if c not in IDENTIFIER_COLUMNS]


def name_column(model: Any) -> str:
    return model._meta.get_field(SEARCH_REGISTRIES[model.__name__]).column


def text_expression(columns: list[str], quote: Any, table: str | None = None) -> str:
    """The SQL text of all ``columns`` joined (NULL as ""), for index and query.

    ``table`` qualifies the columns (in a query that may join other tables).
    """
    prefix = f"{quote(table)}." if table else ""
    parts = [f"COALESCE({prefix}{quote(c)}, '')" for c in columns]
    return f" || {SEPARATOR_SQL} || ".join(parts)


def text_index_name(table: str, columns: list[str]) -> str:
    """Name of the expression index; it changes when the string fields change."""
    digest = hashlib.sha1(",".join(columns).encode()).hexdigest()[:8]  # noqa: S324 - a name, not security
    return f"lamingui_trgm_{table.removeprefix('lamindb_')}_text_{digest}"


def name_index_name(table: str, column: str) -> str:
    return f"lamingui_trgm_{table.removeprefix('lamindb_')}_{column}"


def fts_table(table: str) -> str:
    return f"lamingui_fts_{table.removeprefix('lamindb_')}"


def fts_triggers(table: str) -> tuple[str, str, str]:
    """Names of the insert, delete and update triggers that feed the FTS table."""
    base = fts_table(table)
    return f"{base}_ai", f"{base}_ad", f"{base}_au"


def install_search_indexes(connection: Any, apps: Any = None) -> None:
    """Create (or repair) the search indexes on ``connection``.

    Args:
        connection: a Django database connection (PostgreSQL or SQLite; other
            backends are left alone).
        apps: the app registry to take the models from (the historical one in a
            migration); defaults to the current models.
    """
    apps = apps or global_apps
    registry = [apps.get_model("lamingui", name) for name in SEARCH_REGISTRIES]
    if connection.vendor == "postgresql":
        _install_postgresql(connection, registry)
    elif connection.vendor == "sqlite":
        _install_sqlite(connection, registry)


# -- PostgreSQL -----------------------------------------------------------------


def _install_postgresql(connection: Any, registry: list[Any]) -> None:
    quote = connection.ops.quote_name
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cur:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:  # not installed on the server, or no privilege
        logger.warning(
            "search: pg_trgm is not available (%s); search() scans instead of "
            "using trigram indexes",
            str(error).strip().splitlines()[0],
        )
        return
    with connection.cursor() as cursor:
        for model in registry:
            table = model._meta.db_table
            column = name_column(model)
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(name_index_name(table, column))} "
                f"ON {quote(table)} USING gin ({quote(column)} gin_trgm_ops)"
            )
            columns = string_columns(model)
            wanted = text_index_name(table, columns)
            prefix = wanted.rsplit("_", 1)[0] + "_"
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = %s "
                "AND indexname LIKE %s",
                [table, prefix.replace("_", r"\_") + "%"],
            )
            for (stale,) in cursor.fetchall():
                if stale != wanted:
                    cursor.execute(f"DROP INDEX IF EXISTS {quote(stale)}")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(wanted)} ON {quote(table)} "
                f"USING gin (({text_expression(columns, quote)}) gin_trgm_ops)"
            )


# -- SQLite ---------------------------------------------------------------------


def _install_sqlite(connection: Any, registry: list[Any]) -> None:
    for model in registry:
        try:
            _install_fts(
                connection,
                model._meta.db_table,
                model._meta.pk.column,
                fts_columns(model),
            )
        except DatabaseError as error:  # FTS5 or its trigram tokenizer is missing
            logger.warning(
                "search: SQLite FTS5 trigram tables are not available (%s); "
                "search() scans instead",
                error,
            )
            return


def _install_fts(connection: Any, table: str, pk: str, columns: list[str]) -> None:
    quote = connection.ops.quote_name
    fts = fts_table(table)
    triggers = fts_triggers(table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [fts, *triggers],
        )
        present = {row[0] for row in cursor.fetchall()}
        current = []
        if fts in present:
            cursor.execute(f"PRAGMA table_info({quote(fts)})")
            current = [row[1] for row in cursor.fetchall()]
        if current == columns and present == {fts, *triggers}:
            return  # in step
        for trigger in triggers:
            cursor.execute(f"DROP TRIGGER IF EXISTS {quote(trigger)}")
        if current != columns:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(fts)}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {quote(fts)} USING fts5("
                f"{', '.join(quote(c) for c in columns)}, tokenize='trigram')"
            )
        # identifiers come from the model and are quoted; there are no values
        names = ", ".join(quote(c) for c in columns)
        new = ", ".join(f"new.{quote(c)}" for c in columns)
        key = quote(pk)
        into = f"INSERT INTO {quote(fts)}(rowid, {names})"
        insert = f"{into} VALUES (new.{key}, {new});"
        delete = f"DELETE FROM {quote(fts)} WHERE rowid = old.{key};"  # noqa: S608
        ai, ad, au = triggers
        cursor.execute(
            f"CREATE TRIGGER {quote(ai)} AFTER INSERT ON {quote(table)} "
            f"BEGIN {insert} END"
        )
        cursor.execute(
            f"CREATE TRIGGER {quote(ad)} AFTER DELETE ON {quote(table)} "
            f"BEGIN {delete} END"
        )
        cursor.execute(
            f"CREATE TRIGGER {quote(au)} AFTER UPDATE OF {key}, {names} "
            f"ON {quote(table)} BEGIN {delete} {insert} END"
        )
        # writes made while the triggers were missing: refill from the table
        cursor.execute(f"DELETE FROM {quote(fts)}")  # noqa: S608
        cursor.execute(f"{into} SELECT {key}, {names} FROM {quote(table)}")  # noqa: S608
