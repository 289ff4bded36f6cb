"""``HasType`` (models.md §2.6, api.md §5.1): abstract model with the ``is_type`` field.

Each registry declares its own self foreign key ``type`` with a plural reverse
name (``records``, ``ulabels``, …); ``checks.py`` enforces that contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from ... import context
from ...errors import InvalidType, NoWriteAccess
from ..base import HasEmoji
from ..fields import BooleanField
from ..hooks import LifecycleHooks
from ..querysets import SQLRecordList

MAX_TYPE_DEPTH = 100


class HasType(HasEmoji, LifecycleHooks):
    """Field mixin: a record can be a type (``is_type``) that others are typed by."""

    is_type: bool = BooleanField(default=False, db_default=False, db_index=True)
    """Whether this record is a type for other records."""

    class Meta:
        abstract = True

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs = super()._prepare_init(kwargs)
        type_record = kwargs.get("type")
        if type_record is not None:
            _require_type(cls, type_record)
            emoji = (type_record._aux or {}).get("ei")
            if emoji and not (kwargs.get("_aux") or {}).get("ei"):
                kwargs["_aux"] = {**(kwargs.get("_aux") or {}), "ei": emoji}
        return kwargs

    def _before_save(self, using: str) -> None:
        super()._before_save(using)
        if self.type_id is not None and self._type_assignment_changed():
            validate_type_assignment(self, using)

    def _type_assignment_changed(self) -> bool:
        """New row, or a row whose type or space changed since it was loaded."""
        if self._state.adding or not hasattr(self, "_loaded"):
            return True
        return (
            self._loaded_value("type_id") != self.type_id
            or self._loaded_value("space_id") != self.space_id
        )

    def _before_soft_delete(self, using: str) -> None:
        super()._before_soft_delete(using)
        if not self.is_type:
            return
        # lamindb: deleting a type also trashes everything typed by it, recursively
        members = self._query_members(using=using)
        if members.filter(is_locked=True).exists():
            raise NoWriteAccess(
                f"Cannot trash type {self!r}: some of its members are locked."
            )
        members.update(branch_id=-1)

    def query_types(self) -> SQLRecordList:
        """Ancestors of this record's type chain, nearest first."""
        model = type(self)
        using = self._state.db or DEFAULT_DB_ALIAS
        visible = set(context.default_branch_ids())
        out: list[Any] = []
        seen: set[int] = set()
        type_id = self.type_id
        while type_id is not None and type_id not in seen and len(out) < MAX_TYPE_DEPTH:
            seen.add(type_id)
            parent = model.objects.using(using).filter(pk=type_id).first()
            if parent is None or parent.branch_id not in visible:
                break
            out.append(parent)
            type_id = parent.type_id
        return SQLRecordList(out)

    def _query_members(self, depth: int | None = None, using: str | None = None) -> Any:
        """All records whose type chain reaches this one (breadth-first)."""
        model = type(self)
        using = using or self._state.db or DEFAULT_DB_ALIAS
        branches = context.default_branch_ids()
        found: list[int] = []
        frontier = [self.pk]
        level = 0
        while frontier and (depth is None or level < depth):
            level += 1
            frontier = list(
                model.objects.using(using)
                .filter(type_id__in=frontier, branch_id__in=branches)
                .exclude(pk__in=found)
                .values_list("pk", flat=True)
            )
            found.extend(frontier)
        return model.objects.using(using).filter(pk__in=found)


def _require_type(model: type, type_record: Any) -> None:
    if not getattr(type_record, "is_type", False):
        raise InvalidType(_not_a_type_message(model, repr(type_record)))


def _not_a_type_message(model: type, what: str) -> str:
    label = model.__name__.lower()
    return (
        f"You can only assign a {label} with `is_type=True` as `type` to another "
        f"{label}, but this doesn't have it: {what}"
    )


def validate_type_assignment(record: Any, using: str) -> None:
    """The checks of models.md §5.3, run in Python on every backend."""
    model = type(record)
    label = model.__name__.lower()
    cached = record._state.fields_cache.get("type")
    if cached is not None and cached.pk == record.type_id:
        facts = {
            "is_type": cached.is_type,
            "space_id": cached.space_id,
            "_aux": cached._aux,
            "schema_id": getattr(cached, "schema_id", None),
        }
    else:
        columns = ["is_type", "space_id", "_aux"]
        if hasattr(model, "schema_id"):
            columns.append("schema_id")
        facts = (
            model.objects.using(using)
            .filter(pk=record.type_id)
            .values(*columns)
            .first()
        )
        if facts is None:
            raise InvalidType(
                f"The type (id={record.type_id}) of {label} does not exist."
            )
    if not facts["is_type"]:
        raise InvalidType(_not_a_type_message(model, f"{label} id={record.type_id}"))
    policy = (facts["_aux"] or {}).get("ss")
    if policy is not None:
        _check_single_space(record, policy, facts["space_id"], label, using)
    if record.pk is not None and record.type_id == record.pk:
        raise InvalidType(f"Cannot set type: {label} cannot be its own type")
    if record.pk is not None and record.pk in _type_chain(model, record.type_id, using):
        raise InvalidType("Cannot set type: would create a cycle")
    if label == "record" and record.is_type and facts.get("schema_id") is not None:
        raise InvalidType(
            "A record type can only be nested under a type that has no schema."
        )


def _check_single_space(
    record: Any, policy: Any, type_space_id: int, label: str, using: str
) -> None:
    if policy in (1, "1"):
        ok = record.space_id == type_space_id
    else:
        space_model = type(record)._meta.get_field("space").related_model
        uid = (
            space_model.objects.using(using)
            .filter(pk=record.space_id)
            .values_list("uid", flat=True)
            .first()
        )
        ok = uid == policy
    if not ok:
        raise InvalidType(
            f"Cannot set type: {label} space must match single-space type space"
        )


def _type_chain(model: type, type_id: int, using: str) -> Iterable[int]:
    chain: list[int] = []
    current: int | None = type_id
    while current is not None and len(chain) < MAX_TYPE_DEPTH:
        chain.append(current)
        current = (
            model.objects.using(using)
            .filter(pk=current)
            .values_list("type_id", flat=True)
            .first()
        )
        if current in chain:
            break
    return chain
