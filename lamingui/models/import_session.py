"""``ImportSession``: one browser upload on its way to an import (gui.md §7.2)."""

from __future__ import annotations

import uuid

from django.db import models


class ImportSession(models.Model):
    """An uploaded table with its column and value mappings, owned by its creator."""

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        VALIDATED = "validated", "validated"
        COMMITTED = "committed", "committed"
        FAILED = "failed", "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey("lamingui.User", models.CASCADE, related_name="+")
    """Who uploaded the table; only they (or a superuser) may open the session."""
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    """Upload time; sessions expire after a while (``lamingui_clear_imports``)."""
    status = models.CharField(
        max_length=9, choices=Status.choices, default=Status.DRAFT
    )
    """Where the session is in the flow."""
    filename = models.CharField(max_length=255)
    """Name of the uploaded file."""
    raw = models.BinaryField()
    """The uploaded bytes."""
    delimiter = models.CharField(max_length=4, blank=True, default="")
    """Detected delimiter (empty for Excel files)."""
    schema = models.ForeignKey("lamingui.Schema", models.CASCADE, related_name="+")
    """Schema the table is validated against."""
    record_type = models.ForeignKey(
        "lamingui.Record",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    """Record type (``is_type=True``) of the imported rows; none: validate only."""
    space = models.ForeignKey("lamingui.Space", models.CASCADE, related_name="+")
    """Space the records are created in."""
    index_column = models.CharField(max_length=255, blank=True, default="")
    """Column whose values become record names."""
    column_map = models.JSONField(default=dict, blank=True)
    """CSV column -> feature name (or ``None`` to ignore the column)."""
    value_map = models.JSONField(default=dict, blank=True)
    """Feature name -> {non-validated value -> chosen replacement}."""
    report = models.JSONField(default=dict, blank=True)
    """The last validation or import report."""

    class Meta:
        db_table = "lamingui_importsession"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"
