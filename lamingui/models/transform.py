"""``Transform``: a script, notebook, pipeline or function; versioned by ``key``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from .. import context
from ..errors import FieldValidationError
from .base import SQLRecord
from .fields import CharField, ForeignKey, TextField
from .ids import hash_string
from .mixins import IsVersioned, TracksRun, TracksUpdates

TRANSFORM_KINDS = ("pipeline", "notebook", "script", "function")


def check_key(key: str | None) -> None:
    """A key is a relative path: no backslash, no ``.`` or ``..`` segment."""
    if key is None:
        return
    if "\\" in key or any(part in {".", ".."} for part in key.split("/")):
        raise ValueError(
            f"Invalid key '{key}': use '/' separators without '.' or '..' segments."
        )


class Transform(SQLRecord, IsVersioned, TracksRun, TracksUpdates):
    """Data transformation: what produced a run's outputs."""

    _name_field: ClassVar[str] = "key"
    _len_stem_uid: ClassVar[int] = 12
    _len_full_uid: ClassVar[int] = 16
    _check_uid_length: ClassVar[bool] = True
    _positional_args: ClassVar[tuple[str, ...]] = ("key",)
    _init_keywords: ClassVar[tuple[str, ...]] = ("skip_hash_lookup",)

    id = models.AutoField(primary_key=True)
    uid: str = CharField(max_length=16, unique=True, db_index=True, editable=False)
    """Universal id: 12-character stem plus 4-character version suffix."""
    key: str = CharField(max_length=1024, db_index=True)
    """Name or ``/``-separated path; a version family shares its key."""
    description: str | None = TextField(null=True, db_index=True)
    """Description."""
    kind: str = CharField(max_length=20, db_index=True, default="pipeline")
    """``pipeline``, ``notebook``, ``script`` or ``function``."""
    source_code: str | None = TextField(null=True)
    """Source code."""
    hash: str | None = CharField(max_length=22, null=True, db_index=True)
    """Hash of the source code."""
    reference: str | None = CharField(max_length=255, null=True, db_index=True)
    """Reference, e.g. a URL."""
    reference_type: str | None = CharField(max_length=25, null=True, db_index=True)
    """Type of the reference."""
    environment = ForeignKey(
        "lamingui.Artifact",
        models.CASCADE,
        null=True,
        related_name="_environment_of_transforms",
    )
    """Environment artifact."""
    plan = ForeignKey(
        "lamingui.Artifact",
        models.CASCADE,
        null=True,
        default=None,
        related_name="_plan_for_transforms",
    )
    """Plan artifact."""
    run = ForeignKey(
        "lamingui.Run",
        models.PROTECT,
        null=True,
        default=context.current_run_id,
        related_name="output_transforms",
    )
    """Run that created the transform."""
    created_by = ForeignKey(
        "lamingui.User",
        models.PROTECT,
        editable=False,
        default=context.current_user_id,
        related_name="created_transforms",
    )
    """Creator."""
    ulabels = models.ManyToManyField(
        "lamingui.ULabel", through="lamingui.TransformULabel", related_name="transforms"
    )
    """Labels."""
    linked_in_records = models.ManyToManyField(
        "lamingui.Record",
        through="lamingui.RecordTransform",
        related_name="linked_transforms",
    )
    """Records that have this transform as a feature value."""
    predecessors = models.ManyToManyField(
        "self",
        through="lamingui.TransformTransform",
        through_fields=("successor", "predecessor"),
        symmetrical=False,
        related_name="successors",
    )
    """Transforms that come before this one."""

    class Meta:
        db_table = "lamindb_transform"
        base_manager_name = "objects"
        unique_together = ("key", "hash")

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        if "type" in kwargs and "kind" not in kwargs:  # deprecated spelling
            kwargs["kind"] = kwargs.pop("type")
        kind = kwargs.get("kind")
        if kind is not None and kind not in TRANSFORM_KINDS:
            raise FieldValidationError(
                f"kind must be one of {TRANSFORM_KINDS}, got '{kind}'"
            )
        if kind is None:
            kwargs.pop("kind", None)
        check_key(kwargs.get("key"))
        skip_hash_lookup = kwargs.pop("skip_hash_lookup", False)
        source_code = kwargs.get("source_code")
        if source_code:
            kwargs["hash"] = hash_string(source_code)
        if kwargs.get("uid") is None and kwargs.get("key") is not None:
            existing = _reuse(cls, kwargs, skip_hash_lookup)
            if existing is not None:
                kwargs.pop("revises", None)
                kwargs.pop("version", None)
                kwargs["_existing_record"] = existing
                return kwargs
        return super()._prepare_init(kwargs)

    def _hard_delete(self, **kwargs: Any) -> None:
        """Delete the transform with its runs and links; returns ``None`` (§6.4)."""
        super()._hard_delete(**kwargs)
        return None

    @property
    def latest_run(self) -> Any:
        """The most recently started run of this transform."""
        return self.runs.order_by("-started_at", "-id").first()

    def __str__(self) -> str:
        return self.key


def _reuse(cls: type, kwargs: dict[str, Any], skip_hash_lookup: bool) -> Any:
    """Same hash: return it; same key: version it, or return it while it is empty."""
    live = cls.objects.exclude(branch_id=-1).filter(is_latest=True)
    if kwargs.get("hash") and not skip_hash_lookup:
        same = live.filter(hash=kwargs["hash"]).first()
        if same is not None:
            return same
    if kwargs.get("revises") is None:
        head = live.filter(key=kwargs["key"]).order_by("-created_at", "-id").first()
        if head is not None:
            if not head.source_code and not kwargs.get("source_code"):
                return head
            kwargs["revises"] = head
            kwargs.setdefault("_init_extras", {})["_revises_inferred"] = True
    return None
