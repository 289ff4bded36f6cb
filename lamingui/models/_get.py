"""``get()`` resolution rules (api.md §1.5): id, uid, uid prefix, or field values."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import connections, models
from django.db.models import Q

from ..errors import ObjectDoesNotExist


def get_record(qs: Any, idlike: int | str | None = None, **expressions: Any) -> Any:
    """Resolve ``idlike``/``expressions`` within the query set ``qs``."""
    model = qs.model
    basic = models.QuerySet.all(qs)  # keeps qs's filters, no new branch scoping
    if isinstance(idlike, bool):
        raise TypeError("get() expects an int id, a uid string or keyword arguments")
    if isinstance(idlike, int):
        return models.QuerySet.get(basic, id=idlike)
    if isinstance(idlike, str):
        return _get_by_uid(model, basic, idlike)
    if idlike is not None:
        raise TypeError(
            f"get() expects an int id or a uid string, got {type(idlike).__name__}"
        )
    if not expressions:
        return models.QuerySet.get(qs)
    try:
        scoped = qs.filter(**expressions)
    except FieldError as error:
        raise FieldError(str(error).split("\n")[0]) from None
    except Exception as error:  # feature-filter errors on Artifact/Run/Record
        if type(error).__name__ == "InvalidArgument":
            from .querysets import available_fields  # noqa: PLC0415

            unknown = next(iter(expressions)).split("__")[0]
            raise FieldError(
                f"Unknown field '{unknown}'. Available fields: "
                f"{', '.join(available_fields(model))}"
            ) from None
        raise
    if hasattr(model, "_len_stem_uid") and "is_latest" not in expressions:
        latest = list(models.QuerySet.filter(scoped, is_latest=True)[:2])
        if len(latest) == 1:
            return latest[0]
        if not latest:
            newest = scoped.order_by("-created_at", "-id").first()
            if newest is None:
                raise model.DoesNotExist(
                    f"{model.__name__} matching query does not exist."
                )
            return newest
    return models.QuerySet.get(scoped)


def _get_by_uid(model: type, basic: Any, idlike: str) -> Any:
    stem_len = getattr(model, "_len_stem_uid", None)
    if stem_len is not None and len(idlike) <= stem_len:
        rows = models.QuerySet.filter(basic, uid_prefix(idlike, basic.db))
        row = rows.filter(is_latest=True).order_by("-created_at", "-id").first()
        if row is None:
            row = rows.order_by("-created_at", "-id").first()
        if row is None:
            raise ObjectDoesNotExist(_not_found(model, idlike))
        return row
    uid_field = model._meta.get_field("uid")
    condition = (
        Q(uid=idlike)
        if len(idlike) >= uid_field.max_length
        else uid_prefix(idlike, basic.db)
    )
    rows = list(models.QuerySet.filter(basic, condition)[:2])
    if not rows:
        raise ObjectDoesNotExist(_not_found(model, idlike))
    if len(rows) > 1:
        raise model.MultipleObjectsReturned(
            f"Several {model.__name__} records have a uid starting with '{idlike}'."
        )
    return rows[0]


def uid_prefix(prefix: str, using: str) -> Q:
    """``uid`` starts with ``prefix``, in a form the uid index can serve.

    SQLite's LIKE is case-insensitive and cannot use the (binary) uid index;
    base62 uids are ASCII, so the range ``[prefix, prefix + "{")`` is the same
    set and is an index range scan. PostgreSQL's ``startswith`` already uses the
    ``_like`` index Django creates for indexed character columns.
    """
    if connections[using].vendor == "sqlite" and prefix.isascii():
        return Q(uid__gte=prefix, uid__lt=prefix + "{")
    return Q(uid__startswith=prefix)


def _not_found(model: type, idlike: str) -> str:
    name_field = getattr(model, "_name_field", "name") or "name"
    return (
        f"No record found with uid '{idlike}'. Did you forget a keyword as in "
        f"{model.__name__}.get({name_field}='{idlike}')?"
    )
