"""``lookup()``: an auto-complete namedtuple over a field's values (api.md §1.8).

Built for registries of many rows: one ``values_list`` query of the columns a
lookup needs (primary key, the field, ``uid``, the return field), records made
straight from those rows (their other fields load on first access, as with
``only()``), and a ``Lookup`` tuple class assembled directly instead of through
:func:`collections.namedtuple`, whose generated ``__new__`` costs tens of
milliseconds for ten thousand fields. The result behaves as a namedtuple:
``_fields``, ``_asdict()``, iteration over the values, attribute access.
"""

from __future__ import annotations

import gc
import keyword
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from ._names import resolve_field

try:  # CPython's namedtuple field accessor; a property does the same, slower
    from collections import _tuplegetter
except ImportError:  # pragma: no cover - other interpreters

    def _tuplegetter(index: int, doc: str | None) -> Any:
        return property(itemgetter(index), doc=doc)


logger = logging.getLogger("lamingui")
_NON_WORD = re.compile(r"[^0-9a-zA-Z_]+")
_PLAIN = re.compile(r"[a-z][0-9a-z_]*\Z")


def to_attribute_name(value: str) -> str:
    """Sanitise a value into an attribute name (``"exp-2 (A)"`` -> ``exp_2_a_``)."""
    if _PLAIN.match(value):  # already a lower-case identifier: the common case
        return value + "_" if keyword.iskeyword(value) else value
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
    rows = qs if qs.ordered else qs.order_by("id")
    with _gc_paused():
        records = _load(model, rows, field_name, return_name)
        grouped: dict[str, list[Any]] = {}
        by_value: dict[str, list[Any]] = {}
        for record in records:
            value = getattr(record, field_name)
            if not isinstance(value, str) or not value:
                continue
            by_value.setdefault(value, []).append(record)
            key = to_attribute_name(value)
            if key == "dict":  # the last field is the ``dict()`` method
                key = "dict_"
            if key:
                grouped.setdefault(key, []).append(record)
        mapping = {v: (rs[0] if len(rs) == 1 else rs) for v, rs in by_value.items()}
        return _build(grouped, mapping, return_name, keep)


def _load(
    model: type, rows: Any, field_name: str, return_name: str | None
) -> list[Any]:
    """Records of ``rows`` holding only the columns a lookup reads."""
    concrete = {f.name: f for f in model._meta.concrete_fields}
    wanted = [model._meta.pk.name, field_name, "uid", return_name]
    names = [
        n
        for n in dict.fromkeys(wanted)
        if n in concrete and not concrete[n].is_relation
    ]
    if field_name not in names:  # a relation or a lookup path: load whole records
        return list(rows)
    attnames = [concrete[n].attname for n in names]
    return model._from_rows(rows.db, attnames, rows.values_list(*names))


def _build(
    grouped: dict[str, list[Any]],
    mapping: dict[str, Any],
    return_name: str | None,
    keep: str | bool,
) -> Any:
    keys = list(grouped)
    namespace: dict[str, Any] = {
        "__slots__": (),
        "_fields": (*keys, "dict"),
        "__repr__": _repr,
        "_asdict": _asdict,
        "__getnewargs__": lambda self: tuple(self),
    }
    values: list[Any] = []
    for index, key in enumerate(keys):
        records = grouped[key]
        picked = [getattr(r, return_name) for r in records] if return_name else records
        if len(picked) == 1:
            values.append(picked[0])
            namespace[key] = _tuplegetter(index, None)
            continue
        values.append(picked if keep is False else _choose(picked, keep))
        namespace[key] = _WarnOnce(index, key, len(picked), keep)
    values.append(lambda: dict(mapping))
    namespace["dict"] = _tuplegetter(len(keys), None)
    cls = type("Lookup", (tuple,), namespace)
    return tuple.__new__(cls, values)


def _choose(values: list[Any], keep: str | bool) -> Any:
    return values[-1] if keep == "last" else values[0]


class _WarnOnce:
    """Field accessor of a key several records share: warns on first access."""

    def __init__(self, index: int, key: str, count: int, keep: str | bool) -> None:
        self.index, self.key, self.count, self.keep = index, key, count, keep
        self.warned = False

    def __get__(self, instance: Any, owner: type) -> Any:
        if instance is None:
            return self
        if not self.warned:
            self.warned = True
            logger.warning(
                "%d records found for '%s'. Returning based on keep='%s'.",
                self.count,
                self.key,
                self.keep,
            )
        return tuple.__getitem__(instance, self.index)


def _repr(self: tuple) -> str:
    shown = ", ".join(
        f"{k}={v!r}" for k, v in zip(self._fields[:-1], self, strict=False)
    )
    return f"Lookup({shown})"


def _asdict(self: tuple) -> dict[str, Any]:
    return dict(zip(self._fields, self, strict=True))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while thousands of small objects are made.

    Only the cycle collector pauses (reference counting still frees memory);
    building ten thousand records otherwise triggers several full collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
