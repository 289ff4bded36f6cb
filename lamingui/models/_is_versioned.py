"""Version-family helpers shared by records and query sets (api.md §4.5, §4.6).

Only Django and ``ids`` are imported here, so both the base layer (hard delete)
and the ``IsVersioned`` mixin can call these functions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db.models import Model

from .ids import increment_base62, max_suffix

logger = logging.getLogger("lamingui")


def max_version_uid_in_family(record: Any) -> str | None:
    """Largest version suffix in ``record``'s family, over all branches."""
    uids = (
        type(record)
        .objects.using(record._state.db or "default")
        .filter(uid__startswith=record.stem_uid)
        .values_list("uid", flat=True)
    )
    return max_suffix(uids)


def next_version_uid(revises: Any) -> str:
    """uid of the next version of ``revises``' family (family-wide max + 1)."""
    suffix = max_version_uid_in_family(revises) or revises.uid[-4:]
    return revises.stem_uid + increment_base62(suffix)


def bump_version(
    version: str, bump_type: str = "minor", behavior: str = "error"
) -> str:
    """Increment a numeric version tag: ``"2"`` minor -> ``"2.1"``, major -> ``"3"``."""
    try:
        if bump_type not in {"minor", "major"}:
            raise ValueError(bump_type)
        parts = version.split(".")
        major = int(parts[0])
        if bump_type == "major":
            return str(major + 1)
        minor = int(parts[1]) if len(parts) > 1 else 0
        return f"{major}.{minor + 1}"
    except (ValueError, IndexError):
        message = (
            "Cannot auto-increment non-integer castable version, please provide "
            "manually"
        )
        if behavior == "ignore":
            logger.warning(message)
            return "?"
        raise ValueError(message) from None


def set_version(
    version: str | None = None, previous_version: str | None = None
) -> str | None:
    """Version tag of a new version: the given one, else the previous one bumped."""
    if version is None and previous_version:
        return bump_version(previous_version, "major", behavior="ignore")
    return version


def promote_successor(record: Any, using: str) -> Model | None:
    """Make the newest other family row on ``record``'s branch the latest.

    Returns the promoted row, or ``None`` when the family has no other row there.
    Callers run this inside the transaction that deletes or trashes ``record``.
    """
    if not getattr(record, "is_latest", False):
        return None
    successor = (
        type(record)
        .objects.using(using)
        .filter(uid__startswith=record.stem_uid, branch_id=_branch_id(record))
        .exclude(pk=record.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    if successor is None:
        return None
    type(record).objects.using(using).filter(pk=successor.pk).update(is_latest=True)
    successor.is_latest = True
    logger.info("new latest %s version is: %s", type(record).__name__, successor.uid)
    return successor


def promote_for_many(records: Iterable[Any], using: str) -> list[int]:
    """Promotion for several rows at once (query-set delete); returns promoted pks."""
    records = [r for r in records if getattr(r, "is_latest", False)]
    if not records:
        return []
    model = type(records[0])
    leaving = {r.pk for r in records}
    promoted: list[int] = []
    seen: set[tuple[str, int | None]] = set()
    for record in records:
        key = (record.stem_uid, _branch_id(record))
        if key in seen:
            continue
        seen.add(key)
        successor = (
            model.objects.using(using)
            .filter(uid__startswith=record.stem_uid, branch_id=key[1])
            .exclude(pk__in=leaving)
            .order_by("-created_at", "-id")
            .only("pk")
            .first()
        )
        if successor is not None:
            promoted.append(successor.pk)
    if promoted:
        model.objects.using(using).filter(pk__in=promoted).update(is_latest=True)
    return promoted


def _branch_id(record: Any) -> int | None:
    return getattr(record, "branch_id", None)


def add_to_version_family(record: Any, revises: Any, version_tag: Any = None) -> None:
    """Move the saved ``record`` into ``revises``' family as its newest version.

    The record gets the family's next uid (family-wide maximum suffix + 1) and,
    if given, ``version_tag``; it becomes the head of the family on its branch
    (the old head there is demoted) and, if it was the head of its own old
    family, the newest remaining member of that family is promoted. An artifact
    whose file is stored under its uid has the file renamed with it.
    """
    # imported here: this module sits below the model layer
    from django.db import DEFAULT_DB_ALIAS, transaction  # noqa: PLC0415

    model = type(record)
    if not isinstance(revises, model):
        raise TypeError(f"`revises` has to be of type `{model.__name__}`")
    if record._state.adding or record.pk is None or revises.pk is None:
        raise ValueError(
            "Both the record and `revises` must be saved before moving the record "
            "into a version family."
        )
    if record.pk == revises.pk:
        raise ValueError("A record cannot be added to its own version family.")
    if getattr(record, "_overwrite_versions", False):
        raise ValueError(
            "An artifact with overwrite_versions=True shares one file with its "
            "family and cannot be moved into another version family."
        )
    if version_tag is not None and not isinstance(version_tag, str):
        raise ValueError(
            "`version` parameter must be `None` or `str`, e.g., '0.1', '1', '2', etc."
        )
    using = record._state.db or DEFAULT_DB_ALIAS
    old_uid = record.uid
    old_path = _stored_file(record)
    with transaction.atomic(using=using):
        if record.stem_uid != revises.stem_uid:
            promote_successor(record, using)
        new_uid = next_version_uid(revises)
        family = model.objects.using(using).filter(
            uid__startswith=revises.stem_uid, is_latest=True
        )
        if getattr(record, "branch_id", None) is not None:
            family = family.filter(branch_id=record.branch_id)
        family.exclude(pk=record.pk).update(is_latest=False)
        if revises.branch_id == getattr(record, "branch_id", None):
            revises.is_latest = False
        record.uid = new_uid
        record.is_latest = True
        if version_tag is not None:
            record.version_tag = version_tag
        record.save()
        new_path = _stored_file(record)
        if old_path is not None and new_path != old_path and old_path.exists():
            new_path.parent.mkdir(parents=True, exist_ok=True)
            old_path.replace(new_path)
    logger.info("updated uid from %s to %s!", old_uid, new_uid)


def _stored_file(record: Any) -> Any:
    """The file of an artifact stored under its uid, else ``None``."""
    if not hasattr(record, "_key_is_virtual"):  # not an artifact
        return None
    if not record._key_is_virtual and record.key is not None:
        return None
    try:
        return record.path
    except (AttributeError, ValueError):
        return None
