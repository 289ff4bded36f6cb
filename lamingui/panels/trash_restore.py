"""Restore and permanent delete of several trash rows at once, over htmx or not.

gui.md §6.7.3. The trash page posts the selected rows as ``items`` values
``<registry>:<pk>`` (``record:12``):

* ``trash_restore_many`` puts them back on main, all or nothing: with
  ``with_descendants`` a type's trashed members and sub-types come along, with
  ``with_ancestors`` the types above a row that are still in the trash. A
  conflict (a type left in the trash, a name taken on main) is a 409 fragment
  listing every blocked row; nothing is restored.
* ``trash_purge_many`` deletes them from the database after the user typed
  ``delete N`` (N = number of rows): a wrong phrase is a 422, a row not in the
  trash a 400, a protected relation a 409 listing the blockers.

An htmx request gets a small fragment whose out-of-band parts remove the
affected rows from the page, plus ``HX-Trigger: {"lg:toast": …}``; a plain
form post gets a Django message and a redirect back to the trash page.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.contrib import messages
from django.contrib.admin import AdminSite, ModelAdmin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from .. import permissions
from ..errors import NoWriteAccess
from .base import is_htmx
from .trash import (
    ARCHIVE,
    TRASH,
    _back,
    _conflict,
    _flag,
    _label,
    _trashed_record,
    page_filter,
    trashed_ancestors,
    trashed_descendant_ids,
)
from .trash_conflicts import Conflict, restore_conflicts

#: rows one request may restore or delete
MAX_ITEMS = 500


class BadItems(ValueError):
    """The ``items`` of a request cannot be read."""


def _plural(n: int) -> str:
    return f"{n} record{'s' if n != 1 else ''}"


def parse_items(values: list[str]) -> list[tuple[str, int]]:
    """``["record:12", …]`` → ``[("record", 12), …]``, duplicates dropped.

    Raises:
        BadItems: nothing selected, too many rows, or a value not ``<registry>:<pk>``.
    """
    if not values:
        raise BadItems("Select at least one record.")
    items: dict[tuple[str, int], None] = {}
    for value in values:
        registry, _, pk = value.partition(":")
        if not registry or not pk.isdigit():
            raise BadItems(f"{value!r} is not an item: expected <registry>:<id>.")
        items[(registry, int(pk))] = None
    if len(items) > MAX_ITEMS:
        raise BadItems(f"Select at most {MAX_ITEMS} records at once.")
    return list(items)


def row_id(registry: str, pk: int) -> str:
    """The ``id`` of a trash-page row."""
    return f"trash-row-{registry}-{pk}"


def _page_filter(request: HttpRequest, site: AdminSite) -> dict[str, Any] | None:
    """Fresh registry counts for the trash page the request came from (``next``)."""
    target = urlsplit(request.POST.get("next", ""))
    if target.path != reverse("admin:lamingui_trash") or not (
        permissions.can_view_trash(request)
    ):
        return None
    query = {k: v[-1] for k, v in parse_qs(target.query).items()}
    return page_filter(request, site, query)


def _done(
    request: HttpRequest,
    site: AdminSite,
    message: str,
    removed: list[tuple[str, int]],
) -> HttpResponse:
    """Success: the rows leave the page (htmx) or a message and a redirect.

    Over htmx the registry filter of the trash page comes along out of band,
    with the counts after the change.
    """
    if not is_htmx(request):
        messages.success(request, f"{message}.")
        return _back(request)
    context = {
        "message": message,
        "row_ids": [row_id(registry, pk) for registry, pk in removed],
        "filter": _page_filter(request, site),
    }
    response = TemplateResponse(request, "lamingui/trash/_done.html", context)
    response["HX-Trigger"] = json.dumps(
        {"lg:toast": {"level": "success", "message": message}}
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """A refusal as a fragment (htmx) or a Django message and a redirect."""
    if not is_htmx(request):
        messages.error(request, message)
        return _back(request)
    response = TemplateResponse(
        request, "lamingui/trash/_error.html", {"message": message}, status=status
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _selected(
    request: HttpRequest, site: AdminSite, items: list[tuple[str, int]] | None = None
) -> list[tuple[str, ModelAdmin, Any]]:
    """The trashed records named by ``items`` (404 for an unseen one)."""
    if items is None:
        items = parse_items(request.POST.getlist("items"))
    return [
        (registry, *_trashed_record(site, request, registry, pk))
        for registry, pk in items
    ]


def restore_items(
    request: HttpRequest, site: AdminSite, items: list[tuple[str, int]] | None = None
) -> tuple[int, list[tuple[str, int]], list[Conflict], ModelAdmin | None]:
    """Restore ``items`` (default: the posted ones).

    Returns (count, restored rows, conflicts, an admin of the rows); nothing is
    written when the conflict list is not empty.
    """
    selected = _selected(request, site, items)
    for _, model_admin, record in selected:
        if not model_admin.has_change_permission(request, record):
            raise PermissionDenied
    with_ancestors = _flag(request, "with_ancestors")
    with_descendants = _flag(request, "with_descendants")
    chosen: dict[str, dict[int, Any]] = defaultdict(dict)
    extra: dict[str, set[int]] = defaultdict(set)
    admins: dict[str, ModelAdmin] = {}
    for registry, model_admin, record in selected:
        admins[registry] = model_admin
        chosen[registry][record.pk] = record
        if with_ancestors:
            for kind in trashed_ancestors(record):
                chosen[registry].setdefault(kind.pk, kind)
        if with_descendants and getattr(record, "is_type", False):
            extra[registry].update(trashed_descendant_ids(record))
    for registry, ids in extra.items():
        model = admins[registry].model
        rows = permissions.filter_writable(
            request, model.objects.filter(pk__in=ids - set(chosen[registry]))
        ).filter(branch_id=TRASH)
        for row in rows:
            chosen[registry][row.pk] = row
    conflicts: list[Conflict] = []
    for registry, rows in chosen.items():
        conflicts += restore_conflicts(admins[registry].model, list(rows.values()))
    first_admin = next(iter(admins.values()), None)
    if conflicts:
        return 0, [], conflicts, first_admin
    picked = {(registry, record.pk) for registry, _, record in selected}
    restored: list[tuple[str, int]] = []
    with transaction.atomic():
        for registry, rows in chosen.items():
            for pk, record in rows.items():
                if (registry, pk) in picked:
                    record.restore()
            others = [pk for pk in rows if (registry, pk) not in picked]
            if others:
                admins[registry].model.objects.filter(
                    pk__in=others, branch_id__in=[TRASH, ARCHIVE]
                ).restore()
            restored += [(registry, pk) for pk in rows]
    return len(restored), restored, [], first_admin


def restore_response(
    request: HttpRequest, site: AdminSite, items: list[tuple[str, int]] | None = None
) -> HttpResponse:
    """Run :func:`restore_items` and answer (200, 409, or a message)."""
    try:
        count, restored, conflicts, model_admin = restore_items(request, site, items)
    except BadItems as exc:
        return _error(request, str(exc), 400)
    except NoWriteAccess as exc:
        return _error(request, f"Nothing was restored: {exc}", 409)
    except IntegrityError as exc:
        clash = Conflict(
            "record",
            "selection",
            f"the database refused it (a unique value is taken on main): {exc}",
        )
        return _conflict(request, None, [clash])
    if conflicts:
        return _conflict(request, model_admin, conflicts)
    return _done(request, site, f"Restored {_plural(count)}", restored)


@require_POST
def trash_restore_many(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """POST ``items`` (+ ``with_descendants``, ``with_ancestors``): restore them."""
    return restore_response(request, site)


@require_POST
def trash_purge_many(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """POST ``items`` and ``confirm="delete N"``: delete them permanently."""
    try:
        selected = _selected(request, site)
    except BadItems as exc:
        return _error(request, str(exc), 400)
    outside = [record for _, _, record in selected if record.branch_id != TRASH]
    if outside:
        return _error(
            request,
            f"Only records in the trash can be deleted permanently: "
            f"{', '.join(_label(r) for r in outside[:10])} "
            f"{'is' if len(outside) == 1 else 'are'} not. Nothing was deleted.",
            400,
        )
    for _, model_admin, record in selected:
        if not (
            permissions.can_purge(request, record)
            and model_admin.has_delete_permission(request, record)
        ):
            raise PermissionDenied
    phrase = f"delete {len(selected)}"
    if request.POST.get("confirm", "").strip() != phrase:
        return _error(
            request, f"Type “{phrase}” exactly to confirm. Nothing was deleted.", 422
        )
    try:
        with transaction.atomic():
            for _, _, record in selected:
                record.delete(permanent=True)
    except ProtectedError as exc:
        blockers = list(exc.protected_objects)
        names = ", ".join(
            f"{type(b)._meta.verbose_name} “{_label(b)}”" for b in blockers[:10]
        )
        more = f" and {len(blockers) - 10} more" if len(blockers) > 10 else ""
        return _error(
            request,
            f"Nothing was deleted: other records still refer to these ({names}{more}).",
            409,
        )
    except NoWriteAccess as exc:
        return _error(request, f"Nothing was deleted: {exc}", 409)
    # record.delete() cleared the pks: take them from the request again
    removed = parse_items(request.POST.getlist("items"))
    return _done(request, site, f"Deleted {_plural(len(removed))} permanently", removed)


@require_POST
def trash_restore(
    request: HttpRequest, site: AdminSite, registry: str, pk: int
) -> HttpResponse:
    """One row back to main: the per-row Restore button (same rules as the bulk one)."""
    return restore_response(request, site, [(registry, pk)])


@require_POST
def trash_delete(
    request: HttpRequest, site: AdminSite, registry: str, pk: int
) -> HttpResponse:
    """One row: a confirmation first; ``confirm=yes`` deletes it from the database.

    Over htmx the confirmation is a fragment swapped into the trash page.
    """
    model_admin, record = _trashed_record(site, request, registry, pk)
    if record.branch_id != TRASH:
        return _error(
            request, "Only records in the trash can be deleted permanently.", 400
        )
    if not model_admin.has_delete_permission(request, record):
        raise PermissionDenied
    label = _label(record)
    context = {
        **({} if is_htmx(request) else site.each_context(request)),
        "title": "Delete permanently?",
        "record": record,
        "registry": registry,
        "label": label,
        "verbose": model_admin.opts.verbose_name,
        "next": request.POST.get("next", ""),
        "blockers": [],
    }
    template = (
        "lamingui/trash/_confirm_delete.html"
        if is_htmx(request)
        else "lamingui/trash_confirm.html"
    )

    def answer(status: int = 200) -> HttpResponse:
        response = TemplateResponse(request, template, context, status=status)
        patch_vary_headers(response, ["HX-Request"])
        return response

    if request.POST.get("confirm") != "yes":
        return answer()
    try:
        with transaction.atomic():
            record.delete(permanent=True)
    except ProtectedError as exc:
        blockers = list(exc.protected_objects)
        context["blockers"] = [
            f"{type(obj)._meta.verbose_name} “{_label(obj)}”" for obj in blockers[:20]
        ]
        context["blocked_more"] = max(0, len(blockers) - 20)
        context["error"] = (
            f"“{label}” cannot be deleted: other records still refer to it."
            " Nothing was deleted."
        )
        return answer(409)
    except NoWriteAccess as exc:
        context["error"] = f"{exc} Nothing was deleted."
        return answer(409)
    return _done(request, site, f"Deleted “{label}” permanently", [(registry, pk)])
