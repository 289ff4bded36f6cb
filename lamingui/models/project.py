"""``Project``: a project that groups artifacts, transforms, records and people."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from .base import SQLRecord, _status_code, _status_name
from .fields import CharField, DateField, ForeignKey, TextField, URLField
from .ids import base62_12
from .mixins import (
    CanCurate,
    HasAbbr,
    HasType,
    TracksRun,
    TracksUpdates,
    ValidateFields,
)


class Project(
    SQLRecord, HasType, CanCurate, HasAbbr, TracksRun, TracksUpdates, ValidateFields
):
    """A project with a status, dates and members."""

    STATUS_CODES: ClassVar[dict[str, int]] = {
        "planned": -3,
        "up-next": -2,
        "active": -1,
        "completed": 0,
        "background": 1,
        "paused": 2,
        "canceled": 3,
        "archived": 4,
    }

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=12, unique=True, db_index=True, editable=False, default=base62_12
    )
    """Universal id."""
    name: str = CharField(max_length=255, db_index=True)
    """Name."""
    description: str | None = TextField(null=True)
    """Description."""
    type = ForeignKey("self", models.PROTECT, null=True, related_name="projects")
    """Type of the project."""
    abbr: str | None = CharField(max_length=32, null=True, db_index=True)
    """Abbreviation."""
    url: str | None = URLField(max_length=255, null=True, default=None)
    """URL."""
    start_date = DateField(null=True)
    """Start date."""
    end_date = DateField(null=True)
    """End date."""
    _status_code: int = models.SmallIntegerField(default=0, db_default=0, db_index=True)
    """Status code (see ``status``)."""
    parents = models.ManyToManyField("self", symmetrical=False, related_name="children")
    """Parent projects."""
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, related_name="successors"
    )
    """Projects that come before this one."""
    artifacts = models.ManyToManyField(
        "lamingui.Artifact", through="lamingui.ArtifactProject", related_name="projects"
    )
    """Artifacts of the project."""
    transforms = models.ManyToManyField(
        "lamingui.Transform",
        through="lamingui.TransformProject",
        related_name="projects",
    )
    """Transforms of the project."""
    runs = models.ManyToManyField(
        "lamingui.Run", through="lamingui.RunProject", related_name="projects"
    )
    """Runs of the project."""
    ulabels = models.ManyToManyField(
        "lamingui.ULabel", through="lamingui.ULabelProject", related_name="projects"
    )
    """Labels of the project."""
    features = models.ManyToManyField(
        "lamingui.Feature", through="lamingui.FeatureProject", related_name="projects"
    )
    """Features of the project."""
    schemas = models.ManyToManyField(
        "lamingui.Schema", through="lamingui.SchemaProject", related_name="projects"
    )
    """Schemas of the project."""
    records = models.ManyToManyField(
        "lamingui.Record", through="lamingui.ProjectRecord", related_name="projects"
    )
    """Records annotated with the project."""
    linked_in_records = models.ManyToManyField(
        "lamingui.Record",
        through="lamingui.RecordProject",
        related_name="linked_projects",
    )
    """Records that have this project as a feature value."""
    collections = models.ManyToManyField(
        "lamingui.Collection",
        through="lamingui.CollectionProject",
        related_name="projects",
    )
    """Collections of the project."""
    references = models.ManyToManyField("lamingui.Reference", related_name="projects")
    """References of the project."""
    blocks = models.ManyToManyField(
        "lamingui.Block", through="lamingui.BlockProject", related_name="projects"
    )
    """Blocks (notes) of the project."""
    users = models.ManyToManyField(
        "lamingui.User", through="lamingui.ProjectUser", related_name="projects"
    )
    """Members with a role."""

    class Meta:
        db_table = "lamindb_project"
        base_manager_name = "objects"

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs.setdefault("_status_code", cls.STATUS_CODES["planned"])
        return super()._prepare_init(kwargs)

    @property
    def status(self) -> str:
        return _status_name(self.STATUS_CODES, self._status_code, "completed")

    @status.setter
    def status(self, value: str) -> None:
        self._status_code = _status_code(self.STATUS_CODES, value, "Project")

    def query_projects(self, depth: int | None = None) -> Any:
        """All projects typed by this one, recursively."""
        return self._query_members(depth)

    def __str__(self) -> str:
        return self.name
