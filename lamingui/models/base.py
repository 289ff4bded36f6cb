"""The Registry metaclass, base records, ``Space``, ``Branch`` and ``IsLink``.

The construction pipeline (models.md §1.5, §1.10), ``save()`` returning the
record, locking, and the delete/trash/restore rules of §6 live here; mixins add
their part through the hooks of :class:`~lamingui.models.hooks.LifecycleHooks`.
"""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import Q
from django.db.models.base import ModelBase, ModelState
from django.db.models.functions import Lower
from django.db.models.signals import post_init, pre_init

from .. import context
from ..errors import (
    ConfirmationRequired,
    FieldValidationError,
    NoWriteAccess,
    SynonymsNotSupported,
    ValidationError,
)
from . import _is_versioned
from .fields import (
    BooleanField,
    CharField,
    ForeignKey,
    JSONField,
    SmallIntegerField,
    TextField,
    created_at_field,
)
from .hooks import LifecycleHooks
from .ids import base62_12
from .querysets import QueryManager, QuerySet

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger("lamingui")
T = TypeVar("T", bound="BaseSQLRecord")

LOCKED_MESSAGE = (
    "It is not allowed to modify or create locked ('is_locked=True') records: "
    "{record!r}. Unlock it first (record.is_locked = False; record.save())."
)


class class_or_instance_method:
    """Descriptor that calls ``fclass`` on the class and ``finstance`` on instances."""

    def __init__(self, finstance: Any, fclass: Any) -> None:
        self.finstance, self.fclass = finstance, fclass

    def __get__(self, instance: Any, owner: type) -> Any:
        if instance is None:
            return self.fclass.__get__(owner, type(owner))
        return self.finstance.__get__(instance, owner)


class Registry(ModelBase):
    """Metaclass of every registry: class-level query methods (api.md §1)."""

    def filter(cls, *queries: Q, **expressions: Any) -> QuerySet:
        """Query records; trash and archive are hidden unless asked for.

        Examples:
            >>> ln.Record.filter(name__startswith="my").to_dataframe()
        """
        using = expressions.pop("using", None)
        return QuerySet(model=cls, using=using).filter(*queries, **expressions)

    def get(cls, idlike: int | str | None = None, **expressions: Any) -> Any:
        """Get one record by id, uid, uid prefix or field values (api.md §1.5)."""
        using = expressions.pop("using", None)
        return QuerySet(model=cls, using=using).get(idlike, **expressions)

    def to_dataframe(
        cls,
        include: str | list[str] | None = None,
        features: bool | list[str] | str = False,
        limit: int | None = 100,
        order_by: str | None = "-id",
    ) -> pd.DataFrame:
        """The registry's visible records as a DataFrame (api.md §1.6)."""
        return cls.filter().to_dataframe(
            include=include, features=features, limit=limit, order_by=order_by
        )

    def df(cls, *args: Any, **kwargs: Any) -> pd.DataFrame:
        """Deprecated alias of :meth:`to_dataframe`."""
        return cls.filter().df(*args, **kwargs)

    def search(
        cls,
        string: str,
        *,
        field: Any = None,
        limit: int | None = 20,
        case_sensitive: bool = False,
    ) -> QuerySet:
        """Typo-tolerant search over string fields; exact matches first."""
        return cls.filter().search(
            string, field=field, limit=limit, case_sensitive=case_sensitive
        )

    def lookup(
        cls, field: Any = None, return_field: Any = None, keep: str | bool = "first"
    ) -> Any:
        """Auto-complete object over a field's values (api.md §1.8)."""
        return cls.filter().lookup(field=field, return_field=return_field, keep=keep)

    def connect(cls, instance: str | None) -> QuerySet:
        """Query set on another instance named in ``$LAMINGUI_HOME/instances.toml``."""
        from ..instances import database_alias  # noqa: PLC0415 - optional, loaded late

        return QuerySet(model=cls, using=database_alias(instance))

    def using(cls, instance: str | None) -> QuerySet:
        """Deprecated alias of :meth:`connect`."""
        warnings.warn(
            "Use connect instead of using, using will be removed in the future.",
            DeprecationWarning,
            stacklevel=2,
        )
        return cls.connect(instance)

    def _describe_registry(cls, return_str: bool = False) -> str | None:
        from ._describe import describe_registry  # noqa: PLC0415

        return describe_registry(cls, return_str=return_str)

    def __dir__(cls) -> list[str]:
        return sorted(set(super().__dir__()) | set(vars(Registry)))


class BaseSQLRecord(LifecycleHooks, metaclass=Registry):
    """Base of every lamingui model: construction pipeline, ``save``, hard delete.

    Subclasses without branch and space columns (``User``, ``Space``, ``Branch``,
    link models, attached blocks) cannot be soft-deleted.
    """

    objects = QueryManager()

    #: name field used by search, lookup and ``get`` hints
    _name_field: ClassVar[str] = "name"
    #: attnames whose loaded values are kept to detect changes on save
    _TRACK_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: positional constructor arguments, mapped to these keywords in order
    _positional_args: ClassVar[tuple[str, ...]] = ()
    #: the uid passed to the constructor must have this many characters
    _check_uid_length: ClassVar[bool] = False

    class Meta:
        abstract = True
        base_manager_name = "objects"

    # -- construction ---------------------------------------------------------

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not args and not kwargs:  # Django forms, admin: empty instance
            super().__init__()
            return
        cls = type(self)
        if args:
            kwargs = _positional_to_keywords(cls, args, kwargs)
        _check_keywords(cls, kwargs)
        kwargs = cls._prepare_init(kwargs)
        existing = kwargs.pop("_existing_record", None)
        extras = kwargs.pop("_init_extras", None)
        _init_fields(self, cls, kwargs)
        if existing is not None:  # name de-duplication returned a saved row
            self.__dict__.update(existing.__dict__)
            return
        if extras:
            self.__dict__.update(extras)
        _check_required(self)
        self._after_init()

    @classmethod
    def from_db(cls, db: str, field_names: list[str], values: list[Any]) -> Any:
        """A row from the database, bypassing the constructor pipeline.

        ``field_names`` are the attnames of the loaded columns, in the order of
        ``values``; deferred fields stay out of ``__dict__`` as in Django. Writing
        the instance dict directly skips Django's per-field descriptor calls.
        """
        new = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = db
        row = new.__dict__
        row["_state"] = state
        row.update(zip(field_names, values, strict=True))
        row["_loaded"] = {name: row.get(name) for name in cls._tracked_attnames()}
        post_init.send(sender=cls, instance=new)
        return new

    @classmethod
    def _from_rows(cls, db: str, attnames: list[str], rows: Any) -> list[BaseSQLRecord]:
        """Records from value tuples, as :meth:`from_db` makes them, for many rows.

        Columns not in ``attnames`` are deferred (they load on first access).
        ``post_init`` is only sent when someone listens to it for this class.
        """
        tracked = cls._tracked_attnames()
        # none of the tracked columns loaded: every row shares one snapshot
        # (snapshots are replaced, never changed in place)
        shared = None
        if not any(name in attnames for name in tracked):
            shared = dict.fromkeys(tracked)
        signal = post_init.has_listeners(cls)
        new = cls.__new__
        out = []
        for values in rows:
            record = new(cls)
            state = ModelState()
            state.adding = False
            state.db = db
            row = record.__dict__
            row["_state"] = state
            row.update(zip(attnames, values, strict=True))
            row["_loaded"] = (
                shared if shared is not None else {n: row.get(n) for n in tracked}
            )
            if signal:
                post_init.send(sender=cls, instance=record)
            out.append(record)
        return out

    @classmethod
    def _tracked_attnames(cls) -> tuple[str, ...]:
        names = cls.__dict__.get("_tracked_cache")
        if names is None:
            # is_locked for the lock guard; type and space for the type checks
            extra = tuple(
                attname
                for name, attname in (
                    ("is_locked", "is_locked"),
                    ("type", "type_id"),
                    ("space", "space_id"),
                )
                if _has_field(cls, name)
            )
            names = tuple(dict.fromkeys((*cls._TRACK_FIELDS, *extra)))
            cls._tracked_cache = names
        return names

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._snapshot()

    def _snapshot(self) -> None:
        """Remember the tracked values as stored (lock, type and change checks)."""
        self._loaded = {
            name: self.__dict__.get(name) for name in type(self)._tracked_attnames()
        }

    def _loaded_value(self, attname: str) -> Any:
        return getattr(self, "_loaded", {}).get(attname)

    # -- saving ---------------------------------------------------------------

    def save(self: T, *args: Any, **kwargs: Any) -> T:
        """Save to the database and return the record (chainable)."""
        using = kwargs.get("using") or self._state.db or DEFAULT_DB_ALIAS
        _check_required(self)
        _guard_locked_save(self, using)
        self._before_save(using)
        super().save(*args, **kwargs)
        self._snapshot()
        return self

    # -- deleting -------------------------------------------------------------

    def delete(self, permanent: bool | None = None, **kwargs: Any) -> Any:
        """Delete permanently; soft delete does not exist for this registry."""
        if permanent is False:
            raise ValueError(
                f"Soft delete is not possible for {type(self).__name__}, use "
                "'permanent=True' or 'permanent=None' for permanent deletion."
            )
        return self._hard_delete(**kwargs)

    def _hard_delete(self, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if getattr(self, "is_locked", False):
            raise NoWriteAccess(LOCKED_MESSAGE.format(record=self))
        using = kwargs.get("using") or self._state.db or DEFAULT_DB_ALIAS
        with transaction.atomic(using=using):
            self._before_hard_delete(using)
            if hasattr(self, "stem_uid") and not getattr(
                self, "_overwrite_versions", False
            ):
                _is_versioned.promote_successor(self, using)
            return models.Model.delete(self, using=using)

    def __getattr__(self, name: str) -> Any:
        # only reached for missing attributes: HasSynonyms defines these methods
        if name in {"add_synonym", "remove_synonym"}:
            raise SynonymsNotSupported(
                f"{type(self).__name__} has no synonyms field, so no {name}()"
            )
        raise AttributeError(
            f"'{type(self).__name__}' object has no attribute '{name}'"
        )

    # -- display --------------------------------------------------------------

    def __repr__(self) -> str:
        from ._describe import record_repr  # noqa: PLC0415 - display only

        return record_repr(self)

    def __str__(self) -> str:
        value = getattr(self, self._name_field, None) if self._name_field else None
        if value is None:
            value = getattr(self, "uid", None) or self.pk
        return str(value)

    def _describe_record(
        self, return_str: bool = False, include: str | None = None
    ) -> str | None:
        from ._describe import describe_record  # noqa: PLC0415

        return describe_record(self, return_str=return_str, include=include)

    describe = class_or_instance_method(_describe_record, Registry._describe_registry)


class SQLRecord(BaseSQLRecord):
    """A record on a branch and in a space, with trash and restore (models.md §2.3)."""

    branch = ForeignKey(
        "lamingui.Branch", models.PROTECT, default=1, db_default=1, related_name="+"
    )
    """Branch the record lives on: 1 main, 0 archive, -1 trash."""
    created_on = ForeignKey(
        "lamingui.Branch", models.PROTECT, default=1, db_default=1, related_name="+"
    )
    """Branch the record was created on."""
    space = ForeignKey(
        "lamingui.Space", models.PROTECT, default=1, db_default=1, related_name="+"
    )
    """Access-control space."""
    is_locked: bool = BooleanField(default=False, db_default=False)
    """Locked records refuse edits and deletes until unlocked."""
    _aux: dict[str, Any] | None = JSONField(null=True, default=None, db_default=None)
    """Private auxiliary data."""

    class Meta:
        abstract = True
        base_manager_name = "objects"

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        search = kwargs.pop("_search_names", None)
        if search is None:
            search = context.search_names_enabled()
        if search and hasattr(cls, "from_values") and kwargs.get("uid") is None:
            existing = _record_with_same_name(cls, kwargs)
            if existing is not None:
                kwargs["_existing_record"] = existing
                return kwargs
        kwargs = super()._prepare_init(kwargs)
        _default_branch_and_space(cls, kwargs)
        return kwargs

    def delete(self, permanent: bool | None = None, **kwargs: Any) -> Any:
        """Move to the trash; delete permanently when already trashed or asked to.

        Args:
            permanent: ``True`` deletes from the database; ``None`` trashes a live
                record and refuses (``ConfirmationRequired``) on a trashed one.
        """
        if self._state.adding or self.pk is None:
            logger.warning("record is not yet saved, delete has no effect")
            return None
        if self.branch_id is not None and self.branch_id > -1 and permanent is not True:
            self._soft_delete(kwargs.get("using"))
            return None
        if permanent is False:  # already in the trash
            return None
        if permanent is None:
            raise ConfirmationRequired(
                f"{type(self).__name__} {self.uid if hasattr(self, 'uid') else self.pk}"
                " is already in the trash; pass permanent=True to delete it from the"
                " database (this cannot be undone)."
            )
        return self._hard_delete(**kwargs)

    def _soft_delete(self, using: str | None = None) -> None:
        """Trash inside one transaction, writing only the columns trashing changes."""
        using = using or self._state.db or DEFAULT_DB_ALIAS
        if self.is_locked:
            raise NoWriteAccess(LOCKED_MESSAGE.format(record=self))
        with transaction.atomic(using=using):
            self._before_soft_delete(using)
            self.branch_id = -1
            self.save(using=using, update_fields=self._trash_fields())
        logger.info("moved record to trash: %r", self)

    @classmethod
    def _trash_fields(cls) -> list[str]:
        """Columns trashing writes: the branch, version flag and update time."""
        fields = cls.__dict__.get("_trash_fields_cache")
        if fields is None:
            names = ("branch", "is_latest", "updated_at")
            fields = [n for n in names if _has_field(cls, n)]
            cls._trash_fields_cache = fields
        return fields

    def restore(self) -> None:
        """Move the record from the trash (or archive) back to the main branch.

        Like trashing, this writes the branch (and ``updated_at``) only; other
        unsaved changes of the object are left for an explicit ``save()``.
        """
        self.branch_id = 1
        if self._state.adding or self.pk is None:
            self.save()
            return
        fields = [n for n in self._trash_fields() if n != "is_latest"]
        self.save(update_fields=fields)

    @property
    def notes(self) -> str | None:
        """Content of the latest readme block attached to this record, if any."""
        return _latest_readme(self)


class HasEmoji:
    """Behaviour-only mixin: ``emoji`` stored in ``_aux["ei"]`` (models.md §1.7)."""

    @property
    def emoji(self) -> str | None:
        return (self._aux or {}).get("ei")

    @emoji.setter
    def emoji(self, value: str | None) -> None:
        aux = dict(self._aux or {})
        if value:
            aux["ei"] = value
        else:
            aux.pop("ei", None)
        self._aux = aux or None


class IsLink:
    """Marker base of link models."""


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


# -- helpers ------------------------------------------------------------------


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


def _has_field(cls: type[models.Model], name: str) -> bool:
    try:
        cls._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _latest_readme(record: Any) -> str | None:
    ablocks = getattr(record, "ablocks", None)
    if ablocks is None or record.pk is None:
        return None
    block = (
        ablocks.filter(kind="readme", is_latest=True).order_by("-created_at").first()
    )
    return block.content if block is not None else None


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


def _guard_locked_save(record: BaseSQLRecord, using: str) -> None:
    if record._state.adding:
        if getattr(record, "is_locked", False) and record.pk is not None:
            raise NoWriteAccess(LOCKED_MESSAGE.format(record=record))
        return
    if not record._loaded_value("is_locked"):
        return
    # a locked row may only be unlocked, with no other change in the same save
    if getattr(record, "is_locked", False):
        raise NoWriteAccess(LOCKED_MESSAGE.format(record=record))
    stored = type(record).objects.using(using).filter(pk=record.pk).values().first()
    if stored is None:
        return
    changed = [
        f.name
        for f in record._meta.concrete_fields
        if f.attname not in {"is_locked", "updated_at"}
        and f.attname in stored
        and f.get_prep_value(getattr(record, f.attname))
        != f.get_prep_value(stored[f.attname])
    ]
    if changed:
        raise NoWriteAccess(
            f"Unlock {record!r} in a save of its own; this save also changes {changed}."
        )
