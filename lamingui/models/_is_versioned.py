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
