"""The engine of ``CanCurate`` (api.md §6): match values against a reference set.

Every function takes the *reference set* as a query set (a registry's visible
rows, or a user's query set) and works in bulk: a call costs a constant
number of queries however many values it gets. Long value lists travel to the
database as one parameter (a JSON array on SQLite, a typed array on
PostgreSQL), so neither backend's limit on query parameters is hit.
"""

from __future__ import annotations

import json
import logging
import math
import numbers
from collections.abc import Iterable
from typing import Any

from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

logger = logging.getLogger("lamingui")

#: between INFO and WARNING, like lamindb's "success" level (api.md §0.3)
SUCCESS = 25
logging.addLevelName(SUCCESS, "SUCCESS")
#: above this many values an ``IN`` list travels as one array parameter
_INLINE_IN = 500
#: from this many values on, a registry smaller than the input is read whole
_SCAN_FROM = 5000
_NUMERIC_FIELDS = (
    models.IntegerField,
    models.FloatField,
    models.DecimalField,
    models.AutoField,
    models.BigAutoField,
)
NUMERIC_MISMATCH = (
    "Type mismatch: identifiers are 'numeric' but field_values are 'str/categorical'."
)
TEXT_MISMATCH = (
    "Type mismatch: identifiers are 'str/categorical' but field_values are 'numeric'."
)


# -- values ---------------------------------------------------------------------


def as_values(values: Any) -> list[Any]:
    """Inputs as a list: a ``str`` is one value; Series, Index, arrays, iterables
    become lists; a list whose first element is a list is flattened."""
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    if hasattr(values, "tolist"):
        items = values.tolist()
        items = items if isinstance(items, list) else [items]
    elif isinstance(values, Iterable) and not isinstance(values, dict | bytes):
        items = list(values)
    else:
        items = [values]
    if items and isinstance(items[0], list | tuple):
        items = [
            v
            for sub in items
            for v in (sub if isinstance(sub, list | tuple) else [sub])
        ]
    return items


def is_empty(value: Any) -> bool:
    """``None``, ``""``, NaN, ``pd.NA`` and ``NaT`` count as empty."""
    if value is None or (isinstance(value, str) and value == ""):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in {"NAType", "NaTType"}


def as_keys(items: list[Any]) -> list[str]:
    """Each input as the string it is compared as (empties become ``""``)."""
    if all(type(v) is str for v in items):
        return items
    return ["" if is_empty(v) else str(v) for v in items]


def unique_nonempty(keys: list[str]) -> list[str]:
    """Unique non-empty keys in first-seen order."""
    out = dict.fromkeys(keys)
    out.pop("", None)
    return list(out)


def is_numeric_field(model: type[models.Model], field_name: str) -> bool:
    field = model._meta.get_field(field_name)
    target = getattr(field, "target_field", None) if field.is_relation else field
    return isinstance(target, _NUMERIC_FIELDS)


def check_types(model: type[models.Model], field_name: str, items: list[Any]) -> None:
    """Numeric identifiers against a text field (or the reverse): ``TypeError``."""
    first = next((v for v in items if not is_empty(v)), None)
    if first is None:
        return
    numeric_values = isinstance(first, numbers.Number) and not isinstance(first, bool)
    numeric_field = is_numeric_field(model, field_name)
    if numeric_values and not numeric_field:
        raise TypeError(NUMERIC_MISMATCH)
    if isinstance(first, str) and numeric_field:
        try:
            float(first)
        except ValueError:
            raise TypeError(TEXT_MISMATCH) from None


# -- queries --------------------------------------------------------------------


def _db_values(model: type[models.Model], field_name: str, keys: list[str]) -> list:
    """Keys converted to the field's Python type; unconvertible ones dropped."""
    if not is_numeric_field(model, field_name):
        return keys
    out = []
    for key in keys:
        try:
            number = float(key)
        except ValueError:
            continue
        if number.is_integer():
            out.append(int(number))
        elif not isinstance(model._meta.get_field(field_name), models.IntegerField):
            out.append(number)
    return out


def _sql_array_type(model: type[models.Model], field_name: str) -> str:
    if not is_numeric_field(model, field_name):
        return "text[]"
    field = model._meta.get_field(field_name)
    target = getattr(field, "target_field", None) if field.is_relation else field
    if isinstance(target, models.IntegerField | models.AutoField):
        return "bigint[]"
    return "double precision[]"


def filter_in(
    qs: Any, lookup: str, values: list[Any], *, sql_type: str = "text[]"
) -> Any:
    """``qs.filter(<lookup>__in=values)`` with one parameter for long lists."""
    if len(values) <= _INLINE_IN:
        return qs.filter(**{f"{lookup}__in": values})
    if connections[qs.db].vendor == "postgresql":
        # sql_type is one of three constants; the values travel as a parameter
        sql = f"SELECT unnest(%s::{sql_type})"
        raw = RawSQL(sql, [list(values)])  # noqa: S611 - constant SQL, bound values
    else:
        raw = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])
    return qs.filter(**{f"{lookup}__in": raw})


def matching_values(qs: Any, field_name: str, keys: list[str]) -> set[str]:
    """The keys that occur in ``field_name`` of ``qs`` (one query)."""
    model = qs.model
    wanted = _db_values(model, field_name, keys)
    if not wanted:
        return set()
    numeric = is_numeric_field(model, field_name)
    if len(wanted) > _SCAN_FROM and qs.count() < 1.5 * len(wanted):
        # more values than rows: reading the column beats one index probe each
        found: Any = {v for v in qs.values_list(field_name, flat=True) if v is not None}
        found = found.intersection(wanted)
    else:
        sql_type = _sql_array_type(model, field_name)
        rows = filter_in(qs, field_name, wanted, sql_type=sql_type)
        found = rows.values_list(field_name, flat=True).distinct()
    if numeric:
        return {_number_key(v) for v in found}
    return set(found)


def _number_key(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def casefold_matches(qs: Any, field_name: str, keys: list[str]) -> dict[str, Any]:
    """``{lowercased key: first field value (by id) equal to it ignoring case}``."""
    lowered = list(dict.fromkeys(k.lower() for k in keys))
    if not lowered:
        return {}
    rows = filter_in(
        qs.annotate(_lamingui_lc=Lower(field_name)), "_lamingui_lc", lowered
    )
    out: dict[str, Any] = {}
    for value in rows.order_by("pk").values_list(field_name, flat=True):
        if value is not None:
            out.setdefault(value.lower(), value)
    return out


def synonym_candidates(
    qs: Any, field_name: str, synonyms_field: str, *, case_sensitive: bool
) -> dict[str, list[Any]]:
    """``{synonym (lowercased unless case_sensitive): [field values by id]}``."""
    rows = qs.exclude(**{f"{synonyms_field}__isnull": True}).exclude(
        **{synonyms_field: ""}
    )
    out: dict[str, list[Any]] = {}
    for value, synonyms in rows.order_by("pk").values_list(field_name, synonyms_field):
        for synonym in synonyms.split("|"):
            if synonym:
                key = synonym if case_sensitive else synonym.lower()
                candidates = out.setdefault(key, [])
                if value not in candidates:
                    candidates.append(value)
    return out


def has_field(model: type[models.Model], name: str | None) -> bool:
    return bool(name) and any(f.name == name for f in model._meta.concrete_fields)


# -- statistics and log lines ----------------------------------------------------


def quoted(values: list[Any], limit: int = 10) -> str:
    text = ", ".join(f"'{v}'" for v in values[:limit])
    return text + (", ..." if len(values) > limit else "")


def percent(part: int, whole: int) -> float:
    return round(part / whole * 100, 2) if whole else 0.0


def log_statistics(
    field_name: str, validated: list[Any], non_validated: list[Any], n_inputs: int
) -> None:
    """The validate/inspect statistics lines (api.md §6.5)."""
    n_unique = len(validated) + len(non_validated)
    if n_inputs == 0:
        logger.warning("input has zero length")
        return
    n_empty = n_inputs - n_unique
    if n_empty > 0:
        logger.warning(
            "received %d unique term%s, %d empty/duplicated term%s %s ignored",
            n_unique,
            _s(n_unique),
            n_empty,
            _s(n_empty),
            "is" if n_empty == 1 else "are",
        )
    if validated:
        logger.log(
            SUCCESS,
            "%d unique term%s (%.2f%%) %s validated for %s",
            len(validated),
            _s(len(validated)),
            percent(len(validated), n_unique),
            _is(len(validated)),
            field_name,
        )
    if non_validated:
        logger.warning(
            "%d unique term%s (%.2f%%) %s not validated for %s: %s",
            len(non_validated),
            _s(len(non_validated)),
            percent(len(non_validated), n_unique),
            _is(len(non_validated)),
            field_name,
            quoted(non_validated),
        )


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


# -- the four operations on a reference query set ------------------------------


def validate_values(
    qs: Any, values: Any, field_name: str, *, mute: bool = False, empty_hint: str = ""
) -> Any:
    """Boolean array: exact, case-sensitive membership of each input (api.md §6.1)."""
    import numpy as np  # noqa: PLC0415 - numpy loads with pandas, on first use

    items = as_values(values)
    check_types(qs.model, field_name, items)
    keys = as_keys(items)
    unique = unique_nonempty(keys)
    found = matching_values(qs, field_name, unique)
    mask = np.fromiter((k in found for k in keys), dtype=bool, count=len(keys))
    if not mute:
        validated = [k for k in unique if k in found]
        if not validated:
            warn_if_empty(qs, empty_hint)
        non_validated = [k for k in unique if k not in found]
        log_statistics(field_name, validated, non_validated, len(keys))
    if isinstance(values, str):
        return mask[0]
    return mask


def warn_if_empty(qs: Any, hint: str = "") -> bool:
    """Warn (one query) when the reference set has no rows."""
    if qs.exists():
        return False
    logger.warning(
        "Your %s registry is empty, consider populating it first!%s",
        qs.model.__name__,
        hint,
    )
    return True


def map_non_exact(
    qs: Any,
    field_name: str,
    keys: list[str],
    *,
    case_sensitive: bool,
    keep: str | bool,
    synonyms_field: str | None,
) -> dict[str, Any]:
    """``{key: canonical value}`` for keys without an exact match (two queries).

    Case-insensitive name matches win over synonyms; a synonym shared by several
    records resolves by ``keep`` (``"first"``/``"last"`` by id, ``False``: all).
    """
    if not keys:
        return {}
    out: dict[str, Any] = {}
    casefold = {} if case_sensitive else casefold_matches(qs, field_name, keys)
    synonyms = (
        synonym_candidates(
            qs, field_name, synonyms_field, case_sensitive=case_sensitive
        )
        if has_field(qs.model, synonyms_field)
        else {}
    )
    for key in keys:
        folded = key.lower()
        if not case_sensitive and folded in casefold:
            out[key] = casefold[folded]
            continue
        candidates = synonyms.get(key if case_sensitive else folded)
        if candidates:
            out[key] = pick(candidates, keep)
    return out


def pick(candidates: list[Any], keep: str | bool) -> Any:
    if keep == "first":
        return candidates[0]
    if keep == "last":
        return candidates[-1]
    return list(candidates) if len(candidates) > 1 else candidates[0]


def check_keep(keep: Any) -> None:
    if keep not in ("first", "last", False):
        raise ValueError(f"keep must be 'first', 'last' or False, got {keep!r}")


def convert_field(
    qs: Any, field_name: str, return_field: str, values: set[Any], keep: str | bool
) -> dict[Any, Any]:
    """``{field value: return_field value}`` for ``values`` (one query)."""
    rows = filter_in(qs, field_name, [v for v in values if v is not None])
    grouped: dict[Any, list[Any]] = {}
    for value, other in rows.order_by("pk").values_list(field_name, return_field):
        grouped.setdefault(value, []).append(other)
    return {value: pick(others, keep) for value, others in grouped.items()}
