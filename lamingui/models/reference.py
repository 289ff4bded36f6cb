"""``Reference``: a publication, preprint or other citable source."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models

from .base import SQLRecord
from .fields import (
    BigIntegerField,
    CharField,
    DateField,
    ForeignKey,
    TextField,
    URLField,
)
from .ids import base62_12
from .mixins import (
    CanCurate,
    HasAbbr,
    HasType,
    TracksRun,
    TracksUpdates,
    ValidateFields,
)

DOI_PATTERN = r"^(?:https?://(?:dx\.)?doi\.org/|doi:|DOI:)?10\.\d+/.*$"
DOI_MESSAGE = "Must be a DOI (e.g., 10.1000/xyz123 or https://doi.org/10.1000/xyz123)"


class Reference(
    SQLRecord, HasType, CanCurate, HasAbbr, TracksRun, TracksUpdates, ValidateFields
):
    """A reference: name, DOI, PubMed id, URL and text."""

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=12, unique=True, db_index=True, editable=False, default=base62_12
    )
    """Universal id."""
    name: str = CharField(max_length=255, db_index=True)
    """Title or name."""
    description: str | None = TextField(null=True)
    """Description."""
    type = ForeignKey("self", models.PROTECT, null=True, related_name="references")
    """Type of the reference."""
    abbr: str | None = CharField(max_length=32, null=True, db_index=True)
    """Abbreviation."""
    url: str | None = URLField(null=True, db_index=True)
    """URL."""
    pubmed_id: int | None = BigIntegerField(null=True, db_index=True)
    """PubMed id."""
    doi: str | None = CharField(
        max_length=255,
        null=True,
        db_index=True,
        validators=[RegexValidator(DOI_PATTERN, message=DOI_MESSAGE)],
    )
    """DOI, e.g. ``10.1000/xyz123``."""
    text: str | None = TextField(null=True)
    """Abstract or full text."""
    date = DateField(null=True)
    """Publication date."""
    artifacts = models.ManyToManyField(
        "lamingui.Artifact",
        through="lamingui.ArtifactReference",
        related_name="references",
    )
    """Artifacts citing the reference."""
    transforms = models.ManyToManyField(
        "lamingui.Transform",
        through="lamingui.TransformReference",
        related_name="references",
    )
    """Transforms citing the reference."""
    collections = models.ManyToManyField(
        "lamingui.Collection",
        through="lamingui.CollectionReference",
        related_name="references",
    )
    """Collections citing the reference."""
    linked_in_records = models.ManyToManyField(
        "lamingui.Record",
        through="lamingui.RecordReference",
        related_name="linked_references",
    )
    """Records that have this reference as a feature value."""
    records = models.ManyToManyField(
        "lamingui.Record", through="lamingui.ReferenceRecord", related_name="references"
    )
    """Records annotated with the reference."""

    class Meta:
        db_table = "lamindb_reference"
        base_manager_name = "objects"

    def query_references(self, depth: int | None = None) -> Any:
        """All references typed by this one, recursively."""
        return self._query_members(depth)

    def __str__(self) -> str:
        return self.name
