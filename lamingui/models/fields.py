"""Field wrappers that carry lamindb's defaults (models.md §0).

A field that is ``null=False`` and has the default ``None`` is *required*: the
constructor and ``save()`` refuse a record without a value for it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

__all__ = [
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "JSONField",
    "ManyToManyField",
    "OneToOneField",
    "SmallIntegerField",
    "TextField",
    "URLField",
    "created_at_field",
]


class CharField(models.CharField):
    """``CharField`` with ``max_length=255``, ``blank=True`` and ``default=None``."""

    def __init__(self, max_length: int = 255, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", None)
        super().__init__(max_length=max_length, **kwargs)


class TextField(models.TextField):
    """``TextField`` with ``blank=True`` and ``default=None``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", None)
        super().__init__(**kwargs)


class BooleanField(models.BooleanField):
    """``BooleanField`` with ``blank=True`` and ``default=None``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", None)
        super().__init__(**kwargs)


class BigIntegerField(models.BigIntegerField):
    """``BigIntegerField`` with ``blank=True`` and ``default=None``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", None)
        super().__init__(**kwargs)


def _blank(cls: type[models.Field]) -> type[models.Field]:
    """Subclass a Django field so that it defaults to ``blank=True``."""

    def __init__(self: models.Field, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        cls.__init__(self, *args, **kwargs)

    return type(cls.__name__, (cls,), {"__init__": __init__, "__module__": __name__})


ForeignKey = _blank(models.ForeignKey)
OneToOneField = _blank(models.OneToOneField)
ManyToManyField = _blank(models.ManyToManyField)
DateTimeField = _blank(models.DateTimeField)
DateField = _blank(models.DateField)
IntegerField = _blank(models.IntegerField)
SmallIntegerField = _blank(models.SmallIntegerField)
FloatField = _blank(models.FloatField)
JSONField = _blank(models.JSONField)
URLField = _blank(models.URLField)


def created_at_field(**kwargs: Any) -> models.DateTimeField:
    """``created_at``/``updated_at``: the time of insert (models.md §1.3).

    The database sets it for rows written outside the ORM (``db_default``); the
    ORM sets it in Python, which spares a SQL expression per row in bulk inserts.
    """
    kwargs.setdefault("db_index", True)
    return DateTimeField(
        editable=False, default=timezone.now, db_default=Now(), **kwargs
    )
