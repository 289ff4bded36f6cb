"""Record construction (models.md §1.5, §1.10): keyword checks, defaults, fields.

``BaseSQLRecord.__init__`` runs these steps; they are plain functions over the
class so that their per-class facts (valid keywords, required fields, default
getters) are computed once and cached on the class.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

from .. import context
from ..errors import FieldValidationError, ValidationError

if TYPE_CHECKING:
    from .base import BaseSQLRecord, SQLRecord

logger = logging.getLogger("lamingui")


class _ClassInfo:
    """Per-class facts the constructor needs, computed once."""

    def __init__(self, cls: type[BaseSQLRecord]) -> None:
        fields = cls._meta.get_fields()
        concrete = cls._meta.concrete_fields
        self.valid = {f.name for f in concrete} | {f.attname for f in concrete}
        self.valid |= {f.name for f in fields if f.many_to_many and not f.auto_created}
        # properties with a setter (``version``, ``status``, …), not read-only ones
        self.valid |= {
            name
            for name in cls._meta._property_names
            if getattr(getattr(cls, name, None), "fset", None) is not None
        }
        self.required = tuple(
            f
            for f in concrete
            if not f.null
            and not f.primary_key
            and not f.has_db_default()
            and f.default is None
        )
        self.shown = sorted(
            n for n in {f.name for f in concrete} if not n.startswith("_")
        )
        # (name, attname, default getter) of every concrete field, in model order
        self.init_fields = tuple((f.name, f.attname, f._get_default) for f in concrete)
        self.api_only: set[str] = {"_search_names"}
        for klass in cls.__mro__:
            self.api_only |= set(klass.__dict__.get("_init_keywords", ()))


def _init_fields(
    record: BaseSQLRecord, cls: type[BaseSQLRecord], kwargs: dict[str, Any]
) -> None:
    """What ``Model.__init__(**kwargs)`` does, for keyword construction only.

    Django's generic loop costs ~50 µs for a registry of 20 fields; with the
    default getters and attnames looked up once per class it costs a third of
    that. Related objects still go through their descriptors (which validate
    and cache them), and the ``pre_init``/``post_init`` signals are sent.
    """
    pre_init.send(sender=cls, args=(), kwargs=kwargs)
    record._state = ModelState()
    values = record.__dict__
    for name, attname, default in _class_info(cls).init_fields:
        if attname in kwargs:
            values[attname] = kwargs.pop(attname)
        elif name in kwargs:
            if name == attname:
                values[attname] = kwargs.pop(name)
            else:  # a related object: the descriptor sets the id and caches it
                setattr(record, name, kwargs.pop(name))
        else:
            values[attname] = default()
    for name, value in kwargs.items():  # properties such as ``version``
        setattr(record, name, value)
    post_init.send(sender=cls, instance=record)


def _class_info(cls: type[BaseSQLRecord]) -> _ClassInfo:
    info = cls.__dict__.get("_class_info_cache")
    if info is None:
        info = _ClassInfo(cls)
        cls._class_info_cache = info
    return info


def _positional_to_keywords(
    cls: type[BaseSQLRecord], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    names = cls._positional_args
    if len(args) > len(names):
        allowed = (
            f"one positional argument ({names[0]})"
            if names
            else "keyword arguments only"
        )
        raise _argument_error(cls)(
            f"{cls.__name__}() takes {allowed}, got {len(args)} positional "
            f"argument(s): {args!r}"
        )
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise FieldValidationError(
                f"{cls.__name__}() got '{name}' both positionally and as a keyword"
            )
        kwargs[name] = value
    return kwargs


def _argument_error(cls: type[BaseSQLRecord]) -> type[Exception]:
    """``FieldValidationError``, or a mixin's ``_argument_error`` (blocks: ValueError).

    Looked up with ``getattr`` and not defaulted on this class, which comes first
    in the bases of the blocks and would shadow ``BaseBlock``'s value.
    """
    return getattr(cls, "_argument_error", FieldValidationError)


def _check_keywords(cls: type[BaseSQLRecord], kwargs: dict[str, Any]) -> None:
    info = _class_info(cls)
    api_only = info.api_only
    unknown = [k for k in kwargs if k not in info.valid and k not in api_only]
    if unknown:
        valid = ", ".join(sorted(set(info.shown) | set(api_only)))
        raise _argument_error(cls)(
            f"{', '.join(repr(k) for k in unknown)} are not valid keyword arguments "
            f"for {cls.__name__}. Valid keyword arguments are: {valid}"
        )
    if cls._check_uid_length and kwargs.get("uid") is not None:
        expected = cls._meta.get_field("uid").max_length
        allowed = {expected, *getattr(cls, "_legacy_uid_lengths", ())}
        if len(kwargs["uid"]) not in allowed:
            raise ValidationError(
                f"`uid` must be exactly {expected} characters long, "
                f"got {len(kwargs['uid'])}."
            )


def _check_required(record: BaseSQLRecord) -> None:
    missing = [
        f.name
        for f in _class_info(type(record)).required
        if record.__dict__.get(f.attname) is None
    ]
    if missing:
        raise FieldValidationError(f"{missing} are required.")


def _default_branch_and_space(cls: type[BaseSQLRecord], kwargs: dict[str, Any]) -> None:
    for name in ("branch", "space"):
        if name in kwargs and f"{name}_id" in kwargs:
            raise ValueError(f"Pass either `{name}` or `{name}_id`, not both.")
    branch = kwargs.get("branch")
    branch_id = branch.pk if branch is not None else kwargs.get("branch_id")
    if branch_id is None and getattr(cls, "_defaults_branch", True):
        current = context.current_branch_id()
        if current != 1:
            branch_id = current
            kwargs["branch_id"] = current
    if branch_id is not None and "created_on" not in kwargs:
        kwargs.setdefault("created_on_id", branch_id)
    if kwargs.get("space") is None and kwargs.get("space_id") is None:
        kwargs.pop("space", None)
        kwargs.pop("space_id", None)
        space_id = _single_space_of_type(kwargs.get("type"))
        if space_id is None and context.current_space_id() != 1:
            space_id = context.current_space_id()
        if space_id is not None:
            kwargs["space_id"] = space_id


def _single_space_of_type(type_record: Any) -> int | None:
    if type_record is None:
        return None
    policy = (getattr(type_record, "_aux", None) or {}).get("ss")
    if policy is None:
        return None
    if policy in (1, "1"):
        return type_record.space_id
    from .space import Space  # noqa: PLC0415 - space.py imports the base classes

    space = Space.objects.filter(uid=policy).only("id").first()
    return space.id if space is not None else None


#: attributes a name match never takes over from the constructor call (§1.10)
_KEPT_ON_MATCH = frozenset({"uid", "_dtype_str", "otype", "hash"})


def _record_with_same_name(cls: type[SQLRecord], kwargs: dict[str, Any]) -> Any:
    """lamindb's name de-duplication at construction (opt-in here, models.md §1.10).

    A visible record with exactly the same name (within the same ``type`` when
    one is passed) is returned instead of a new one, with the passed non-``None``
    values copied onto it.
    """
    name_field = cls._name_field or "name"
    value = kwargs.get(name_field)
    if value is None:
        return None
    rows = cls.objects.filter(
        **{name_field: value}, branch_id__in=context.default_branch_ids()
    )
    if "type" in kwargs:
        rows = rows.filter(type=kwargs["type"])
    existing = rows.order_by("id").first()
    if existing is None:
        return None
    stored = getattr(existing, "_dtype_str", None)
    if kwargs.get("_dtype_str") not in (None, stored):
        raise ValidationError(
            f"Feature {value} already exists with dtype {stored}, you passed "
            f"{kwargs['_dtype_str']}"
        )
    for key, passed in kwargs.items():
        if passed is not None and key not in _KEPT_ON_MATCH and not key.startswith("_"):
            setattr(existing, key, passed)
    logger.warning(
        "returning existing %s record with same name: %r", cls.__name__, value
    )
    return existing
