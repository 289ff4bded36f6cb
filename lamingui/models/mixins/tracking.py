"""``TracksRun`` and ``TracksUpdates`` (models.md §2.4): abstract models with fields."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from ... import context
from ..fields import ForeignKey, created_at_field
from ..hooks import LifecycleHooks


class TracksRun(LifecycleHooks):
    """Field mixin: ``created_at``, ``created_by`` and the creating ``run``."""

    created_at = created_at_field()
    """Time of creation (set by the database)."""
    created_by = ForeignKey(
        "lamingui.User",
        models.PROTECT,
        editable=False,
        default=context.current_user_id,
        related_name="+",
    )
    """Creator."""
    run = ForeignKey(
        "lamingui.Run",
        models.PROTECT,
        null=True,
        default=context.current_run_id,
        related_name="+",
    )
    """Run that created the record."""

    class Meta:
        abstract = True


class TracksUpdates(LifecycleHooks):
    """Field mixin: ``updated_at``, refreshed on every save of an existing row."""

    updated_at = created_at_field()
    """Time of the last update."""

    class Meta:
        abstract = True

    def _before_save(self, using: str) -> None:
        super()._before_save(using)
        if not self._state.adding:
            # lamindb only sets it on insert; decisions.md: refresh on every save
            self.updated_at = timezone.now()
