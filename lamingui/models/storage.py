"""``Storage``: a storage location (a local folder or a cloud bucket prefix)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.db import models

from .base import SQLRecord
from .fields import CharField, TextField
from .ids import base62_12
from .mixins import TracksRun, TracksUpdates

STORAGE_TYPES = ("local", "s3", "gs", "hf", "http", "https")


def normalize_root(root: str | Path) -> tuple[str, str]:
    """Return ``(normalised root, storage type)`` for a path or URL."""
    text = str(root)
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in STORAGE_TYPES:
            raise ValueError(
                f"Unsupported storage scheme '{scheme}': use one of {STORAGE_TYPES}"
            )
        return text.rstrip("/"), scheme
    return str(Path(text).expanduser().resolve()), "local"


class Storage(SQLRecord, TracksRun, TracksUpdates):
    """A storage location; the default one lives in ``$LAMINGUI_HOME/storage``."""

    _name_field: ClassVar[str] = "root"
    _positional_args: ClassVar[tuple[str, ...]] = ("root",)
    _init_keywords: ClassVar[tuple[str, ...]] = ("host",)
    _defaults_branch: ClassVar[bool] = False

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=12, unique=True, db_index=True, editable=False, default=base62_12
    )
    """Universal id."""
    root: str = CharField(max_length=255, unique=True, db_index=True)
    """Root path or URL (``/abs/dir``, ``s3://bucket/prefix``)."""
    description: str | None = TextField(null=True)
    """Description."""
    type: str = CharField(max_length=30, db_index=True)
    """``local``, ``s3``, ``gs``, ``hf``, ``http`` or ``https`` (derived from root)."""
    region: str | None = CharField(max_length=64, null=True, db_index=True)
    """Cloud region; for local storage the host identifier."""
    instance_uid: str | None = CharField(max_length=12, null=True, db_index=True)
    """uid of the instance that manages (writes to) this location."""

    class Meta:
        db_table = "lamindb_storage"
        base_manager_name = "objects"

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs = super()._prepare_init(kwargs)
        host = kwargs.pop("host", None)
        if kwargs.get("root") is not None:
            kwargs["root"], kind = normalize_root(kwargs["root"])
            kwargs.setdefault("type", kind)
            existing = cls.objects.filter(root=kwargs["root"]).first()
            if existing is not None:
                kwargs["_existing_record"] = existing
        if host is not None:
            kwargs["region"] = host
        return kwargs

    def delete(self, permanent: bool | None = None, **kwargs: Any) -> Any:
        """Delete the location record; refused while it still holds artifacts."""
        if permanent is False:
            raise ValueError(
                "Soft delete is not possible for Storage, use 'permanent=True' or "
                "'permanent=None' for permanent deletion."
            )
        if self.artifacts.exists():
            raise AssertionError(
                f"Cannot delete storage {self.root}: it still has artifacts."
            )
        return self._hard_delete(**kwargs)

    @property
    def path(self) -> Path:
        return Path(self.root)
