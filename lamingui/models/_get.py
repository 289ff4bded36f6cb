"""``get()`` resolution rules (api.md §1.5): id, uid, uid prefix, or field values."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldError
from django.db import connections, models
from django.db.models import Q

from .. import context
from ..errors import ObjectDoesNotExist

logger = logging.getLogger("lamingui")


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


def get_by_path(qs: Any, path: Any, idlike: Any = None, **expressions: Any) -> Any:
    """The artifact stored at ``path`` (``QuerySet.get(path=...)``, api.md §3.2).

    A path inside a storage location's ``.lamindb/`` folder names the artifact by
    uid (the stem uid for ``overwrite_versions`` artifacts, giving the latest
    version); any other path inside a storage location is matched by key. Among
    several versions stored under one key the latest wins.
    """
    model = qs.model
    if model.__name__ != "Artifact":
        raise ValueError("Querying by path is only possible for artifacts.")
    target = Path(path).expanduser().resolve()
    storage_model = model._meta.get_field("storage").related_model
    for storage in storage_model.objects.using(qs.db).all():
        root = Path(storage.root).expanduser().resolve()
        if root != target and root not in target.parents:
            continue
        relative = target.relative_to(root).as_posix()
        rows = models.QuerySet.filter(qs, storage=storage)
        if relative.startswith(".lamindb/") and "/" not in relative[9:]:
            uid = relative[9:].split(".", 1)[0]
            rows = models.QuerySet.filter(rows, uid_prefix(uid, qs.db))
        else:
            rows = models.QuerySet.filter(
                rows,
                Q(_real_key=relative)
                | Q(_real_key__isnull=True, _key_is_virtual=False, key=relative),
            )
        if idlike is not None or expressions:
            return get_record(rows, idlike, **expressions)
        record = rows.order_by("-is_latest", "-created_at", "-id").first()
        if record is not None:
            return record
    raise model.DoesNotExist(f"No {model.__name__} is stored at '{path}'.")


def track_run_input(record: Any, run: Any) -> None:
    """Record ``record`` as an input of ``run`` (``True``: the tracked run)."""
    name = type(record).__name__
    if name not in {"Artifact", "Collection"}:
        raise ValueError(
            f"is_run_input is only possible for artifacts and collections, not {name}."
        )
    run_id = context.current_run_id() if run is True else getattr(run, "pk", None)
    if run_id is None:
        logger.warning(
            "no run is tracked (call ln.track() or pass is_run_input=<run>): "
            "%s %s is not recorded as a run input",
            name,
            record.uid,
        )
        return
    if record.run_id == run_id:  # an output of the same run is not also its input
        return
    record.input_of_runs.add(run_id)
