"""``search()``: SQL narrows the candidates, Python ranks them (api.md §1.7).

Exact matches always come first. Rows that merely contain the string are
scored by where it appears; when that leaves room under ``limit``, rapidfuzz
adds near matches of the name field so that a typo still finds its record.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When

from ._names import get_name_field, resolve_field, string_fields

_SEPARATORS = r"[ |.,;:]"
#: rows fetched for typo-tolerant matching at most (one indexed column each)
FUZZY_CANDIDATES = 200_000
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
    """Points for one field value, per the table of api.md §1.7."""
    if not value:
        return 0
    if not case_sensitive:
        value, string = value.lower(), string.lower()
    if string not in value:
        return 0
    s = re.escape(string)
    points = 1
    if value == string or string in value.split("|"):
        points += 200
    if re.search(rf"(?:^|{_SEPARATORS}){s}(?:$|{_SEPARATORS})", value):
        points += 10
    if re.search(rf"(?:^|\|){s}[^ |]*(?:$|\|)", value):
        points += 8
    if re.search(rf"(?:^|[ |]){s}", value):
        points += 2
    if re.search(rf"{s}(?:$|{_SEPARATORS})", value):
        points += 2
    return points


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
    rows = qs.filter(condition).values_list("pk", *fields)
    ranked: list[tuple[int, Any]] = []
    for pk, *values in rows:
        points = sum(score(v, string, case_sensitive) for v in values)
        if points:
            ranked.append((points, pk))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    ids = [pk for _, pk in ranked]
    if not ids and not case_sensitive:  # nothing contains it: maybe a typo
        ids = _fuzzy(qs, model, string, fields, limit)
    if limit is not None:
        ids = ids[:limit]
    order = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    result = qs.model.objects.using(qs.db).filter(pk__in=ids)
    result = result.order_by(order) if ids else result.none()
    # a sliced query set, like lamindb's: filtering it further raises TypeError
    return result[:limit] if limit is not None else result


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

    choices = dict(qs.values_list("pk", name)[:FUZZY_CANDIDATES])
    matches = process.extract(
        string.lower(),
        {pk: (v or "").lower() for pk, v in choices.items()},
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_CUTOFF,
        limit=limit,
    )
    return [pk for _, _, pk in matches]
