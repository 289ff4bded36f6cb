"""Locked records (decisions.md): ``is_locked=True`` refuses edits and deletes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import NoWriteAccess

if TYPE_CHECKING:
    from .base import BaseSQLRecord

LOCKED_MESSAGE = (
    "It is not allowed to modify or create locked ('is_locked=True') records: "
    "{record!r}. Unlock it first (record.is_locked = False; record.save())."
)


def guard_locked_save(record: BaseSQLRecord, using: str) -> None:
    if record._state.adding:
        if getattr(record, "is_locked", False) and record.pk is not None:
            raise NoWriteAccess(LOCKED_MESSAGE.format(record=record))
        return
    if not record._loaded_value("is_locked"):
        return
    # a locked row may only be unlocked, with no other change in the same save
    if getattr(record, "is_locked", False):
        raise NoWriteAccess(LOCKED_MESSAGE.format(record=record))
    stored = type(record).objects.using(using).filter(pk=record.pk).values().first()
    if stored is None:
        return
    changed = [
        f.name
        for f in record._meta.concrete_fields
        if f.attname not in {"is_locked", "updated_at"}
        and f.attname in stored
        and f.get_prep_value(getattr(record, f.attname))
        != f.get_prep_value(stored[f.attname])
    ]
    if changed:
        raise NoWriteAccess(
            f"Unlock {record!r} in a save of its own; this save also changes {changed}."
        )
