"""Unique collisions on ``save()`` (api.md §2.1).

Inserting a record whose ``uid`` (or another column declared ``unique=True``,
such as ``ontology_id``, ``handle`` or a storage ``root``) already exists does
not fail: the stored row is returned instead.

- stored on the main branch (or in a registry without branches): the stored
  values are loaded into the object, with a warning
  ``returning Record record with same ['uid']: ...``;
- stored on another branch (the trash, the archive): the new values are copied
  onto the stored row, which thereby moves to the caller's branch, and that row
  is loaded into the object.

A new version (``revises=``) whose uid collides still raises ``IntegrityError``
(and the demotion of the previous head is rolled back with it).
Constraints over several columns or expressions (the case-insensitive name of a
space, link rows, per-type names) are not handled: they still raise
``IntegrityError``.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from django.db import connections, transaction

if TYPE_CHECKING:
    from django.db.models import Field

    from .base import BaseSQLRecord

logger = logging.getLogger("lamingui")

#: columns the caller's values never replace on the stored row
_KEPT = frozenset({"uid", "created_at", "created_by_id", "created_on_id"})


def unique_fields(cls: type[BaseSQLRecord]) -> tuple[Field, ...]:
    """Single columns declared unique, primary key excepted (cached per class)."""
    fields = cls.__dict__.get("_unique_fields_cache")
    if fields is None:
        fields = tuple(
            f for f in cls._meta.concrete_fields if f.unique and not f.primary_key
        )
        cls._unique_fields_cache = fields
    return fields


def insert_guard(using: str) -> AbstractContextManager[Any]:
    """A savepoint inside a transaction (so that a failed insert can be recovered);
    nothing in autocommit mode, where a failed statement leaves nothing behind."""
    if connections[using].in_atomic_block:
        return transaction.atomic(using=using)
    return nullcontext()


def take_existing(record: BaseSQLRecord, using: str) -> bool:
    """After a failed insert: load the stored row that collided into ``record``.

    Returns ``False`` when no single unique column collided (the caller re-raises).
    """
    model = type(record)
    existing, same = None, []
    for field in unique_fields(model):
        value = getattr(record, field.attname)
        if value is None:
            continue
        found = model.objects.using(using).filter(**{field.attname: value}).first()
        if found is not None and (existing is None or found.pk == existing.pk):
            existing = found
            same.append(field.name)
    if existing is None:
        return False
    values = {
        name: getattr(record, model._meta.get_field(name).attname) for name in same
    }
    branch_id = getattr(existing, "branch_id", None)
    if branch_id is None or branch_id == 1:
        logger.warning(
            "returning %s record with same %s: %r", model.__name__, same, values
        )
    else:
        for field in model._meta.concrete_fields:
            if field.primary_key or field.attname in _KEPT:
                continue
            setattr(existing, field.attname, getattr(record, field.attname))
        existing.save(using=using)
        logger.warning(
            "returning %s record from branch %s with same %s, now on branch %s: %r",
            model.__name__,
            branch_id,
            same,
            existing.branch_id,
            values,
        )
    state = record._state
    record.__dict__.update(
        {k: v for k, v in existing.__dict__.items() if k != "_state"}
    )
    state.adding = False
    state.db = using
    return True
