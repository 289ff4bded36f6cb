"""Delete, trash and restore of single records (api.md §2.3, models.md §6).

``BaseSQLRecord.delete`` and ``SQLRecord.delete``/``restore`` call these
functions; mixins take part through the ``_before_soft_delete`` and
``_before_hard_delete`` hooks (type descendants, version heads). Query-set
deletes live in ``querysets.py``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, models, transaction

from ..errors import ConfirmationRequired, NoWriteAccess
from . import _is_versioned
from ._locking import LOCKED_MESSAGE

if TYPE_CHECKING:
    from .base import BaseSQLRecord, SQLRecord

logger = logging.getLogger("lamingui")


def refuse_soft_delete(record: BaseSQLRecord, permanent: bool | None) -> None:
    """Registries without a branch column have no trash: ``permanent=False`` fails."""
    if permanent is False:
        raise ValueError(
            f"Soft delete is not possible for {type(record).__name__}, use "
            "'permanent=True' or 'permanent=None' for permanent deletion."
        )


def hard_delete(record: BaseSQLRecord, **kwargs: Any) -> tuple[int, dict[str, int]]:
    """Delete the row (and its cascade) in one transaction; promote a new head."""
    if getattr(record, "is_locked", False):
        raise NoWriteAccess(LOCKED_MESSAGE.format(record=record))
    using = kwargs.get("using") or record._state.db or DEFAULT_DB_ALIAS
    with transaction.atomic(using=using):
        record._before_hard_delete(using)
        if hasattr(record, "stem_uid") and not getattr(
            record, "_overwrite_versions", False
        ):
            _is_versioned.promote_successor(record, using)
        return models.Model.delete(record, using=using)


def delete(record: SQLRecord, permanent: bool | None, **kwargs: Any) -> Any:
    """Trash a live record; delete a trashed one only with ``permanent=True``."""
    if record._state.adding or record.pk is None:
        logger.warning("record is not yet saved, delete has no effect")
        return None
    live = record.branch_id is not None and record.branch_id > -1
    if live and permanent is not True:
        record._soft_delete(kwargs.get("using"))
        return None
    if permanent is False:  # already in the trash
        return None
    if permanent is None:
        name = record.uid if hasattr(record, "uid") else record.pk
        raise ConfirmationRequired(
            f"{type(record).__name__} {name} is already in the trash; pass "
            "permanent=True to delete it from the database (this cannot be undone)."
        )
    return record._hard_delete(**kwargs)


def soft_delete(record: SQLRecord, using: str | None = None) -> None:
    """Trash inside one transaction, writing only the columns trashing changes."""
    using = using or record._state.db or DEFAULT_DB_ALIAS
    if record.is_locked:
        raise NoWriteAccess(LOCKED_MESSAGE.format(record=record))
    with transaction.atomic(using=using):
        record._before_soft_delete(using)
        record.branch_id = -1
        record.save(using=using, update_fields=trash_fields(type(record)))
    logger.info("moved record to trash: %r", record)


def restore(record: SQLRecord) -> None:
    """Back to the main branch, writing the branch (and ``updated_at``) only."""
    record.branch_id = 1
    if record._state.adding or record.pk is None:
        record.save()
        return
    fields = [n for n in trash_fields(type(record)) if n != "is_latest"]
    record.save(update_fields=fields)


def trash_fields(cls: type[models.Model]) -> list[str]:
    """Columns trashing writes: the branch, version flag and update time."""
    fields = cls.__dict__.get("_trash_fields_cache")
    if fields is None:
        fields = []
        for name in ("branch", "is_latest", "updated_at"):
            try:
                cls._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            fields.append(name)
        cls._trash_fields_cache = fields
    return fields
