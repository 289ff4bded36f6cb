"""The Registry metaclass and the base records ``BaseSQLRecord`` and ``SQLRecord``.

``save()`` returning the record and the hooks of
:class:`~lamingui.models.hooks.LifecycleHooks` live here; the steps they call
are in their own modules: construction (``_construction``), locking
(``_locking``), unique collisions on save (``_unique``), delete/trash/restore
(``_trash``). ``Space`` and ``Branch`` are in ``space.py`` and re-exported here
for the modules and migrations that import them from ``base``.
"""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models
from django.db.models import Q
from django.db.models.base import ModelBase, ModelState
from django.db.models.signals import post_init

from .. import context
from ..errors import SynonymsNotSupported
from . import _relations, _trash, _unique
from ._construction import (
    _check_keywords,
    _check_required,
    _class_info,
    _default_branch_and_space,
    _init_fields,
    _positional_to_keywords,
    _record_with_same_name,
)
from ._locking import LOCKED_MESSAGE, guard_locked_save
from .fields import BooleanField, ForeignKey, JSONField
from .hooks import LifecycleHooks
from .querysets import QueryManager, QuerySet

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger("lamingui")
T = TypeVar("T", bound="BaseSQLRecord")


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

    def __get_name_with_module__(cls) -> str:
        """The registry's name in strings: ``Record``, ``bionty.CellType``.

        Dtypes, ``Source.entity`` and ``describe()`` use it; core registries go
        by their bare name, the biology apps' by ``<app_label>.<Name>``.
        """
        from ._dtypes import registry_name  # noqa: PLC0415 - _dtypes imports base

        return registry_name(cls)

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

    def __setattr__(cls, name: str, value: Any) -> None:
        # Django sets m2m accessors (forward and reverse) with setattr
        super().__setattr__(name, _relations.guard(value))


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
        """Save to the database and return the record (chainable).

        Inserting a ``uid`` (or other unique column) that exists returns the
        stored record instead, moving it out of the trash (``_unique``).
        """
        using = kwargs.get("using") or self._state.db or DEFAULT_DB_ALIAS
        _check_required(self)
        guard_locked_save(self, using)
        self._before_save(using)
        # a new version (``revises=``) colliding is an error: its head was demoted
        if (
            self._state.adding
            and self.__dict__.get("_revises") is None
            and _unique.unique_fields(type(self))
        ):
            try:
                with _unique.insert_guard(using):
                    super().save(*args, **kwargs)
            except IntegrityError:
                if not _unique.take_existing(self, using):
                    raise
        else:
            super().save(*args, **kwargs)
        self._snapshot()
        return self

    # -- deleting -------------------------------------------------------------

    def delete(self, permanent: bool | None = None, **kwargs: Any) -> Any:
        """Delete permanently; soft delete does not exist for this registry."""
        _trash.refuse_soft_delete(self, permanent)
        return self._hard_delete(**kwargs)

    def _hard_delete(self, **kwargs: Any) -> tuple[int, dict[str, int]]:
        return _trash.hard_delete(self, **kwargs)

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
        return _trash.delete(self, permanent, **kwargs)

    def _soft_delete(self, using: str | None = None) -> None:
        _trash.soft_delete(self, using)

    @classmethod
    def _trash_fields(cls) -> list[str]:
        return _trash.trash_fields(cls)

    def restore(self) -> None:
        """Move the record from the trash (or archive) back to the main branch.

        Like trashing, this writes the branch (and ``updated_at``) only; other
        unsaved changes of the object are left for an explicit ``save()``.
        """
        _trash.restore(self)

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


# -- helpers ------------------------------------------------------------------


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


# re-exported for the modules and migrations that import them from here
from .space import Branch, Space, _status_code, _status_name  # noqa: E402

__all__ = [
    "LOCKED_MESSAGE",
    "BaseSQLRecord",
    "Branch",
    "HasEmoji",
    "IsLink",
    "Registry",
    "SQLRecord",
    "Space",
    "_class_info",
    "_status_code",
    "_status_name",
]
