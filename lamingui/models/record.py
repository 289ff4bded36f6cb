"""``Record``: a flexible metadata record (a sample, an experiment, …)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models, transaction

from .. import context
from .base import SQLRecord
from .feature_manager import FeatureManager
from .fields import CharField, ForeignKey, TextField
from .ids import base62_16
from .mixins import CanCurate, HasParents, HasType, TracksRun, TracksUpdates


class Record(SQLRecord, HasType, HasParents, CanCurate, TracksRun, TracksUpdates):
    """A record: a page (type without schema), a frame (type with schema) or data.

    Examples:
        >>> sample_type = ln.Record(name="Sample", is_type=True).save()
        >>> ln.Record(name="S1", type=sample_type).save()
    """

    _check_uid_length: ClassVar[bool] = True
    _init_keywords: ClassVar[tuple[str, ...]] = ("features",)

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=16, unique=True, db_index=True, editable=False, default=base62_16
    )
    """Universal id."""
    name: str | None = CharField(max_length=150, null=True, db_index=True)
    """Name."""
    type = ForeignKey("self", models.PROTECT, null=True, related_name="records")
    """Type of the record (a record with ``is_type=True``)."""
    description: str | None = TextField(null=True)
    """Description."""
    reference: str | None = CharField(max_length=255, null=True, db_index=True)
    """Reference, e.g. an external id."""
    reference_type: str | None = CharField(max_length=25, null=True, db_index=True)
    """Type of the reference."""
    extra_data = models.JSONField(null=True, blank=True)
    """Extra data."""
    schema = ForeignKey(
        "lamingui.Schema", models.CASCADE, null=True, related_name="records"
    )
    """Schema of a frame's records."""
    run = ForeignKey(
        "lamingui.Run",
        models.PROTECT,
        null=True,
        default=context.current_run_id,
        editable=False,
        related_name="output_records",
    )
    """Run that created the record."""
    parents = models.ManyToManyField("self", symmetrical=False, related_name="children")
    """Parent records."""
    linked_records = models.ManyToManyField(
        "self",
        through="lamingui.RecordRecord",
        through_fields=("record", "value"),
        symmetrical=False,
        related_name="linked_in_records",
    )
    """Records that are feature values of this record."""
    input_of_runs = models.ManyToManyField("lamingui.Run", related_name="input_records")
    """Runs that read this record."""
    artifacts = models.ManyToManyField(
        "lamingui.Artifact", through="lamingui.ArtifactRecord", related_name="records"
    )
    """Artifacts annotated with this record."""
    runs = models.ManyToManyField(
        "lamingui.Run", through="lamingui.RunRecord", related_name="records"
    )
    """Runs annotated with this record."""
    transforms = models.ManyToManyField(
        "lamingui.Transform", through="lamingui.TransformRecord", related_name="records"
    )
    """Transforms annotated with this record."""
    collections = models.ManyToManyField(
        "lamingui.Collection",
        through="lamingui.CollectionRecord",
        related_name="records",
    )
    """Collections annotated with this record."""

    class Meta:
        db_table = "lamindb_record"
        base_manager_name = "objects"
        indexes = [
            # GUI type tree (issue 5): member counts per type on the visible
            # branches and spaces read the index alone; the sub-types and the
            # first members of a type, by name, are read in index order
            models.Index(
                fields=["type", "branch", "space"], name="record_type_branch_space"
            ),
            models.Index(
                fields=["type", "is_type", "name"], name="record_type_is_type_name"
            ),
        ]

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        features = kwargs.pop("features", None)
        if kwargs.get("schema") is not None or kwargs.get("schema_id") is not None:
            kwargs["is_type"] = True  # a schema makes the record a frame
        kwargs = super()._prepare_init(kwargs)
        if features:
            kwargs.setdefault("_init_extras", {})["_features"] = dict(features)
        return kwargs

    def save(self, *args: Any, **kwargs: Any) -> Record:
        """Save; values of ``Record(features={...})`` are written after the first
        save, in the same transaction (a failure leaves the record unsaved)."""
        features = self.__dict__.pop("_features", None)
        if not features:
            return super().save(*args, **kwargs)
        adding = self._state.adding
        try:
            with transaction.atomic(using=kwargs.get("using")):
                super().save(*args, **kwargs)
                self.features.add_values(features)
        except BaseException:
            self.__dict__["_features"] = features
            if adding:  # the insert was rolled back
                self.pk, self._state.adding = None, True
            raise
        return self

    @property
    def features(self) -> FeatureManager:
        """Feature values of the record (api.md §7.1)."""
        return FeatureManager(self)

    def query_records(self, depth: int | None = None) -> Any:
        """All records typed by this one, recursively (``depth=1``: direct only)."""
        return self._query_members(depth)

    @property
    def is_page(self) -> bool:
        return bool(self.is_type) and self.schema_id is None

    @property
    def is_frame(self) -> bool:
        return bool(self.is_type) and self.schema_id is not None

    @property
    def is_sheet(self) -> bool:
        return self.is_frame

    @property
    def is_data(self) -> bool:
        return not self.is_type

    def __str__(self) -> str:
        return self.name or self.uid
