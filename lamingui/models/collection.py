"""``Collection``: an ordered, versioned set of artifacts."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models, transaction

from .. import context
from .base import SQLRecord
from .fields import CharField, ForeignKey, OneToOneField, TextField
from .ids import hash_set
from .label_manager import LabelManager
from .mixins import IsVersioned, TracksRun, TracksUpdates
from .transform import check_key


class Collection(SQLRecord, IsVersioned, TracksRun, TracksUpdates):
    """A collection of artifacts, e.g. the files of one dataset release."""

    _name_field: ClassVar[str] = "key"
    _check_uid_length: ClassVar[bool] = True
    _positional_args: ClassVar[tuple[str, ...]] = ("artifacts",)
    _init_keywords: ClassVar[tuple[str, ...]] = ("artifacts", "skip_hash_lookup")
    _TRACK_FIELDS: ClassVar[tuple[str, ...]] = ("schema_id",)

    id = models.AutoField(primary_key=True)
    uid: str = CharField(max_length=20, unique=True, db_index=True, editable=False)
    """Universal id: 16-character stem plus 4-character version suffix."""
    key: str = CharField(max_length=255, db_index=True)
    """Name or ``/``-separated path; a version family shares its key."""
    description: str | None = TextField(null=True)
    """Description."""
    hash: str | None = CharField(max_length=22, null=True, db_index=True)
    """Hash of the set of member artifact hashes."""
    reference: str | None = CharField(max_length=255, null=True, db_index=True)
    """Reference."""
    reference_type: str | None = CharField(max_length=25, null=True, db_index=True)
    """Type of the reference."""
    run = ForeignKey(
        "lamingui.Run",
        models.PROTECT,
        null=True,
        default=context.current_run_id,
        related_name="output_collections",
    )
    """Run that created the collection."""
    schema = ForeignKey(
        "lamingui.Schema",
        models.PROTECT,
        null=True,
        default=None,
        related_name="validated_collections",
    )
    """Schema the collection was validated against."""
    meta_artifact = OneToOneField(
        "lamingui.Artifact",
        models.PROTECT,
        null=True,
        related_name="_meta_of_collection",
    )
    """Artifact holding the collection's metadata."""
    artifacts = models.ManyToManyField(
        "lamingui.Artifact",
        through="lamingui.CollectionArtifact",
        related_name="collections",
    )
    """Member artifacts."""
    ulabels = models.ManyToManyField(
        "lamingui.ULabel",
        through="lamingui.CollectionULabel",
        related_name="collections",
    )
    """Labels."""
    linked_in_records = models.ManyToManyField(
        "lamingui.Record",
        through="lamingui.RecordCollection",
        related_name="linked_collections",
    )
    """Records that have this collection as a feature value."""
    input_of_runs = models.ManyToManyField(
        "lamingui.Run", related_name="input_collections"
    )
    """Runs that read this collection."""
    recreating_runs = models.ManyToManyField(
        "lamingui.Run", related_name="recreated_collections"
    )
    """Runs that re-created this collection."""
    _actions = models.ManyToManyField("lamingui.Artifact", related_name="+")
    """Action artifacts."""

    class Meta:
        db_table = "lamindb_collection"
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "hash"], name="unique_collection_key_hash_not_null"
            )
        ]

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        members = kwargs.pop("artifacts", None)
        skip_hash_lookup = kwargs.pop("skip_hash_lookup", False)
        check_key(kwargs.get("key"))
        if members is not None:
            members = [members] if not isinstance(members, list | tuple) else members
            hashes = [a.hash for a in members]
            if len(set(hashes)) != len(hashes):
                raise ValueError("A collection can't contain the same artifact twice.")
            if any(a.pk is None for a in members):
                raise ValueError("Save the artifacts before collecting them.")
            kwargs["hash"] = hash_set(h for h in hashes if h)
            live = cls.objects.exclude(branch_id=-1)
            if not skip_hash_lookup:
                same = live.filter(hash=kwargs["hash"]).first()
                if same is not None:
                    kwargs["_existing_record"] = same
                    return kwargs
        if kwargs.get("revises") is None and kwargs.get("key") is not None:
            head = (
                cls.objects.exclude(branch_id=-1)
                .filter(key=kwargs["key"], is_latest=True)
                .order_by("-created_at", "-id")
                .first()
            )
            if head is not None:
                kwargs["revises"] = head
                kwargs.setdefault("_init_extras", {})["_revises_inferred"] = True
        kwargs = super()._prepare_init(kwargs)
        if members is not None:
            kwargs.setdefault("_init_extras", {})["_members"] = list(members)
        return kwargs

    def save(self, *args: Any, **kwargs: Any) -> Collection:
        members = self.__dict__.pop("_members", None)
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if members:
                self.artifacts.add(*members)
        return self

    @property
    def name(self) -> str:
        """Last ``/`` segment of the key."""
        return self.key.rsplit("/", 1)[-1]

    @property
    def ordered_artifacts(self) -> Any:
        """Member artifacts in insertion order."""
        return self.artifacts.order_by("links_collection__id")

    @property
    def data_artifact(self) -> Any:
        return self.artifacts.first()

    @property
    def transform(self) -> Any:
        return self.run.transform if self.run_id is not None else None

    @property
    def labels(self) -> LabelManager:
        """Labels of the collection (api.md §7.2)."""
        return LabelManager(self)

    def append(self, artifact: Any) -> Collection:
        """A new (unsaved) version with ``artifact`` added."""
        return Collection(
            [*self.ordered_artifacts, artifact], key=self.key, revises=self
        )

    def __str__(self) -> str:
        return self.key
