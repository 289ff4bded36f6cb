"""``Run``: one execution of a transform."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from django.db import IntegrityError, models
from django.db.models import ProtectedError

from .. import context
from .base import SQLRecord, _status_code, _status_name
from .feature_manager import FeatureManager
from .fields import CharField, DateTimeField, ForeignKey, TextField, created_at_field
from .ids import base62_16
from .mixins import TracksUpdates

logger = logging.getLogger("lamingui")


class Run(SQLRecord, TracksUpdates):
    """A run of a transform, with its inputs, outputs, parameters and report."""

    STATUS_CODES: ClassVar[dict[str, int]] = {
        "scheduled": -3,
        "restarted": -2,
        "started": -1,
        "completed": 0,
        "errored": 1,
        "aborted": 2,
    }
    _name_field: ClassVar[str] = "started_at"
    _positional_args: ClassVar[tuple[str, ...]] = ("transform",)
    _check_uid_length: ClassVar[bool] = True
    _legacy_uid_lengths: ClassVar[tuple[int, ...]] = (16,)
    _init_keywords: ClassVar[tuple[str, ...]] = ("status",)

    id = models.BigAutoField(primary_key=True)
    uid: str = CharField(
        max_length=20, unique=True, db_index=True, editable=False, default=base62_16
    )
    """Universal id (16 characters for new runs)."""
    name: str | None = CharField(max_length=150, null=True, db_index=True)
    """Name."""
    description: str | None = TextField(null=True)
    """Description."""
    transform = ForeignKey("lamingui.Transform", models.CASCADE, related_name="runs")
    """The transform that ran."""
    entrypoint: str | None = CharField(max_length=255, null=True, db_index=True)
    """Entry point, e.g. a function name."""
    started_at = created_at_field()
    """Start time (set on insert)."""
    finished_at = DateTimeField(null=True, default=None, db_index=True)
    """Finish time."""
    report = ForeignKey(
        "lamingui.Artifact",
        models.PROTECT,
        null=True,
        default=None,
        related_name="_report_of",
    )
    """Report artifact."""
    environment = ForeignKey(
        "lamingui.Artifact",
        models.PROTECT,
        null=True,
        default=None,
        related_name="_environment_of",
    )
    """Environment artifact."""
    plan = ForeignKey(
        "lamingui.Artifact",
        models.PROTECT,
        null=True,
        default=None,
        related_name="_plan_for_runs",
    )
    """Plan artifact."""
    params = models.JSONField(null=True, blank=True)
    """Parameters."""
    extra_data = models.JSONField(null=True, blank=True)
    """Extra data."""
    reference: str | None = CharField(max_length=255, null=True, db_index=True)
    """Reference."""
    reference_type: str | None = CharField(max_length=25, null=True, db_index=True)
    """Type of the reference."""
    cli_args: str | None = CharField(max_length=1024, null=True)
    """Command-line arguments."""
    created_at = created_at_field()
    """Time of creation."""
    created_by = ForeignKey(
        "lamingui.User",
        models.CASCADE,
        default=context.current_user_id,
        related_name="created_runs",
    )
    """Creator."""
    initiated_by_run = ForeignKey(
        "lamingui.Run",
        models.CASCADE,
        null=True,
        default=None,
        related_name="initiated_runs",
    )
    """The run that started this one."""
    _is_consecutive = models.BooleanField(null=True, blank=True)
    """Whether the notebook cells ran consecutively."""
    _status_code: int = models.SmallIntegerField(
        default=-3, db_default=-3, db_index=True
    )
    """Status code (see ``status``)."""
    ulabels = models.ManyToManyField(
        "lamingui.ULabel", through="lamingui.RunULabel", related_name="runs"
    )
    """Labels."""
    json_values = models.ManyToManyField(
        "lamingui.JsonValue", through="lamingui.RunJsonValue", related_name="runs"
    )
    """Feature values."""
    linked_artifacts = models.ManyToManyField(
        "lamingui.Artifact",
        through="lamingui.RunArtifact",
        related_name="linked_by_runs",
    )
    """Artifacts linked as feature values."""
    linked_in_records = models.ManyToManyField(
        "lamingui.Record", through="lamingui.RecordRun", related_name="linked_runs"
    )
    """Records that have this run as a feature value."""

    class Meta:
        db_table = "lamindb_run"
        base_manager_name = "objects"

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs = super()._prepare_init(kwargs)
        transform = kwargs.get("transform")
        if transform is None and kwargs.get("transform_id") is None:
            raise TypeError("Pass a transform: Run(transform)")
        if transform is not None and transform.pk is None:
            raise ValueError("Please save the transform first: transform.save()")
        status = kwargs.pop("status", "scheduled")
        if status not in {"scheduled", "started"}:
            raise ValueError("A new run's status is 'scheduled' or 'started'.")
        kwargs["_status_code"] = cls.STATUS_CODES[status]
        return kwargs

    @property
    def status(self) -> str:
        return _status_name(self.STATUS_CODES, self._status_code, "scheduled")

    @status.setter
    def status(self, value: str) -> None:
        self._status_code = _status_code(self.STATUS_CODES, value, "Run")

    def _hard_delete(self, **kwargs: Any) -> None:
        """Delete the run (cascading to the runs it initiated), then its own report
        and environment artifacts (``kind="__lamindb_run__"``) if nothing else uses
        them. Returns ``None`` like lamindb (models.md §6.4)."""
        own = [
            artifact
            for artifact in (self.report, self.environment)
            if artifact is not None and artifact.kind == "__lamindb_run__"
        ]
        super()._hard_delete(**kwargs)
        for artifact in own:
            try:
                artifact.delete(permanent=True)
            except (ProtectedError, IntegrityError):  # still used elsewhere: keep it
                logger.info("kept %r: it is still in use", artifact)
        return None

    @property
    def features(self) -> FeatureManager:
        """Feature values of the run, e.g. its parameters (api.md §7.1)."""
        return FeatureManager(self)

    def query_output_artifacts(self, include_recreated: bool = True) -> Any:
        """Artifacts created (and, optionally, recreated) by this run."""
        qs = self.output_artifacts.all()
        if include_recreated:
            qs = qs | self.recreated_artifacts.all()
        return qs.distinct()

    def __str__(self) -> str:
        return self.name or self.uid
