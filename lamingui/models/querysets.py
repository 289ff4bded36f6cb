"""Query sets and managers (api.md §3): basic and rich query sets, ``QueryManager``.

``BasicQuerySet`` is what managers and related managers return (plain Django
semantics plus lamindb's helpers); ``QuerySet`` is what ``Registry.filter()``
returns: it hides trash and archive and explains unknown fields.
"""

from __future__ import annotations

import logging
import warnings
from collections import UserList
from typing import TYPE_CHECKING, Any

from django.core.exceptions import (
    FieldDoesNotExist,
    FieldError,
    MultipleObjectsReturned,
)
from django.db import models, transaction
from django.db.models import Q

from .. import context
from ..errors import InvalidArgument, NoWriteAccess, ObjectDoesNotExist
from . import _is_versioned
from ._feature_predicates import resolve_predicates
from ._queryset_curate import QuerySetCuration
from ._save import save as bulk_save

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger("lamingui")

#: keys that find a row wherever it lives: no branch scoping (api.md §1.2)
_UNSCOPED_KEYS = frozenset(
    {"id", "uid", "hash", "pk", "id__in", "uid__in", "hash__in", "pk__in"}
)
#: registries whose unknown filter keys are tried as feature names (api.md §1.4)
_FEATURE_REGISTRIES = frozenset({"Artifact", "Run", "Record"})


def has_branch(model: type[models.Model]) -> bool:
    """Whether rows live on a branch (BranchBlock's ``branch`` is its host instead)."""
    try:
        field = model._meta.get_field("branch")
    except FieldDoesNotExist:
        return False
    return field.remote_field.related_name == "+"


def available_fields(model: type[models.Model]) -> list[str]:
    """Field names a user may filter by, for error messages (api.md §1.3)."""
    names: set[str] = set()
    for f in model._meta.get_fields():
        name = f.name
        if name.startswith(("_", "links_")):
            continue
        names.add(name)
        if f.many_to_one and f.concrete:
            names.add(f.attname)
    if model.__name__ == "Artifact":
        names |= {"transform", "feature_sets"}
    return sorted(names)


def remap_keywords(model: type[models.Model], expressions: dict[str, Any]) -> dict:
    """lamindb's keyword aliases: ``version``, ``status``, ``dtype``, ``transform``."""
    if not expressions:
        return expressions
    is_versioned = hasattr(model, "_len_stem_uid")
    status_codes = getattr(model, "STATUS_CODES", None)
    out: dict[str, Any] = {}
    for key, value in expressions.items():
        head, _, tail = key.partition("__")
        rest = f"__{tail}" if tail else ""
        if is_versioned and head == "version":
            key = "version_tag" + rest
        elif status_codes is not None and head == "status":
            key = "_status_code" + rest
            value = _status_values(model, status_codes, value)
        elif model.__name__ == "Feature" and head in {"dtype", "dtype_as_str"}:
            if head == "dtype":
                warnings.warn(
                    "Querying Feature by `dtype` is deprecated. Use `dtype_as_str` "
                    "instead.",
                    DeprecationWarning,
                    stacklevel=3,
                )
            key = "_dtype_str" + rest
        elif model.__name__ == "Artifact" and head == "transform":
            key = "run__transform" + rest
        elif model.__name__ == "Artifact" and head == "feature_sets":
            warnings.warn(
                "Querying Artifact by `feature_sets` is deprecated. Use `schemas` "
                "instead.",
                DeprecationWarning,
                stacklevel=3,
            )
            key = "schemas" + rest
        out[key] = value
    return out


def match_foreign_records(expressions: dict[str, Any], db: str) -> dict[str, Any]:
    """Records of another database are matched by uid (api.md §1.1).

    ``filter(type=record)`` with ``record`` loaded from instance A, on a query
    set of instance B, becomes ``filter(type__uid=record.uid)`` (``__in`` lists
    too): ids differ between instances, uids do not.
    """
    out = expressions
    for key, value in expressions.items():
        if key.endswith("__in") and isinstance(value, list | tuple | set):
            values = list(value)
            if not values or not all(_is_foreign(v, db) for v in values):
                continue
            new_key, new_value = f"{key[:-4]}__uid__in", [v.uid for v in values]
            shown = new_value
        elif _is_foreign(value, db):
            new_key, new_value = f"{key}__uid", value.uid
            shown = value.uid
        else:
            continue
        source = (values[0] if key.endswith("__in") else value)._state.db
        logger.warning(
            "passing record from database %s to query %s, matching on uid %r",
            source,
            db,
            shown,
        )
        if out is expressions:
            out = dict(expressions)
        del out[key]
        out[new_key] = new_value
    return out


def _is_foreign(value: Any, db: str) -> bool:
    state = getattr(value, "_state", None)
    return (
        isinstance(value, models.Model)
        and state is not None
        and state.db is not None
        and state.db != db
        and getattr(value, "uid", None) is not None
    )


def _status_values(model: type, codes: dict[str, int], value: Any) -> Any:
    def one(v: Any) -> Any:
        if isinstance(v, str):
            if v not in codes:
                expected = ", ".join(f"'{k}'" for k in codes)
                raise ValueError(
                    f"Invalid {model.__name__} status '{v}'. Expected one of: "
                    f"{expected}."
                )
            return codes[v]
        return v

    if isinstance(value, list | tuple | set):
        return [one(v) for v in value]
    return one(value)


def _q_mentions_branch(q: Q) -> bool:
    for child in q.children:
        if isinstance(child, Q):
            if _q_mentions_branch(child):
                return True
        elif _is_branch_key(child[0]):
            return True
    return False


def _is_branch_key(key: str) -> bool:
    return key in {"branch", "branch_id"} or key.startswith(("branch__", "branch_id__"))


class BasicQuerySet(QuerySetCuration, models.QuerySet):
    """Django query set with lamindb's helpers; ``filter`` only remaps keywords."""

    def filter(self, *args: Any, **kwargs: Any) -> BasicQuerySet:
        args = resolve_predicates(self.model, args, self.db)
        kwargs = match_foreign_records(remap_keywords(self.model, kwargs), self.db)
        return super().filter(*args, **kwargs)

    def exclude(self, *args: Any, **kwargs: Any) -> BasicQuerySet:
        return super().exclude(*args, **remap_keywords(self.model, kwargs))

    # -- conversion ---------------------------------------------------------

    def _to_basic(self, copy: bool = True) -> BasicQuerySet:
        """The same rows as a :class:`BasicQuerySet` (no branch scoping on filter)."""
        return self._as_class(BasicQuerySet, copy)

    def _to_non_basic(self, copy: bool = True) -> QuerySet:
        """The same rows as a rich :class:`QuerySet` (later filters are scoped)."""
        return self._as_class(QuerySet, copy)

    def _as_class(self, cls: type[BasicQuerySet], copy: bool) -> Any:
        qs = self._chain() if copy else self
        qs.__class__ = cls
        if cls is QuerySet and not hasattr(qs, "_branch_scoped"):
            qs._branch_scoped = False
        return qs

    # -- rows ---------------------------------------------------------------

    def first(self) -> Any:
        """First row; unordered sets are ordered by primary key."""
        return super().first()

    def one(self) -> Any:
        """Exactly one row, else ``ObjectDoesNotExist``/``MultipleObjectsReturned``."""
        rows = list(self[:2])
        if not rows:
            raise ObjectDoesNotExist(
                f"No {self.model.__name__} record matches this query."
            )
        if len(rows) > 1:
            raise self.model.MultipleObjectsReturned(repr(self))
        return rows[0]

    def one_or_none(self) -> Any:
        """The single row, ``None`` for no row, ``MultipleObjectsReturned`` for more."""
        rows = list(self[:2])
        if len(rows) > 1:
            raise self.model.MultipleObjectsReturned(repr(self))
        return rows[0] if rows else None

    def to_list(self, field: str | None = None) -> list[Any]:
        """The records, or the values of one field."""
        if field is None:
            return list(self)
        return list(self.values_list(field, flat=True))

    def to_dataframe(
        self,
        include: str | list[str] | None = None,
        features: bool | list[str] | str = False,
        limit: int | None = 100,
        order_by: str | None = "-id",
        **kwargs: Any,
    ) -> pd.DataFrame:
        """Rows as a DataFrame: ``uid`` first, ``id`` as index (api.md §1.6)."""
        from ._dataframe import queryset_to_dataframe  # noqa: PLC0415 - pandas is heavy

        return queryset_to_dataframe(
            self, include=include, features=features, limit=limit, order_by=order_by
        )

    def df(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
        """Deprecated alias of :meth:`to_dataframe`."""
        warnings.warn(
            "Use to_dataframe instead of df, df will be removed in the future.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.to_dataframe(*args, **kwargs)

    def search(
        self,
        string: str,
        *,
        field: Any = None,
        limit: int | None = 20,
        case_sensitive: bool = False,
    ) -> BasicQuerySet:
        """Rows ranked by relevance to ``string`` (exact matches first)."""
        from ._search import search  # noqa: PLC0415 - loads rapidfuzz on demand

        return search(
            self, string, field=field, limit=limit, case_sensitive=case_sensitive
        )

    def lookup(
        self, field: Any = None, return_field: Any = None, keep: str | bool = "first"
    ) -> Any:
        """Auto-complete object over a field's values (api.md §1.8)."""
        from ._lookup import lookup  # noqa: PLC0415

        return lookup(self, field=field, return_field=return_field, keep=keep)

    def describe(self, return_str: bool = False) -> str | None:
        return self.model.describe(return_str=return_str)

    # -- writes -------------------------------------------------------------

    def delete(self, *args: Any, permanent: bool | None = None, **kwargs: Any) -> Any:
        """Trash the rows (bulk), or delete them with ``permanent=True`` (§6.6)."""
        model = self.model
        name = model.__name__
        if model.__name__ in {"Artifact", "Collection", "Storage"}:
            if name == "Storage" and permanent is False:
                raise ValueError(
                    "Soft delete is not possible for Storage, use 'permanent=True' "
                    "or 'permanent=None' for permanent deletion."
                )
            for record in list(self):
                record.delete(permanent=permanent, **kwargs)
            return None
        if not has_branch(model):
            if permanent is False:
                raise ValueError(
                    f"Soft delete is not possible for {name}, use 'permanent=True' "
                    "for permanent deletion."
                )
            return super().delete()
        self._refuse_locked()
        if permanent is True:
            with transaction.atomic(using=self.db):
                if hasattr(model, "_len_stem_uid"):
                    _is_versioned.promote_for_many(list(self), self.db)
                return super().delete()
        with transaction.atomic(using=self.db):
            if hasattr(model, "_len_stem_uid"):
                rows = list(self.filter(branch_id__gt=-1))
                _is_versioned.promote_for_many(rows, self.db)
                model.objects.using(self.db).filter(
                    pk__in=[r.pk for r in rows if r.is_latest]
                ).update(is_latest=False)
            self._bare().update(branch_id=-1)
        logger.warning("moved records to trash (branch_id = -1)")
        return None

    def restore(self) -> int:
        """Move trashed or archived rows back to the main branch; returns the count."""
        if not has_branch(self.model):
            raise ValueError(f"{self.model.__name__} has no trash to restore from.")
        self._refuse_locked()
        return self._bare().update(branch_id=1)

    def _bare(self) -> models.QuerySet:
        """Same rows as a plain query set (update() refuses sliced/ordered quirks)."""
        if self.query.is_sliced:
            return self.model.objects.using(self.db).filter(
                pk__in=list(self.values_list("pk", flat=True))
            )
        return self

    def _refuse_locked(self) -> None:
        if hasattr(self.model, "is_locked") and self.filter(is_locked=True).exists():
            raise NoWriteAccess(
                "It is not allowed to modify or create locked ('is_locked=True') "
                "records: this query set contains locked records."
            )


class QuerySet(BasicQuerySet):
    """The query set of ``Registry.filter()``: branch-scoped, with helpful errors."""

    _branch_scoped = False

    def _clone(self) -> QuerySet:
        clone = super()._clone()
        clone._branch_scoped = self._branch_scoped
        return clone

    def filter(self, *queries: Any, **expressions: Any) -> QuerySet:
        expressions = match_foreign_records(
            remap_keywords(self.model, expressions), self.db
        )
        queries = resolve_predicates(self.model, queries, self.db)
        queries, expressions, scope = self._branch_scope(queries, expressions)
        if self.model.__name__ in _FEATURE_REGISTRIES:
            queries, expressions = self._feature_conditions(queries, expressions)
        try:
            qs = models.QuerySet.filter(self, *queries, **expressions)
        except (FieldError, ValueError) as error:
            raise self._explain(error, expressions) from None
        if scope is not None:
            qs = models.QuerySet.filter(qs, branch_id__in=scope)
        # the first filter of a chain decides the scope; Django's get() filters again
        qs._branch_scoped = True
        return qs

    def _feature_conditions(
        self, queries: tuple, expressions: dict[str, Any]
    ) -> tuple[tuple, dict[str, Any]]:
        """Move keys that are feature names into a ``Q`` (api.md §1.4)."""
        keys = [k for k in expressions if not _is_real_field(self.model, k)]
        if not keys:
            return queries, expressions
        # imported here: the link-table registry imports this module
        from ._feature_filter import feature_filter  # noqa: PLC0415

        condition = feature_filter(
            self.model,
            {k: expressions.pop(k) for k in keys},
            available_fields(self.model),
            self.db,
        )
        return (*queries, condition), expressions

    def _branch_scope(
        self, queries: tuple, expressions: dict[str, Any]
    ) -> tuple[tuple, dict[str, Any], list[int] | None]:
        if self._branch_scoped or not has_branch(self.model):
            return queries, expressions, None
        if any(k in _UNSCOPED_KEYS for k in expressions):
            return queries, expressions, None
        branch_keys = [k for k in expressions if _is_branch_key(k)]
        if branch_keys or any(
            isinstance(q, Q) and _q_mentions_branch(q) for q in queries
        ):
            for key in ("branch", "branch_id"):
                if key in expressions and expressions[key] is None:
                    del expressions[key]
            return queries, expressions, None
        return queries, expressions, context.default_branch_ids()

    def _explain(self, error: Exception, expressions: dict[str, Any]) -> Exception:
        fields = available_fields(self.model)
        unknown = [k for k in expressions if k.split("__")[0] not in fields]
        unknown = [k for k in unknown if not _is_real_field(self.model, k)]
        for key, value in expressions.items():
            head = key.split("__")[0]
            field = _get_field(self.model, head)
            if (
                "__" not in key
                and field is not None
                and field.is_relation
                and isinstance(value, str)
                and value.replace("-", "").isalpha()
            ):
                return FieldError(
                    f"Invalid lookup '{value}' for {key}. Did you mean {key}__name?"
                )
        if unknown and self.model.__name__ in _FEATURE_REGISTRIES:
            return InvalidArgument(
                f"You can query either by available fields: {', '.join(fields)}\n"
                f"Or fix invalid feature names: {', '.join(sorted(unknown))}"
            )
        if unknown:
            name = unknown[0].split("__")[0]
            return FieldError(
                f"Unknown field '{name}'. Available fields: {', '.join(fields)}"
            )
        return error

    def get(
        self,
        idlike: int | str | None = None,
        *,
        is_run_input: bool | Any = False,
        path: Any = None,
        **expressions: Any,
    ) -> Any:
        """One record by id, uid, uid prefix or fields (api.md §1.5, §3.2).

        Args:
            idlike: an integer id, a full uid or a uid prefix (a stem uid gives
                the latest version of a versioned registry).
            is_run_input: ``True`` (the tracked run) or a ``Run``: record the
                artifact or collection found as an input of that run.
            path: Artifact only, the storage path of the file (``artifact.path``).
            **expressions: field lookups, branch-scoped like ``filter()``.
        """
        from ._get import get_by_path, get_record, track_run_input  # noqa: PLC0415

        if path is not None:
            record = get_by_path(self, path, idlike, **expressions)
        else:
            record = get_record(self, idlike, **expressions)
        if is_run_input is not False and is_run_input is not None:
            track_run_input(record, is_run_input)
        return record


def _get_field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_real_field(model: type[models.Model], key: str) -> bool:
    head = key.split("__")[0]
    return (
        _get_field(model, head) is not None
        or head in {"pk"}
        or any(f.attname == head for f in model._meta.concrete_fields)
    )


class QueryManager(models.Manager.from_queryset(BasicQuerySet)):
    """Default manager of every registry; related managers derive from it."""

    def to_list(self, field: str | None = None) -> list[Any]:
        return self.get_queryset().to_list(field)

    def to_dataframe(self, **kwargs: Any) -> pd.DataFrame:
        return self.all().to_dataframe(**kwargs)

    def search(self, string: str, **kwargs: Any) -> BasicQuerySet:
        return self.all().search(string, **kwargs)

    def lookup(self, field: Any = None, **kwargs: Any) -> Any:
        return self.all().lookup(field, **kwargs)


class RelatedManager(QueryManager):
    """What ``record.parents``, ``artifact.records``, … offer (api.md §3.4).

    Django builds each related manager as a subclass of the registry's default
    manager, ``QueryManager``; this class documents that API for readers and type
    checkers: ``add(*objs, bulk=True)``, ``set(objs, *, bulk=True, clear=False)``,
    ``remove(*objs, bulk=True)``, ``clear()``, plus ``to_list``, ``to_dataframe``,
    ``search`` and ``lookup`` from ``QueryManager``.
    """


class SQLRecordList(UserList):
    """An ordered, non-queryable list of records (``from_values``, ``query_types``)."""

    def to_dataframe(self) -> pd.DataFrame:
        import pandas as pd  # noqa: PLC0415

        if not self.data:
            return pd.DataFrame()
        fields = [f.attname for f in self.data[0]._meta.concrete_fields]
        return pd.DataFrame(
            [[getattr(r, a) for a in fields] for r in self.data], columns=fields
        )

    def df(self) -> pd.DataFrame:
        return self.to_dataframe()

    def to_list(self, field: str | None = None) -> list[Any]:
        if field is None:
            return list(self.data)
        return [getattr(r, field) for r in self.data]

    def one(self) -> Any:
        if not self.data:
            raise ObjectDoesNotExist("The list is empty.")
        if len(self.data) > 1:
            raise MultipleObjectsReturned(repr(self.data))
        return self.data[0]

    def save(self) -> SQLRecordList:
        bulk_save(self.data)
        return self
