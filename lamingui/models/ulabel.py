"""``ULabel``: a universal label, e.g. a condition or a tissue, with parents."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from .base import SQLRecord
from .fields import CharField, ForeignKey, TextField
from .ids import base62_8
from .mixins import CanCurate, HasParents, HasType, TracksRun, TracksUpdates


class ULabel(SQLRecord, HasType, HasParents, CanCurate, TracksRun, TracksUpdates):
    """A label for artifacts, runs, transforms, collections and records."""

    _check_uid_length: ClassVar[bool] = True

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=8, unique=True, db_index=True, editable=False, default=base62_8
    )
    """Universal id."""
    name: str = CharField(max_length=150, db_index=True)
    """Name."""
    type = ForeignKey("self", models.PROTECT, null=True, related_name="ulabels")
    """Type of the label."""
    description: str | None = TextField(null=True)
    """Description."""
    reference: str | None = CharField(max_length=255, null=True, db_index=True)
    """Reference."""
    reference_type: str | None = CharField(max_length=25, null=True, db_index=True)
    """Type of the reference."""
    parents = models.ManyToManyField("self", symmetrical=False, related_name="children")
    """Parent labels."""
    artifacts = models.ManyToManyField(
        "lamingui.Artifact", through="lamingui.ArtifactULabel", related_name="ulabels"
    )
    """Artifacts with this label."""
    linked_in_records = models.ManyToManyField(
        "lamingui.Record",
        through="lamingui.RecordULabel",
        related_name="linked_ulabels",
    )
    """Records that have this label as a feature value."""

    class Meta:
        db_table = "lamindb_ulabel"
        verbose_name = "ULabel"
        base_manager_name = "objects"

    def query_ulabels(self, depth: int | None = None) -> Any:
        """All labels typed by this one, recursively."""
        return self._query_members(depth)

    def __str__(self) -> str:
        return self.name
