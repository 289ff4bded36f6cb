"""``search()``: SQL narrows the candidates, Python ranks them (api.md §1.7).

1. Candidates are the rows where a searched field *contains* the string. For a
   string of three or more characters on a registry with search indexes
   (``lamingui.db_search_indexes``: ``pg_trgm`` GIN on PostgreSQL, an FTS5
   trigram table on SQLite, which leaves out uids and hashes: those are scanned
   when the string could be part of one) the database finds them through the
   index; otherwise it scans.
2. Python scores every candidate with the table of §1.7 and sorts by score, then
   by id. A whole-value match scores over 200, a partial one at most 23 per
   field, so exact matches come first.
3. Only when no row contains the string (and it is not case-sensitive), the
   name field is matched typo-tolerantly: SQL picks a bounded set of likely
   names (see :func:`_typo_candidates`) and rapidfuzz ranks them.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from ..db_search_indexes import (
    IDENTIFIER_COLUMNS,
    SEARCH_REGISTRIES,
    fts_columns,
    fts_table,
    fts_triggers,
    name_column,
    string_columns,
    text_expression,
)
from ._names import get_name_field, resolve_field, string_fields

#: separators D of the scoring table
SEPARATORS = " |.,;:"
#: rows fetched for typo-tolerant matching at most
FUZZY_CANDIDATES = 20_000
#: PostgreSQL: names most similar by trigrams added to the typo candidates
TRIGRAM_CANDIDATES = 300
#: rapidfuzz ``ratio`` a near match needs (0-100)
FUZZY_CUTOFF = 80


def _fields(model: Any, field: Any) -> list[str]:
    if field is None:
        return string_fields(model)
    if isinstance(field, list | tuple):
        return [resolve_field(model, f) for f in field]
    try:
        return [resolve_field(model, field)]
    except TypeError:
        raise TypeError(
            "Please pass a SQLRecord string field, e.g., `CellType.name`!"
        ) from None


def score(value: str | None, string: str, case_sensitive: bool) -> int:
    """Points for one field value, per the table of api.md §1.7.

    Examples:
        >>> score("T cell", "T cell", False)
        223
        >>> score("my T cell line", "t cell", False)
        15
    """
    if not value:
        return 0
    if not case_sensitive:
        value, string = value.lower(), string.lower()
    return _score(value, string)


def _score(value: str, s: str) -> int:
    # the regular expressions of §1.7 as plain string tests (several times faster):
    # each rule asks whether *some* occurrence of s has the right neighbours
    start = value.find(s)
    if start < 0:
        return 0
    points = 1
    if value == s or s in value.split("|"):
        points += 200
    n, size = len(value), len(s)
    delimited = segment = word_start = word_end = False
    while start >= 0:
        end = start + size
        before = value[start - 1] if start else ""
        after = value[end] if end < n else ""
        opens = not before or before in SEPARATORS
        closes = not after or after in SEPARATORS
        delimited = delimited or (opens and closes)
        word_start = word_start or not before or before in " |"
        word_end = word_end or closes
        if not segment and (not before or before == "|"):
            segment = " " not in value[end:].split("|", 1)[0]
        start = value.find(s, start + 1)
    return points + 10 * delimited + 8 * segment + 2 * word_start + 2 * word_end


def search(
    qs: Any,
    string: str,
    *,
    field: Any = None,
    limit: int | None = 20,
    case_sensitive: bool = False,
) -> Any:
    """Rank the rows of ``qs`` by relevance to ``string``; return a sliced query set."""
    if string is None:
        raise ValueError("Cannot search for None value! Please pass a valid string.")
    string = str(string).strip()
    model = qs.model
    fields = _fields(model, field)
    lookup = "contains" if case_sensitive else "icontains"
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__{lookup}": string})
    candidates = qs.filter(condition)
    indexed = _contains_prefilter(qs, fields, string)
    if indexed is not None:
        candidates = candidates.filter(indexed)
    needle = string if case_sensitive else string.lower()
    ranked: list[tuple[int, Any]] = []
    for pk, *values in candidates.values_list("pk", *fields).order_by():
        points = 0
        for value in values:
            if value:
                if not isinstance(value, str):
                    value = str(value)
                if not case_sensitive:
                    value = value.lower()
                if needle in value:
                    points += _score(value, needle)
        if points:
            ranked.append((points, pk))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    ids = [pk for _, pk in ranked]
    if not ids and not case_sensitive:  # nothing contains it: maybe a typo
        ids = _fuzzy(qs, model, string, fields, limit)
    if limit is not None:
        ids = ids[:limit]
    result = qs.model.objects.using(qs.db).filter(pk__in=ids)
    result = result.order_by(_rank(qs, ids)) if ids else result.none()
    # a sliced query set, like lamindb's: filtering it further raises TypeError
    return result[:limit] if limit is not None else result


def _rank(qs: Any, ids: list[Any]) -> RawSQL:
    """``CASE id WHEN … THEN 0 … END``: the rows in the order of ``ids``.

    Raw SQL: Django's ``Case(When(...))`` costs more to build than the query runs.
    """
    connection = connections[qs.db]
    quote, meta = connection.ops.quote_name, qs.model._meta
    whens = " ".join(f"WHEN %s THEN {i}" for i in range(len(ids)))
    column = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
    return _raw(f"CASE {column} {whens} END", list(ids)).asc()


# -- index prefilters --------------------------------------------------------------


def _indexed_columns(model: Any, fields: list[str]) -> list[str] | None:
    """Columns of ``fields`` if the model has search indexes covering them."""
    if model._meta.app_label != "lamingui" or model.__name__ not in SEARCH_REGISTRIES:
        return None
    by_name = {f.name: f.column for f in model._meta.concrete_fields}
    columns = [by_name.get(name) for name in fields]
    if None in columns or not set(columns) <= set(string_columns(model)):
        return None
    return columns


def _contains_prefilter(qs: Any, fields: list[str], string: str) -> Any:
    """A condition that finds the rows where one of ``fields`` contains ``string``
    through an index (a superset: Python scores the rows), or ``None``."""
    if len(string) < 3:  # trigram indexes know nothing shorter
        return None
    model = qs.model
    columns = _indexed_columns(model, fields)
    if columns is None:
        return None
    connection = connections[qs.db]
    if connection.vendor == "postgresql":
        # inline (cheap to plan), on the expression of a GIN index: the name
        # column's own, or all string columns joined
        quote, table = connection.ops.quote_name, model._meta.db_table
        if columns == [name_column(model)]:
            expression = f"{quote(table)}.{quote(columns[0])}"
        else:
            expression = text_expression(string_columns(model), quote, table)
        return _condition(f"{expression} ILIKE %s", [f"%{_like_escape(string)}%"])
    if connection.vendor == "sqlite" and _has_fts(connection, model):
        return Q(pk__in=_sqlite_contains(connection, model, columns, string))
    return None


def _sqlite_contains(
    connection: Any, model: Any, columns: list[str], string: str
) -> RawSQL:
    """The FTS table for most columns, a scan of identifier columns if need be."""
    covered = [c for c in columns if c in fts_columns(model)]
    selects, params = [], []
    if covered:
        sql, values = _fts_match_sql(connection, model, covered, _phrase(string))
        selects.append(sql)
        params += values
    lengths = {f.column: f.max_length for f in model._meta.concrete_fields}
    for column in columns:
        alphabet = IDENTIFIER_COLUMNS.get(column)
        if column in covered or (
            alphabet is not None
            and not (re.fullmatch(alphabet, string) and len(string) <= lengths[column])
        ):
            continue  # e.g. a space is never part of a uid
        quoted = connection.ops.quote_name(column)
        selects.append(_select_ids(connection, model, rf"{quoted} LIKE %s ESCAPE '\'"))
        params.append(f"%{_like_escape(string)}%")
    if not selects:  # no column can contain it
        return _raw(_select_ids(connection, model, "0 = 1"), [])
    return _raw(" UNION ".join(selects), params)


def _select_ids(connection: Any, model: Any, where: str) -> str:
    """``SELECT <pk> FROM <table> WHERE <where>`` (``where`` takes values as %s)."""
    quote = connection.ops.quote_name
    pk, table = quote(model._meta.pk.column), quote(model._meta.db_table)
    return f"SELECT {pk} FROM {table} WHERE {where}"  # noqa: S608 - quoted names


def _raw(sql: str, params: list[Any]) -> RawSQL:
    # the SQL holds quoted identifiers only; every value is a parameter
    return RawSQL(sql, params)  # noqa: S611


def _condition(sql: str, params: list[Any]) -> RawSQL:
    """A boolean SQL condition for ``filter()`` (quoted identifiers, values as %s)."""
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611


def _fts_match_sql(
    connection: Any, model: Any, columns: list[str], expression: str
) -> tuple[str, list[Any]]:
    """SQLite: ids of the rows whose ``columns`` match an FTS5 query expression."""
    fts = connection.ops.quote_name(fts_table(model._meta.db_table))
    query = f"{{{' '.join(columns)}}} : ({expression})"
    sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608 - quoted name
    return sql, [query]


def _has_fts(connection: Any, model: Any) -> bool:
    """Whether the FTS table and the triggers that keep it in step exist."""
    table = model._meta.db_table
    names = [fts_table(table), *fts_triggers(table)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)", names
        )
        return cursor.fetchone()[0] == len(names)


def _like_escape(string: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", string)


def _phrase(string: str) -> str:
    """An FTS5 phrase: with the trigram tokenizer, a case-insensitive substring."""
    return '"' + string.replace('"', '""') + '"'


# -- typo tolerance -------------------------------------------------------------


def _fuzzy(
    qs: Any, model: Any, string: str, fields: list[str], limit: int | None
) -> list[Any]:
    try:
        name = get_name_field(model)
    except ValueError:
        return []
    if name not in fields or len(string) < 3:
        return []
    from rapidfuzz import fuzz, process  # noqa: PLC0415 - loaded on demand

    query = string.lower()
    choices = {
        pk: (value or "").lower()
        for pk, value in _typo_candidates(qs, model, name, query)
    }
    matches = process.extract(
        query,
        choices,
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_CUTOFF,
        limit=limit,
    )
    return [pk for _, _, pk in matches]


def _typo_candidates(qs: Any, model: Any, name: str, query: str) -> list[tuple]:
    """``(pk, name)`` of at most ``FUZZY_CANDIDATES`` names that may be ``query``.

    A name one edit (substitution, insertion, deletion, swap of neighbours)
    away from the query contains its left part ``query[:m]`` or its right part
    ``query[m + 1:]`` with ``m = len(query) // 2``: an edit left of ``m`` leaves
    the right part intact and vice versa. From nine characters on, the thirds
    of the query are parts too (two substitutions leave one third intact).
    Candidates are the names containing a part (found through the trigram index
    where there is one) and, on PostgreSQL, the names ``pg_trgm`` finds most
    similar. A ``ratio`` of 80 also needs a length between 2/3 and 3/2 of the
    query's; the names closest in length are kept when there are too many.
    """
    size = len(query)
    middle = size // 2
    parts = [query[:middle], query[middle + 1 :]]
    if size >= 9:
        third = size // 3
        parts += [query[:third], query[third : 2 * third], query[2 * third :]]
    parts = list(dict.fromkeys(p for p in parts if p))
    connection = connections[qs.db]
    quote, table = connection.ops.quote_name, model._meta.db_table
    column = model._meta.get_field(name).column
    length = f"LENGTH({quote(table)}.{quote(column)})"
    rows = qs.filter(
        _condition(
            f"{length} BETWEEN %s AND %s",
            [math.ceil(2 * size / 3), math.floor(3 * size / 2)],
        )
    )
    columns = _indexed_columns(model, [name])
    if columns is not None and connection.vendor == "postgresql":
        rows = rows.filter(
            _postgresql_near(connection, model, columns[0], query, parts)
        )
    elif (
        columns is not None
        and all(len(part) >= 3 for part in parts)
        and connection.vendor == "sqlite"
        and _has_fts(connection, model)
    ):
        either = " OR ".join(_phrase(part) for part in parts)
        fts = _fts_match_sql(connection, model, columns, either)
        rows = rows.filter(pk__in=_raw(*fts))
    else:  # scan for the parts
        near = Q()
        for part in parts:
            near |= Q(**{f"{name}__icontains": part})
        rows = rows.filter(near)
    rows = rows.order_by(_raw(f"ABS({length} - %s)", [size]).asc(), "pk")
    return list(rows.values_list("pk", name)[:FUZZY_CANDIDATES])


def _postgresql_near(
    connection: Any, model: Any, column: str, query: str, parts: list[str]
) -> RawSQL:
    """Names containing a part (GIN index) or among the most similar by pg_trgm.

    Written inline, with the similar ids as an array computed once: the planner
    combines both through indexes (an ``IN`` subquery per branch of an ``OR``
    would make it scan the table).
    """
    quote, table = connection.ops.quote_name, model._meta.db_table
    qualified = f"{quote(table)}.{quote(column)}"
    terms = [f"{qualified} ILIKE %s" for _ in parts]
    params: list[Any] = [f"%{_like_escape(part)}%" for part in parts]
    if _has_pg_trgm(connection):
        column = quote(column)
        similar = _select_ids(connection, model, f"{column} %% %s")
        similar += f" ORDER BY similarity({column}, %s) DESC LIMIT {TRIGRAM_CANDIDATES}"
        pk = f"{quote(table)}.{quote(model._meta.pk.column)}"
        terms.append(f"{pk} = ANY(ARRAY({similar}))")
        params += [query, query]
    return _condition(f"({' OR '.join(terms)})", params)


def _has_pg_trgm(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None
