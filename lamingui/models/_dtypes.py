"""Feature dtypes (api.md §7.0): parse ``Feature._dtype_str``, display, validate.

Pure functions, no database access: the feature manager resolves registries and
type uids. Value validation is our own (decisions.md: no pandera); messages name
the feature, the expected dtype and the offending values.
"""

from __future__ import annotations

import datetime as dt
import logging
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.apps import apps

from ..errors import ValidationError

logger = logging.getLogger("lamingui")

SIMPLE_DTYPES = frozenset(
    {
        "int",
        "float",
        "num",
        "bool",
        "str",
        "url",
        "path",
        "date",
        "datetime",
        "datetime64[ns, UTC]",
        "dict",
    }
)
#: registries of the core schema that can hold categorical values
CORE_REGISTRIES = frozenset(
    {
        "ULabel",
        "Record",
        "Project",
        "Reference",
        "User",
        "Artifact",
        "Run",
        "Transform",
        "Collection",
    }
)
COERCE_HINT = (
    "   ▶ Hint: Consider setting `feature.coerce = True` to attempt coercing values "
    "during validation to the required dtype."
)


@dataclass(frozen=True)
class CatTarget:
    """One registry of a categorical dtype: ``Record[<type uid>]``, ``Run.uid``."""

    registry: str
    """Registry name, with module prefix for non-core ones (``bionty.CellType``)."""
    field: str | None = None
    """Field holding the label's value; ``None`` means the name field."""
    type_ref: str | None = None
    """uid (or name) of the type the labels must belong to."""
    filters: str | None = None
    """Raw filter expression, e.g. ``schema__uid='…'`` (kept, not applied)."""

    @property
    def is_core(self) -> bool:
        return self.registry in CORE_REGISTRIES

    @property
    def is_available(self) -> bool:
        """Whether the registry is installed (core, or an app such as bionty)."""
        return is_available(self.registry)

    def display(self, type_names: dict[str, str] | None = None) -> str:
        text = self.registry
        if self.type_ref is not None:
            text += f"[{(type_names or {}).get(self.type_ref, self.type_ref)}]"
        elif self.filters is not None:
            text += f"[{self.filters}]"
        if self.field is not None:
            text += f".{self.field}"
        return text


@dataclass(frozen=True)
class Dtype:
    """A parsed ``_dtype_str``."""

    raw: str
    is_list: bool = False
    simple: str | None = None
    """The simple dtype (``int``, ``date``, …); ``None`` for categorical ones."""
    targets: tuple[CatTarget, ...] = ()
    """Registries of a categorical dtype; empty for the bare ``cat``."""

    @property
    def is_cat(self) -> bool:
        return self.simple is None

    @property
    def registries(self) -> list[str]:
        return [t.registry for t in self.targets] or ["ULabel"]

    def target(self, registry: str) -> CatTarget:
        for t in self.targets:
            if t.registry == registry:
                return t
        return CatTarget(registry)

    def display(self, type_names: dict[str, str] | None = None) -> str:
        """Describe form: the outer ``cat[...]`` stripped, type uids as names."""
        if self.simple is not None:
            inner = self.simple
        elif not self.targets:
            inner = "cat"
        else:
            inner = "|".join(t.display(type_names) for t in self.targets)
        return f"list[{inner}]" if self.is_list else inner

    def with_type_names(self, type_names: dict[str, str]) -> str:
        """The raw form with type uids replaced by names (error messages)."""
        if self.simple is not None or not self.targets:
            return self.raw
        inner = "cat[" + "|".join(t.display(type_names) for t in self.targets) + "]"
        return f"list[{inner}]" if self.is_list else inner


def _split_top(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _parse_target(text: str, raw: str) -> CatTarget:
    bracket = None
    head = text
    if "[" in text:
        start = text.index("[")
        end = text.rindex("]")
        bracket = text[start + 1 : end]
        head = text[:start] + text[end + 1 :]
    tokens = [t for t in head.split(".") if t]
    modules = []
    while tokens and tokens[0][:1].islower():
        modules.append(tokens.pop(0))
    if not tokens:
        raise ValidationError(f"Invalid dtype '{raw}': no registry in '{text}'.")
    registry = ".".join([*modules, tokens[0]])
    field = ".".join(tokens[1:]) or None
    if bracket is not None and "=" in bracket:
        return CatTarget(registry, field=field, filters=bracket)
    return CatTarget(registry, field=field, type_ref=bracket or None)


def parse_dtype(raw: str | None) -> Dtype:
    """Parse a dtype string; ``ValidationError`` for strings outside api.md §7.0.

    Examples:
        >>> parse_dtype("list[cat[Record[3KIe7rJ3pPxmW0fT]]]").targets[0].type_ref
        '3KIe7rJ3pPxmW0fT'
    """
    text = (raw or "").strip()
    inner, is_list = text, False
    if text.startswith("list[") and text.endswith("]"):
        inner, is_list = text[5:-1].strip(), True
    if inner in SIMPLE_DTYPES:
        return Dtype(text, is_list=is_list, simple=inner)
    if inner == "cat":
        return Dtype(text, is_list=is_list)
    if inner.startswith("cat[") and inner.endswith("]"):
        body = inner[4:-1]
        targets = tuple(_parse_target(p.strip(), text) for p in _split_top(body, "|"))
        return Dtype(text, is_list=is_list, targets=targets)
    raise ValidationError(f"Invalid dtype '{raw}'.")


def parse_feature_dtype(feature: Any) -> Dtype:
    """The parsed dtype of a feature; the error names the feature."""
    try:
        return parse_dtype(feature._dtype_str)
    except ValidationError as error:
        raise ValidationError(f"Feature '{feature.name}': {error}") from None


def feature_dtype(feature: Any) -> Dtype | None:
    """The parsed dtype of a feature, ``None`` when it cannot be parsed."""
    try:
        return parse_dtype(feature._dtype_str)
    except ValidationError:
        return None


# -- registries ---------------------------------------------------------------


def resolve_registry(name: str) -> Any:
    """The model a dtype names: ``Record`` (the core app), or any installed app's
    registry as ``<app_label>.<ModelName>`` (``bionty.CellType``), through
    Django's app registry. ``ValidationError`` when it is not installed."""
    app_label, _, model_name = name.rpartition(".")
    try:
        return apps.get_model(app_label or "lamingui", model_name)
    except LookupError:
        module = app_label or "lamingui"
        raise ValidationError(
            f"The registry '{name}' is not available: no installed module "
            f"'{module}' defines '{model_name}'."
        ) from None


def registry_name(model: Any) -> str:
    """How dtypes name a model: ``Record``, ``bionty.CellType``."""
    meta = model._meta
    if meta.app_label == "lamingui":
        return meta.object_name
    return f"{meta.app_label}.{meta.object_name}"


def is_available(name: str) -> bool:
    """Whether a dtype's registry name resolves to an installed model."""
    app_label, _, model_name = name.rpartition(".")
    try:
        apps.get_model(app_label or "lamingui", model_name)
    except LookupError:
        return False
    return True


# -- validating simple values --------------------------------------------------


class _Invalid(Exception):
    """A value does not fit the dtype."""


def _number(value: Any, *, integral: bool) -> int | float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _Invalid
    if integral:
        if not isinstance(value, numbers.Integral):
            raise _Invalid
        return int(value)
    return value.item() if hasattr(value, "item") else value


def _coerce_number(value: Any, *, integral: bool) -> int | float:
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text) if integral else float(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                raise _Invalid from None
    if integral and isinstance(value, float) and value.is_integer():
        return int(value)
    return _number(value, integral=integral)


def _check_simple(simple: str, value: Any, coerce: bool) -> Any:
    """The JSON form of ``value`` for ``simple``, or ``_Invalid``."""
    if simple in {"int", "float", "num"}:
        integral = simple == "int"
        number = (
            _coerce_number(value, integral=integral)
            if coerce
            else _number(value, integral=integral)
        )
        return float(number) if simple == "float" else number
    if simple == "bool":
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return bool(value)
        if coerce and str(value).strip().lower() in {"true", "1", "yes"}:
            return True
        if coerce and str(value).strip().lower() in {"false", "0", "no"}:
            return False
        raise _Invalid
    if simple in {"str", "url", "path"}:
        if isinstance(value, str):
            return value
        if simple == "path" and isinstance(value, PurePath):
            return value.as_posix()
        if coerce and isinstance(value, numbers.Number | PurePath):
            return str(value)
        raise _Invalid
    if simple == "dict":
        if isinstance(value, dict):
            return value
        raise _Invalid
    return _check_temporal(simple, value, coerce)


def _check_temporal(simple: str, value: Any, coerce: bool) -> str:
    if isinstance(value, str) and coerce:
        try:
            value = (
                dt.date.fromisoformat(value)
                if simple == "date"
                else dt.datetime.fromisoformat(value)
            )
        except ValueError as error:
            raise _Invalid from error
    if simple == "date":
        if isinstance(value, dt.datetime):
            if not coerce:
                raise _Invalid
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        raise _Invalid
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime) and coerce:
        value = dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, dt.datetime):
        raise _Invalid
    if simple == "datetime64[ns, UTC]" and value.tzinfo is None:
        if not coerce:
            raise _Invalid
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def as_values(value: Any) -> list[Any]:
    """A value or a collection of values as a list (strings and dicts stay whole)."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # numpy arrays, pandas series and categoricals
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | dict):
        return list(value)
    return [value]


def validate_simple(dtype: Dtype, value: Any, coerce: bool) -> tuple[Any, list[Any]]:
    """``(json_value, offending_values)`` for a value of a simple dtype."""
    simple = dtype.simple
    assert simple is not None  # noqa: S101 - callers pass simple dtypes only
    if not dtype.is_list:
        try:
            return _check_simple(simple, value, coerce), []
        except _Invalid:
            return None, [value]
    if isinstance(value, str | dict) or not isinstance(value, Iterable):
        if not coerce:
            return None, [value]
        value = [value]
    out, bad = [], []
    for item in as_values(value):
        try:
            out.append(_check_simple(simple, item, coerce))
        except _Invalid:
            bad.append(item)
    return out, bad


def wrong_dtype_line(feature_name: str, dtype: str, bad: list[Any]) -> str:
    shown = ", ".join(f"{v!r} ({type(v).__name__})" for v in bad[:10])
    more = ", ..." if len(bad) > 10 else ""
    return (
        f"WRONG_DATATYPE: expected dtype '{dtype}' for feature '{feature_name}', "
        f"got {shown}{more}"
    )


def from_json(dtype: Dtype, value: Any) -> Any:
    """The Python value of a stored JSON value (dates and datetimes parsed)."""
    if dtype.simple not in {"date", "datetime", "datetime64[ns, UTC]"}:
        return value
    parse = (
        dt.date.fromisoformat if dtype.simple == "date" else dt.datetime.fromisoformat
    )
    try:
        if dtype.is_list and isinstance(value, list):
            return [parse(v) for v in value]
        return parse(value) if isinstance(value, str) else value
    except ValueError:
        return value


# -- suggesting a dtype for an unknown key -------------------------------------


def _is_iso(value: str, parse: Any) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _scalar_dtype(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, numbers.Integral):
        return "int"
    if isinstance(value, numbers.Real):
        return "float"
    if isinstance(value, dt.datetime):
        return "datetime64[ns, UTC]" if value.tzinfo is not None else "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        if len(value) == 10 and _is_iso(value, dt.date.fromisoformat):
            return "date"
        if len(value) > 10 and _is_iso(value, dt.datetime.fromisoformat):
            return "datetime"
        return "cat ? str"
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return f"cat[{type(value).__name__}]"
    if isinstance(value, dict):
        return "dict"
    return None


def infer_dtype(value: Any) -> str:
    """A dtype suggestion for the creation hint of an unknown feature key."""
    scalar = _scalar_dtype(value)
    if scalar is not None:
        return scalar
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        logger.warning("cannot infer feature type of: %r, returning '?'", value)
        return "?"
    items = as_values(value)
    kinds = {type(item) for item in items}
    if items and len(kinds) == 1:
        inner = _scalar_dtype(items[0])
        if inner in {"bool", "int", "float", "cat ? str"} or (inner or "").startswith(
            "cat["
        ):
            return f"list[{inner}]"
    logger.warning("cannot infer feature type of: %r, returning '?'", value)
    return "?"
