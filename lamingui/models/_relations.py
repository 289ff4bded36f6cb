"""Many-to-many accessors with lamindb's errors (api.md §3.4).

Django raises its own ``ValueError`` when an m2m relation of an unsaved object is
used, and another one when ``add()`` gets an object of another database.
lamingui's registries use :class:`RecordManyToManyDescriptor` instead (the
``Registry`` metaclass swaps it in whenever Django sets an m2m accessor on a
registry), which raises lamindb's messages:

- ``record.parents`` on an unsaved record: "You are trying to access the
  many-to-many relationships of an unsaved Record object. Please save it first
  using '.save()'.";
- ``artifact.records.add(record_of_other_instance)``: "Cannot label a record
  from instance 'lab/other'. Please save the record first to your instance
  using '.save()'."
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db import models
from django.db.models.fields.related_descriptors import ManyToManyDescriptor


def _refuse_foreign(manager: Any, objs: tuple[Any, ...]) -> None:
    here = manager.instance._state.db
    for obj in objs:
        if not isinstance(obj, models.Model):
            continue
        there = obj._state.db
        if there is not None and here is not None and there != here:
            raise ValueError(
                f"Cannot label a record from instance '{there}'. Please save the "
                "record first to your instance using '.save()'."
            )


class RecordManyToManyDescriptor(ManyToManyDescriptor):
    """``ManyToManyDescriptor`` raising lamindb's errors (see the module)."""

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is not None and instance.pk is None:
            raise ValueError(
                "You are trying to access the many-to-many relationships of an "
                f"unsaved {type(instance).__name__} object. Please save it first "
                "using '.save()'."
            )
        return super().__get__(instance, cls)

    @cached_property
    def related_manager_cls(self) -> type:
        base = super().related_manager_cls

        def add(manager: Any, *objs: Any, **kwargs: Any) -> None:
            _refuse_foreign(manager, objs)
            base.add(manager, *objs, **kwargs)

        return type(base.__name__, (base,), {"add": add, "__module__": __name__})


def guard(value: Any) -> Any:
    """The lamingui variant of a plain m2m descriptor; anything else unchanged."""
    if type(value) is ManyToManyDescriptor:
        value.__class__ = RecordManyToManyDescriptor
    return value
