"""``User``: a person acting on the instance (not ``django.contrib.auth``'s user)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from .base import BaseSQLRecord
from .fields import CharField, created_at_field
from .ids import base62_8
from .mixins import CanCurate


class User(BaseSQLRecord, CanCurate):
    """A user of the instance; each GUI login maps to one (handle = username)."""

    _name_field: ClassVar[str] = "handle"

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=8, unique=True, db_index=True, editable=False, default=base62_8
    )
    """Universal id."""
    handle: str = CharField(max_length=30, unique=True, db_index=True)
    """Unique handle, e.g. the login name."""
    name: str | None = CharField(max_length=150, null=True, db_index=True)
    """Full name."""
    created_at = created_at_field()
    """Time of creation."""
    updated_at = created_at_field()
    """Time of the last update."""
    artifacts = models.ManyToManyField(
        "lamingui.Artifact",
        through="lamingui.ArtifactUser",
        through_fields=("user", "artifact"),
        related_name="users",
    )
    """Artifacts annotated with this user."""
    linked_in_records = models.ManyToManyField(
        "lamingui.Record", through="lamingui.RecordUser", related_name="linked_users"
    )
    """Records that have this user as a feature value."""

    class Meta:
        db_table = "lamindb_user"
        base_manager_name = "objects"

    def _before_save(self, using: str) -> None:
        super()._before_save(using)
        if not self._state.adding:  # decisions.md: updated_at refreshes on every save
            self.updated_at = timezone.now()

    def __str__(self) -> str:
        return self.handle
