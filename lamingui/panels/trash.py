"""The trash page: trashed records of every registry, restore and permanent delete.

gui.md §6.7. ``trash_page`` lists records with ``branch_id = -1`` of every
registered registry that has a branch (``?registry=<model_name>``, ``?q=``
on name/key, 50 per page). ``trash_restore`` puts one record back on main,
optionally with all its trashed members when it is a type.
``trash_delete`` first renders a confirmation page and deletes permanently
only on a second POST with ``confirm=yes``; protected relations refuse the
delete (409) and nothing is deleted.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin import AdminSite, ModelAdmin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .. import permissions
from ..errors import NoWriteAccess
from .base import render_panel
from .trash_conflicts import MAX_LISTED, Conflict, restore_conflicts

TRASH = -1
ARCHIVE = 0
#: ``?branch=`` of the trash page
BRANCHES = {"trash": TRASH, "archive": ARCHIVE}
PAGE_SIZE = 50
#: fields ``?q=`` searches, when the registry has them
_TEXT_FIELDS = ("name", "key")
_MAX_DEPTH = 100


def trash_registries(site: AdminSite) -> dict[str, ModelAdmin]:
    """``{model_name: model_admin}`` of registered lamingui models with a branch."""
    found = {}
    for model, model_admin in site._registry.items():
        concrete = {f.name for f in model._meta.concrete_fields}
        if model._meta.app_label == "lamingui" and "branch" in concrete:
            found[model._meta.model_name] = model_admin
    return dict(sorted(found.items()))


def _trashed(
    request: HttpRequest, model: type, q: str, branch: int = TRASH
) -> QuerySet:
    rows = permissions.filter_readable(request, model.objects.filter(branch_id=branch))
    if q:
        concrete = {f.name for f in model._meta.concrete_fields}
        fields = [n for n in _TEXT_FIELDS if n in concrete]
        if not fields:
            return rows.none()
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": q})
        rows = rows.filter(match)
    return rows.order_by("-pk")


def _label(record: Any) -> str:
    for name in (*_TEXT_FIELDS, "uid"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"#{record.pk}"


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@require_GET
def trash_page(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """Trashed (or archived) records of every registry, filtered and paged.

    Needs ``lamingui.view_trash``; lists only records in readable spaces.
    """
    if not permissions.can_view_trash(request):
        raise PermissionDenied
    registries = trash_registries(site)
    selected = request.GET.get("registry", "")
    if selected and selected not in registries:
        raise Http404(f"No registry {selected!r} with a trash")
    branch_name = request.GET.get("branch") or "trash"
    if branch_name not in BRANCHES:
        raise Http404(f"No branch {branch_name!r}: use trash or archive")
    branch = BRANCHES[branch_name]
    q = request.GET.get("q", "").strip()
    shown = {selected: registries[selected]} if selected else registries
    counts = {
        name: _trashed(request, ma.model, q, branch).count()
        for name, ma in registries.items()
    }
    total = sum(counts[name] for name in shown)
    page = _page_number(request)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    # walk the registries in order and fetch only the slices on this page
    start, rows = (page - 1) * PAGE_SIZE, []
    for name, model_admin in shown.items():
        count = counts[name]
        if start >= count:
            start -= count
            continue
        take = PAGE_SIZE - len(rows)
        for record in _trashed(request, model_admin.model, q, branch)[
            start : start + take
        ]:
            rows.append(_row(name, model_admin, record))
        start = 0
        if len(rows) >= PAGE_SIZE:
            break
    query = {
        k: v
        for k, v in (
            ("registry", selected),
            ("q", q),
            ("branch", "" if branch == TRASH else branch_name),
        )
        if v
    }
    here = f"{request.path}?{urlencode({**query, 'page': page})}"
    context = {
        **site.each_context(request),
        "title": "Trash" if branch == TRASH else "Archive",
        "branch": branch_name,
        "rows": rows,
        "total": total,
        "registries": [
            {
                "name": name,
                "verbose": ma.opts.verbose_name_plural,
                "count": counts[name],
                "selected": name == selected,
            }
            for name, ma in registries.items()
        ],
        "selected": selected,
        "q": q,
        "page": page,
        "pages": pages,
        "prev_url": f"?{urlencode({**query, 'page': page - 1})}" if page > 1 else "",
        "next_url": f"?{urlencode({**query, 'page': page + 1})}"
        if page < pages
        else "",
        "next": here,
    }
    return TemplateResponse(request, "lamingui/trash.html", context)


def _row(name: str, model_admin: ModelAdmin, record: Any) -> dict[str, Any]:
    opts = model_admin.opts
    return {
        "registry": name,
        "verbose": opts.verbose_name,
        "record": record,
        "label": _label(record),
        "is_type": bool(getattr(record, "is_type", False)),
        "change_url": reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
        ),
        "restore_url": reverse("admin:lamingui_trash_restore", args=[name, record.pk]),
        "delete_url": reverse("admin:lamingui_trash_delete", args=[name, record.pk]),
    }


def _trashed_record(
    site: AdminSite, request: HttpRequest, registry: str, pk: int
) -> tuple[ModelAdmin, Any]:
    """The trashed record ``pk`` of ``registry``; 404 for anything else."""
    model_admin = trash_registries(site).get(registry)
    if model_admin is None:
        raise Http404(f"No registry {registry!r} with a trash")
    record = (
        model_admin.get_queryset(request)
        .filter(pk=pk, branch_id__in=[TRASH, ARCHIVE])
        .first()
    )
    if record is None or not model_admin.has_view_permission(request, record):
        raise Http404(f"No {model_admin.opts.verbose_name} {pk} in the trash")
    return model_admin, record


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:lamingui_trash")
    return HttpResponseRedirect(target)


def trashed_descendant_ids(record: Any) -> list[int]:
    """Trashed records whose type chain reaches ``record`` (breadth-first)."""
    model = type(record)
    found: list[int] = []
    frontier = [record.pk]
    depth = 0
    while frontier and depth < _MAX_DEPTH:
        depth += 1
        frontier = list(
            model.objects.filter(type_id__in=frontier, branch_id=TRASH)
            .exclude(pk__in=[record.pk, *found])
            .values_list("pk", flat=True)
        )
        found.extend(frontier)
    return found


def trashed_ancestors(record: Any) -> list[Any]:
    """The types above ``record`` that are in the trash or archive, nearest first."""
    model = type(record)
    found: list[Any] = []
    seen = {record.pk}
    type_id = getattr(record, "type_id", None)
    while type_id is not None and type_id not in seen and len(found) < _MAX_DEPTH:
        seen.add(type_id)
        kind = model.objects.filter(pk=type_id, branch_id__in=[TRASH, ARCHIVE]).first()
        if kind is None:
            break
        found.append(kind)
        type_id = kind.type_id
    return found


def _flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in {"1", "on", "yes", "true"}


def _conflict(
    request: HttpRequest, model_admin: ModelAdmin, conflicts: list[Conflict]
) -> HttpResponse:
    """409: each blocked record and why; nothing was restored."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:lamingui_trash")
    context = {
        "conflicts": conflicts[:MAX_LISTED],
        "more": max(0, len(conflicts) - MAX_LISTED),
        "back": target,
    }
    return render_panel(
        request,
        model_admin,
        "lamingui/trash/_conflict.html",
        context,
        title="Nothing was restored",
        status=409,
    )


@require_POST
def trash_restore(
    request: HttpRequest, site: AdminSite, registry: str, pk: int
) -> HttpResponse:
    """Back to main, all or nothing (gui.md §6.7.1).

    ``with_descendants`` also restores a type's trashed members and sub-types
    (those in spaces the user may write to); ``with_ancestors`` also restores
    the types above the record that are still in the trash. A type left in the
    trash or a name clash on main is a 409 conflict fragment and restores
    nothing.
    """
    model_admin, record = _trashed_record(site, request, registry, pk)
    if not model_admin.has_change_permission(request, record):
        raise PermissionDenied
    model = type(record)
    rows = [record]
    if _flag(request, "with_ancestors"):
        rows += trashed_ancestors(record)
    if _flag(request, "with_descendants") and getattr(record, "is_type", False):
        ids = trashed_descendant_ids(record)
        rows += list(
            permissions.filter_writable(
                request, model.objects.filter(pk__in=ids, branch_id=TRASH)
            )
        )
    conflicts = restore_conflicts(model, rows)
    if conflicts:
        return _conflict(request, model_admin, conflicts)
    try:
        with transaction.atomic():
            record.restore()
            others = [r.pk for r in rows[1:]]
            restored = 1
            if others:
                restored += model.objects.filter(
                    pk__in=others, branch_id__in=[TRASH, ARCHIVE]
                ).restore()
    except NoWriteAccess as exc:
        messages.error(request, f"Nothing was restored: {exc}")
        return _back(request)
    except IntegrityError as exc:
        clash = Conflict(
            str(model._meta.verbose_name),
            _label(record),
            f"the database refused it (a unique value is taken on main): {exc}",
        )
        return _conflict(request, model_admin, [clash])
    messages.success(
        request, f"Restored {restored} record{'s' if restored != 1 else ''}."
    )
    return _back(request)


@require_POST
def trash_delete(
    request: HttpRequest, site: AdminSite, registry: str, pk: int
) -> HttpResponse:
    """Confirmation page first; ``confirm=yes`` deletes from the database."""
    model_admin, record = _trashed_record(site, request, registry, pk)
    if record.branch_id != TRASH:
        return HttpResponse(
            "Only records in the trash can be deleted permanently.", status=400
        )
    if not model_admin.has_delete_permission(request, record):
        raise PermissionDenied
    context = {
        **site.each_context(request),
        "title": "Delete permanently?",
        "record": record,
        "label": _label(record),
        "verbose": model_admin.opts.verbose_name,
        "next": request.POST.get("next", ""),
        "blockers": [],
    }
    if request.POST.get("confirm") != "yes":
        return TemplateResponse(request, "lamingui/trash_confirm.html", context)
    label = _label(record)
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
        return TemplateResponse(
            request, "lamingui/trash_confirm.html", context, status=409
        )
    except NoWriteAccess as exc:
        context["error"] = f"{exc} Nothing was deleted."
        return TemplateResponse(
            request, "lamingui/trash_confirm.html", context, status=409
        )
    messages.success(request, f"Deleted “{label}” permanently.")
    return _back(request)
