"""``lookup()``: an auto-complete namedtuple over a field's values (api.md §1.8)."""

from __future__ import annotations

import keyword
import logging
import re
from collections import namedtuple
from typing import Any

from ._names import resolve_field

logger = logging.getLogger("lamingui")
_NON_WORD = re.compile(r"[^0-9a-zA-Z_]+")


def to_attribute_name(value: str) -> str:
    """Sanitise a value into an attribute name (``"exp-2 (A)"`` -> ``exp_2_a_``)."""
    name = _NON_WORD.sub("_", value).lower()
    if not name:
        return ""
    if not name[0].isalpha():
        name = f"ln_{name}"
    if keyword.iskeyword(name):
        name += "_"
    return name


def lookup(
    qs: Any, field: Any = None, return_field: Any = None, keep: str | bool = "first"
) -> Any:
    """Build the ``Lookup`` namedtuple for the rows of ``qs``."""
    model = qs.model
    field_name = resolve_field(model, field)
    return_name = resolve_field(model, return_field) if return_field else None
    grouped: dict[str, list[Any]] = {}
    by_value: dict[str, list[Any]] = {}
    rows = qs.order_by("id") if not qs.ordered else qs
    # only the columns a lookup needs: the rest loads on first access of a record
    columns = {field_name, return_name or field_name}
    if any(f.name == "uid" for f in model._meta.concrete_fields):
        columns.add("uid")
    rows = rows.only(*columns)
    for record in rows:
        value = getattr(record, field_name)
        if not isinstance(value, str) or not value:
            continue
        by_value.setdefault(value, []).append(record)
        key = to_attribute_name(value)
        if key:
            grouped.setdefault(key, []).append(record)

    def pick(key: str, records: list[Any]) -> Any:
        values = [getattr(r, return_name) if return_name else r for r in records]
        if len(values) == 1:
            return values[0]
        if keep is False:
            return values
        logger.warning(
            "%d records found for '%s'. Returning based on keep='%s'.",
            len(values),
            key,
            keep,
        )
        return values[-1] if keep == "last" else values[0]

    keys = list(grouped)
    cls = namedtuple("Lookup", [*keys, "dict"], rename=False)
    mapping = {v: (rs[0] if len(rs) == 1 else rs) for v, rs in by_value.items()}
    return cls(*[pick(k, grouped[k]) for k in keys], lambda: dict(mapping))
