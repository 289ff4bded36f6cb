"""``Artifact``: a dataset, model or any file, versioned by ``key``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar

from django.db import DEFAULT_DB_ALIAS, models, transaction

from .. import context
from ._artifact_io import (
    copy_into_storage,
    default_storage_root,
    describe_source,
    load_path,
    stored_path,
)
from .base import SQLRecord
from .feature_manager import FeatureManager
from .fields import BigIntegerField, BooleanField, CharField, ForeignKey, TextField
from .label_manager import LabelManager
from .lazy_artifact import LazyArtifact
from .mixins import IsVersioned, TracksRun, TracksUpdates
from .storage import Storage, normalize_root
from .transform import check_key

logger = logging.getLogger("lamingui")


class Artifact(SQLRecord, IsVersioned, TracksRun, TracksUpdates):
    """A file or dataset in a storage location, with metadata and versions.

    Examples:
        >>> artifact = ln.Artifact("data.csv", key="raw/data.csv").save()
        >>> artifact.load()
    """

    _name_field: ClassVar[str] = "key"
    _check_uid_length: ClassVar[bool] = True
    _positional_args: ClassVar[tuple[str, ...]] = ("data",)
    _init_keywords: ClassVar[tuple[str, ...]] = (
        "data",
        "path",
        "overwrite_versions",
        "skip_hash_lookup",
    )
    _TRACK_FIELDS: ClassVar[tuple[str, ...]] = (
        "space_id",
        "storage_id",
        "is_latest",
        "suffix",
        "key",
    )

    id = models.AutoField(primary_key=True)
    uid: str = CharField(max_length=20, unique=True, db_index=True, editable=False)
    """Universal id: 16-character stem plus 4-character version suffix."""
    key: str | None = CharField(max_length=1024, null=True, db_index=True)
    """Virtual or real relative path; same key and storage = same family."""
    _real_key: str | None = CharField(max_length=1024, null=True, db_index=True)
    """Real storage key when it differs from ``key``."""
    description: str | None = TextField(null=True, db_index=True)
    """Description."""
    storage = ForeignKey(
        "lamingui.Storage", models.PROTECT, editable=False, related_name="artifacts"
    )
    """Storage location."""
    suffix: str = CharField(max_length=30, db_index=True, editable=False)
    """Canonical suffix, e.g. ``.csv``; empty when unknown."""
    kind: str | None = CharField(max_length=20, null=True, db_index=True)
    """``dataset``, ``model``, ``plan`` or any other string."""
    otype: str | None = CharField(
        max_length=64, null=True, db_index=True, editable=False
    )
    """In-memory object type, e.g. ``DataFrame``."""
    size: int | None = BigIntegerField(null=True, db_index=True, editable=False)
    """Size in bytes."""
    hash: str | None = CharField(
        max_length=22, null=True, db_index=True, editable=False
    )
    """Content hash."""
    n_files: int | None = BigIntegerField(null=True, db_index=True, editable=False)
    """Number of files (folders only)."""
    n_observations: int | None = BigIntegerField(
        null=True, db_index=True, editable=False
    )
    """Number of observations, e.g. DataFrame rows."""
    _hash_type: str | None = CharField(
        max_length=30, null=True, db_index=True, editable=False
    )
    """Hash algorithm: ``md5``, ``md5-fl``, …"""
    run = ForeignKey(
        "lamingui.Run",
        models.PROTECT,
        null=True,
        default=context.current_run_id,
        editable=False,
        related_name="output_artifacts",
    )
    """Run that created the artifact."""
    schema = ForeignKey(
        "lamingui.Schema",
        models.PROTECT,
        null=True,
        default=None,
        related_name="validated_artifacts",
    )
    """Schema the artifact was validated against."""
    extra_data = models.JSONField(null=True, blank=True)
    """Extra data."""
    _key_is_virtual: bool = BooleanField()
    """Whether ``key`` is virtual (the file is stored under its uid)."""
    _overwrite_versions: bool = BooleanField()
    """Whether all versions share one storage path."""
    created_by = ForeignKey(
        "lamingui.User",
        models.PROTECT,
        editable=False,
        default=context.current_user_id,
        related_name="created_artifacts",
    )
    """Creator."""
    input_of_runs = models.ManyToManyField(
        "lamingui.Run", related_name="input_artifacts"
    )
    """Runs that read this artifact."""
    recreating_runs = models.ManyToManyField(
        "lamingui.Run", related_name="recreated_artifacts"
    )
    """Runs that re-created this artifact."""
    schemas = models.ManyToManyField(
        "lamingui.Schema", through="lamingui.ArtifactSchema", related_name="artifacts"
    )
    """Schemas of the artifact's slots."""
    json_values = models.ManyToManyField(
        "lamingui.JsonValue",
        through="lamingui.ArtifactJsonValue",
        related_name="artifacts",
    )
    """Feature values."""
    artifacts = models.ManyToManyField(
        "self",
        through="lamingui.ArtifactArtifact",
        through_fields=("artifact", "value"),
        symmetrical=False,
        related_name="linked_by_artifacts",
    )
    """Artifacts linked as feature values."""
    linked_in_records = models.ManyToManyField(
        "lamingui.Record",
        through="lamingui.RecordArtifact",
        related_name="linked_artifacts",
    )
    """Records that have this artifact as a feature value."""
    _actions = models.ManyToManyField(
        "self", symmetrical=False, related_name="_action_targets"
    )
    """Actions (artifacts) attached to this artifact."""

    class Meta:
        db_table = "lamindb_artifact"
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["storage", "key", "hash"],
                condition=models.Q(key__isnull=False),
                name="unique_artifact_storage_key_hash_not_null",
            ),
            models.UniqueConstraint(
                fields=["storage", "hash"],
                condition=models.Q(key__isnull=True),
                name="unique_artifact_storage_hash_null_key",
            ),
        ]

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        data = kwargs.pop("data", None)
        if data is None:
            data = kwargs.pop("path", None)
        overwrite = kwargs.pop("overwrite_versions", None)
        skip_hash_lookup = kwargs.pop("skip_hash_lookup", False)
        check_key(kwargs.get("key"))
        if data is None:
            if kwargs.get("uid") is None:
                raise ValueError("Pass a path or a DataFrame: Artifact(data, key=...)")
            return super()._prepare_init(kwargs)
        source = describe_source(data)
        kwargs.update(source["facts"])
        storage = kwargs.get("storage") or _default_storage()
        kwargs["storage"] = storage
        kwargs.setdefault("_key_is_virtual", True)
        kwargs["_overwrite_versions"] = bool(overwrite)
        if not skip_hash_lookup:
            same = (
                cls.objects.filter(storage=storage, hash=kwargs["hash"])
                .exclude(branch_id=-1)
                .order_by("-created_at")
                .first()
            )
            if same is not None:
                logger.warning("returning existing artifact with same hash: %r", same)
                kwargs["_existing_record"] = same
                return kwargs
        revises = kwargs.get("revises")
        if revises is None and kwargs.get("key") is not None:
            head = (
                cls.objects.filter(storage=storage, key=kwargs["key"], is_latest=True)
                .exclude(branch_id=-1)
                .order_by("-created_at", "-id")
                .first()
            )
            if head is not None:
                kwargs["revises"] = head
                kwargs.setdefault("_init_extras", {})["_revises_inferred"] = True
        # a file written into managed storage (LazyArtifact) is registered in place
        managed_uid = _uid_of_managed_file(source["local_path"], storage)
        if managed_uid and kwargs.get("revises") is None and kwargs.get("uid") is None:
            kwargs["uid"] = managed_uid.ljust(20, "0")
        kwargs = super()._prepare_init(kwargs)
        extras = kwargs.setdefault("_init_extras", {})
        extras["_local_path"] = source["local_path"]
        extras["_temporary_source"] = source.get("temporary", False)
        return kwargs

    @classmethod
    def from_lazy(
        cls,
        suffix: str,
        overwrite_versions: bool,
        key: str | None = None,
        description: str | None = None,
        run: Any = None,
        **kwargs: Any,
    ) -> LazyArtifact:
        """A path in managed storage to write to first, then ``.save()`` (api.md §9.1).

        Examples:
            >>> lazy = ln.Artifact.from_lazy(suffix=".txt", overwrite_versions=False)
            >>> lazy.path.write_text("x")
            >>> artifact = lazy.save()
        """
        return LazyArtifact(
            suffix,
            overwrite_versions,
            key=key,
            description=description,
            run=run,
            **kwargs,
        )

    # -- storage --------------------------------------------------------------

    @property
    def path(self) -> Path:
        """Where the file is stored."""
        uid = self.stem_uid if self._overwrite_versions else self.uid
        if self._key_is_virtual or self.key is None:
            return stored_path(self.storage.root, uid, self.suffix)
        return Path(self.storage.root) / (self._real_key or self.key)

    @property
    def transform(self) -> Any:
        return self.run.transform if self.run_id is not None else None

    @property
    def features(self) -> FeatureManager:
        """Feature values of the artifact (api.md §7.1)."""
        return FeatureManager(self)

    @property
    def labels(self) -> LabelManager:
        """Labels of the artifact (api.md §7.2)."""
        return LabelManager(self)

    @property
    def overwrite_versions(self) -> bool:
        return bool(self._overwrite_versions)

    def cache(self) -> Path:
        """Local path of the file (local storage needs no download)."""
        return self.path

    def load(self, **kwargs: Any) -> Any:
        """Load the file into memory: DataFrame for tables, text for text files."""
        return load_path(self.path, self.suffix, **kwargs)

    def save(self, *args: Any, **kwargs: Any) -> Artifact:
        """Save the record and copy the file into its storage location."""
        source = self.__dict__.get("_local_path")
        if source is None or not self._state.adding:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or DEFAULT_DB_ALIAS
        target = self.path
        in_place = Path(source).resolve() == target.resolve()
        if not in_place:
            copy_into_storage(source, target)
        try:
            with transaction.atomic(using=using):
                super().save(*args, **kwargs)
        except BaseException:
            if not self._overwrite_versions and not in_place:
                target.unlink(missing_ok=True)
            raise
        if self.__dict__.pop("_temporary_source", False):
            Path(source).unlink(missing_ok=True)  # e.g. the parquet of a DataFrame
        self.__dict__.pop("_local_path", None)
        return self

    def delete(
        self, permanent: bool | None = None, storage: bool | None = None, **kwargs: Any
    ) -> None:
        """Trash, or delete permanently together with the stored file."""
        if permanent is not True:  # trash, no-op or ConfirmationRequired (§6.1)
            super().delete(permanent=permanent, **kwargs)
            return None
        using = self._state.db or DEFAULT_DB_ALIAS
        if self._overwrite_versions and self.is_latest:
            family = list(
                type(self).objects.using(using).filter(uid__startswith=self.stem_uid)
            )
        else:
            family = [self]
        paths = {a.path for a in family}
        with transaction.atomic(using=using):
            for artifact in family:
                if artifact.pk == self.pk:
                    super().delete(permanent=True, **kwargs)
                else:
                    models.Model.delete(artifact, using=using)
        if storage is not False:
            still_used = {
                a.path
                for a in type(self)
                .objects.using(using)
                .filter(uid__startswith=self.stem_uid)
            }
            for path in paths - still_used:
                path.unlink(missing_ok=True)
        return None

    def __str__(self) -> str:
        return self.key or self.uid


def _uid_of_managed_file(path: Path, storage: Storage) -> str | None:
    """uid (or stem uid) encoded in a file name under ``<root>/.lamindb/``."""
    managed = Path(storage.root) / ".lamindb"
    if path.parent != managed.resolve() and path.parent != managed:
        return None
    name = path.name.split(".", 1)[0]
    return name if len(name) in {16, 20} else None


def _default_storage() -> Storage:
    root, _ = normalize_root(default_storage_root())
    return Storage.objects.filter(root=root).first() or Storage(root).save()
