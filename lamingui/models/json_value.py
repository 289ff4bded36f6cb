"""``JsonValue``: a feature value stored as JSON, shared by artifacts and runs."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import IntegrityError, models, transaction

from .base import SQLRecord
from .fields import CharField, ForeignKey
from .ids import hash_dict, hash_string
from .mixins import TracksRun


def value_hash(value: Any) -> str:
    return hash_dict(value) if isinstance(value, dict) else hash_string(str(value))


class JsonValue(SQLRecord, TracksRun):
    """A JSON value of a feature; one row per (feature, value)."""

    _name_field: ClassVar[str] = "value"

    id = models.BigAutoField(primary_key=True)
    feature = ForeignKey(
        "lamingui.Feature",
        models.CASCADE,
        null=True,
        default=None,
        related_name="values",
    )
    """The feature the value belongs to."""
    value = models.JSONField()
    """The value."""
    hash: str | None = CharField(max_length=22, null=True, db_index=True)
    """Hash of the value."""

    class Meta:
        db_table = "lamindb_jsonvalue"
        base_manager_name = "objects"
        unique_together = ("feature", "hash")

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs = super()._prepare_init(kwargs)
        if "value" in kwargs and kwargs.get("hash") is None:
            kwargs["hash"] = value_hash(kwargs["value"])
        return kwargs

    @classmethod
    def get_or_create(cls, feature: Any, value: Any) -> tuple[JsonValue, bool]:
        """``(row, created)``: ``created`` is ``True`` only when a row was inserted.

        lamindb returns the inverse flag; decisions.md settles on Django's meaning.
        """
        row = cls(feature=feature, value=value)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            return cls.objects.get(feature=feature, hash=row.hash), False
        return row, True

    def __str__(self) -> str:
        return str(self.value)
