"""What blocks a restore from the trash: types left behind and name clashes on main.

gui.md §6.7.1: a restore is all-or-nothing; one conflict aborts the whole
request and nothing comes back. :func:`restore_conflicts` lists, for the
records about to be restored, each one that

* has a type that stays in the trash or archive (restore the type first, or
  restore it along with the record), or
* would clash on the main branch with a record of the same registry that has
  the same name (and, for registries with types, the same type) — the row the
  name de-duplication at construction would have returned, so two of them
  never coexist on main. Versioned registries (versions share a key) and
  registries whose name field is not text are not checked by name.

Both the trash page and the changelist action call it before writing; a
unique constraint the database enforces itself surfaces as an
``IntegrityError`` that the callers also report as a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

MAIN = 1
#: conflicts listed at most (the count of the rest is shown)
MAX_LISTED = 50


@dataclass(frozen=True)
class Conflict:
    """One record that cannot come back, and why."""

    registry: str
    label: str
    reason: str


def _label(record: Any) -> str:
    for name in ("name", "key", "handle", "root"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return str(getattr(record, "uid", "") or f"#{record.pk}")


def _name_field(model: type) -> str | None:
    """The text field names must not repeat in on main, or ``None``."""
    if hasattr(model, "_len_stem_uid"):  # versions share their key
        return None
    name = getattr(model, "_name_field", None) or "name"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not isinstance(field, models.CharField) or field.unique:
        return None  # unique columns are the database's own business
    return name


def _has_type(model: type) -> bool:
    return any(f.name == "type" for f in model._meta.concrete_fields)


def restore_conflicts(model: type, records: list[Any]) -> list[Conflict]:
    """Why ``records`` (of ``model``) cannot be restored together; ``[]`` if they can.

    Runs two queries at most, whatever the number of records.
    """
    if not records:
        return []
    registry = str(model._meta.verbose_name)
    ids = {r.pk for r in records}
    conflicts: list[Conflict] = []
    has_type = _has_type(model)
    if has_type:
        type_ids = {r.type_id for r in records if r.type_id is not None} - ids
        away = {
            t.pk: t
            for t in model._default_manager.filter(pk__in=type_ids).exclude(
                branch_id=MAIN
            )
        }
        for record in records:
            kind = away.get(record.type_id)
            if kind is not None:
                where = "archive" if kind.branch_id == 0 else "trash"
                conflicts.append(
                    Conflict(
                        registry,
                        _label(record),
                        f"its type “{_label(kind)}” is still in the {where};"
                        " restore the type too (“also restore types”) or first.",
                    )
                )
    field = _name_field(model)
    if field is not None:
        key_fields = (field, "type_id") if has_type else (field,)

        def key(row: Any) -> tuple:
            return tuple(getattr(row, f) for f in key_fields)

        named = [r for r in records if getattr(r, field)]
        on_main = {
            tuple(row[1:]): row[0]
            for row in model._default_manager.filter(
                branch_id=MAIN, **{f"{field}__in": {getattr(r, field) for r in named}}
            )
            .exclude(pk__in=ids)
            .values_list("pk", *key_fields)
        }
        seen: dict[tuple, Any] = {}
        for record in named:
            value = getattr(record, field)
            if key(record) in on_main:
                conflicts.append(
                    Conflict(
                        registry,
                        _label(record),
                        f"a {registry} named “{value}”"
                        + (" of the same type" if record.type_id else "")
                        + " already exists on the main branch; rename or delete"
                        " one of them first.",
                    )
                )
            elif key(record) in seen:
                conflicts.append(
                    Conflict(
                        registry,
                        _label(record),
                        f"it has the same name “{value}” as another {registry}"
                        " restored with it; restore one of them alone.",
                    )
                )
            seen.setdefault(key(record), record)
    return conflicts
