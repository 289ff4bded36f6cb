"""``IsVersioned`` (models.md §2.5, api.md §4): abstract model with fields."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from django.db import DEFAULT_DB_ALIAS, transaction

from ...errors import IntegrityError
from .. import _is_versioned
from ..fields import BooleanField, CharField
from ..hooks import LifecycleHooks
from ..ids import base62

logger = logging.getLogger("lamingui")


class IsVersioned(LifecycleHooks):
    """Field mixin: version families share a stem uid; one latest per branch."""

    version_tag: str | None = CharField(max_length=30, null=True, db_index=True)
    """Version tag, e.g. ``"1.0"``; ``version`` falls back to the uid suffix."""
    is_latest: bool = BooleanField(default=True, db_index=True)
    """Whether this is the latest version of its family on its branch."""

    _len_stem_uid: ClassVar[int] = 16
    _len_full_uid: ClassVar[int] = 20
    _init_keywords: ClassVar[tuple[str, ...]] = ("revises", "version")

    class Meta:
        abstract = True

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs = super()._prepare_init(kwargs)
        revises = kwargs.pop("revises", None)
        if "version" in kwargs:
            version = kwargs.pop("version")
            if version is not None and not isinstance(version, str):
                raise ValueError(
                    "`version` parameter must be `None` or `str`, e.g., '0.1', '1', "
                    "'2', etc."
                )
            kwargs["version_tag"] = version
        extras = kwargs.setdefault("_init_extras", {})
        inferred = extras.pop("_revises_inferred", False)
        if revises is not None:
            if not isinstance(revises, cls):
                raise TypeError(f"`revises` has to be of type `{cls.__name__}`")
            tag = kwargs.get("version_tag")
            if tag is not None and tag == revises.version_tag:
                raise ValueError(
                    "Please change the version tag or leave it `None`, "
                    f"'{tag}' is already taken"
                )
            for name in ("key", "description"):
                if kwargs.get(name) is None and hasattr(revises, name):
                    kwargs[name] = getattr(revises, name)
            if kwargs.get("uid") is None:
                kwargs["uid"] = _is_versioned.next_version_uid(revises)
            extras["_revises"] = revises
            extras["_revises_inferred"] = inferred or not revises.is_latest
        elif kwargs.get("uid") is None:
            kwargs["uid"] = base62(cls._len_stem_uid) + "0000"
        return kwargs

    @property
    def stem_uid(self) -> str:
        """The uid without its 4-character version suffix."""
        return self.uid[: self._len_stem_uid]

    @property
    def version(self) -> str:
        """``version_tag`` if set, else the uid's version suffix."""
        return self.version_tag or self.uid[-4:]

    @version.setter
    def version(self, value: str | None) -> None:
        self.version_tag = value

    @property
    def versions(self) -> Any:
        """The family visible under default branch scoping, newest first."""
        return (
            type(self)
            .filter(uid__startswith=self.stem_uid, using=self._state.db)
            .order_by("-created_at")
        )

    def _add_to_version_family(
        self, revises: Any, version_tag: str | None = None
    ) -> None:
        """Make this saved record the newest version of ``revises``' family.

        Example:
            >>> transform._add_to_version_family(older_transform, version_tag="2")
        """
        _is_versioned.add_to_version_family(self, revises, version_tag)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        revises = self.__dict__.get("_revises")
        if not self._state.adding or revises is None:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or self._state.db or DEFAULT_DB_ALIAS
        with transaction.atomic(using=using):
            head = self._live_head(revises, using)
            if head is not None:
                type(self).objects.using(using).filter(pk=head.pk).update(
                    is_latest=False
                )
                if head.pk == revises.pk:
                    revises.is_latest = False
            self.is_latest = True
            result = super().save(*args, **kwargs)
        self.__dict__.pop("_revises", None)
        return result

    def _before_soft_delete(self, using: str) -> None:
        super()._before_soft_delete(using)
        # lamindb: trashing the head promotes the newest other version on its branch
        if (
            self.is_latest
            and not getattr(self, "_overwrite_versions", False)
            and _is_versioned.promote_successor(self, using) is not None
        ):
            self.is_latest = False

    def _live_head(self, revises: Any, using: str) -> Any:
        """The family head on this row's branch, re-targeting ``revises`` if needed."""
        model = type(self)
        branch_id = getattr(self, "branch_id", None)
        family = model.objects.using(using).filter(uid__startswith=revises.stem_uid)
        if branch_id is not None:
            family = family.filter(branch_id=branch_id)
        head = (
            family.filter(is_latest=True)
            .exclude(pk=self.pk)
            .order_by("-created_at", "-id")
            .first()
        )
        if head is None or head.pk == revises.pk:
            return head
        if not self.__dict__.get("_revises_inferred"):
            raise IntegrityError(
                f"Cannot revise a non-latest record: revises={revises!r} "
                f"(is_latest=False), new={self!r}"
            )
        logger.warning(
            "`revises` was not the latest version, updated it to the current head: %r",
            head,
        )
        self.uid = _is_versioned.next_version_uid(head)
        return head
