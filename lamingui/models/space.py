"""``Space`` and ``Branch``: where records live and who may see them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models.functions import Lower

from .. import context
from .base import BaseSQLRecord, HasEmoji, _latest_readme
from .fields import (
    CharField,
    ForeignKey,
    JSONField,
    SmallIntegerField,
    TextField,
    created_at_field,
)
from .ids import base62_12


class Space(BaseSQLRecord):
    """An access-control space; space 1 "all" is everyone with instance access."""

    id = models.SmallAutoField(primary_key=True)
    name: str = models.CharField(max_length=100, db_index=True)
    """Name, unique case-insensitively."""
    uid: str = CharField(
        max_length=12, unique=True, db_index=True, editable=False, default=base62_12
    )
    """Universal id."""
    description: str | None = TextField(null=True)
    """Description."""
    created_at = created_at_field()
    """Time of creation."""
    created_by = ForeignKey(
        "lamingui.User", models.CASCADE, null=True, default=None, related_name="+"
    )
    """Creator."""

    class Meta:
        db_table = "lamindb_space"
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="unique_space_name_lower")
        ]

    @property
    def notes(self) -> str | None:
        """Content of the latest readme block attached to this space, if any."""
        return _latest_readme(self)

    def __str__(self) -> str:
        return self.name


class Branch(HasEmoji, BaseSQLRecord):
    """A branch: 1 main, 0 archive, -1 trash, > 1 contribution branches."""

    STATUS_CODES: ClassVar[dict[str, int]] = {
        "closed": -2,
        "merged": -1,
        "standalone": 0,
        "draft": 1,
        "review": 2,
    }

    id = models.AutoField(primary_key=True)
    name: str = models.CharField(max_length=100, db_index=True)
    """Name, unique case-insensitively."""
    uid: str = CharField(
        max_length=12, unique=True, db_index=True, editable=False, default=base62_12
    )
    """Universal id."""
    space = ForeignKey(
        "lamingui.Space", models.PROTECT, default=1, db_default=1, related_name="+"
    )
    """Space of the branch."""
    description: str | None = TextField(null=True)
    """Description."""
    created_at = created_at_field()
    """Time of creation."""
    created_by = ForeignKey(
        "lamingui.User",
        models.PROTECT,
        default=context.current_user_id,
        related_name="+",
    )
    """Creator."""
    _status_code: int = SmallIntegerField(default=0, db_default=0, db_index=True)
    """Status code (see ``status``)."""
    _aux: dict[str, Any] | None = JSONField(null=True, default=None, db_default=None)
    """Private auxiliary data."""
    users = models.ManyToManyField(
        "lamingui.User", through="lamingui.BranchUser", related_name="branches"
    )
    """Users with a role on the branch."""
    ulabels = models.ManyToManyField(
        "lamingui.ULabel", through="lamingui.BranchULabel", related_name="branches"
    )
    """Labels of the branch."""
    projects = models.ManyToManyField(
        "lamingui.Project", through="lamingui.BranchProject", related_name="branches"
    )
    """Projects of the branch."""

    class Meta:
        db_table = "lamindb_branch"
        verbose_name_plural = "branches"
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="unique_branch_name_lower")
        ]

    @property
    def status(self) -> str:
        return _status_name(self.STATUS_CODES, self._status_code, "standalone")

    @status.setter
    def status(self, value: str) -> None:
        self._status_code = _status_code(self.STATUS_CODES, value, "Branch")

    @property
    def notes(self) -> str | None:
        return _latest_readme(self)

    def __str__(self) -> str:
        return self.name


def _status_name(codes: dict[str, int], code: int | None, fallback: str) -> str:
    for name, value in codes.items():
        if value == code:
            return name
    return fallback


def _status_code(codes: dict[str, int], value: str | int, registry: str) -> int:
    if isinstance(value, int) and value in codes.values():
        return value
    if value not in codes:
        expected = ", ".join(f"'{k}'" for k in codes)
        raise ValueError(
            f"Invalid {registry} status '{value}'. Expected one of: {expected}."
        )
    return codes[value]
