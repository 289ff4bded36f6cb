"""The trash page: trashed records of every registry, restore and permanent delete.

gui.md §6.7. ``trash_page`` lists records with ``branch_id = -1`` of every
registered registry that has a branch (``?registry=<model_name>``, ``?q=``
on name/key, 50 per page). Each row shows its registry, type, space, and who
moved it to the trash and when: the admin's ``LogEntry`` "Moved to trash"
when there is one (moves through the admin), else ``updated_at`` with no user
(moves through the Python API write no log). The writes (restore, permanent
delete, one row or the selected ones, over htmx or a plain form) live in
:mod:`.trash_restore`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .. import permissions
from .base import render_panel
from .trash_conflicts import MAX_LISTED, Conflict

TRASH = -1
ARCHIVE = 0
#: ``?branch=`` of the trash page
BRANCHES = {"trash": TRASH, "archive": ARCHIVE}
PAGE_SIZE = 50
#: fields ``?q=`` searches, when the registry has them
_TEXT_FIELDS = ("name", "key")
_MAX_DEPTH = 100
#: ``LogEntry.change_message`` of a move to the trash through the admin
MOVED_TO_TRASH = "Moved to trash"


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
    concrete = {f.name for f in model._meta.concrete_fields}
    related = [n for n in ("type", "space") if n in concrete]
    return rows.select_related(*related).order_by("-pk")


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


def page_filter(
    request: HttpRequest, site: AdminSite, query: dict[str, str]
) -> dict[str, Any]:
    """The registry filter with counts for the page state in ``query``.

    ``query`` holds the page's ``registry``, ``q`` and ``branch`` (absent:
    all registries, no search, the trash). One count query per registry.
    """
    registries = trash_registries(site)
    selected = query.get("registry", "")
    if selected not in registries:
        selected = ""
    branch_name = query.get("branch") or "trash"
    branch = BRANCHES.get(branch_name, TRASH)
    q = query.get("q", "").strip()
    counts = {
        name: _trashed(request, ma.model, q, branch).count()
        for name, ma in registries.items()
    }
    return {
        "registries": [
            {
                "name": name,
                "verbose": ma.opts.verbose_name_plural,
                "count": counts[name],
                "selected": name == selected,
            }
            for name, ma in registries.items()
        ],
        "all_count": sum(counts.values()),
        "selected": selected,
        "branch": branch_name,
        "q": q,
        "counts": counts,
    }


def _attach_moves(rows: list[dict[str, Any]]) -> None:
    """Who moved each row to the trash and when, in one query for the page.

    From the latest ``LogEntry`` "Moved to trash" of the row's object; without
    one (a move outside the admin), ``updated_at`` and no user.
    """
    if not rows:
        return
    types = ContentType.objects.get_for_models(*{type(r["record"]) for r in rows})
    wanted = {(types[type(r["record"])].pk, str(r["record"].pk)) for r in rows}
    entries = (
        LogEntry.objects.filter(
            action_flag=DELETION,
            change_message=MOVED_TO_TRASH,
            content_type_id__in={ct for ct, _ in wanted},
            object_id__in={pk for _, pk in wanted},
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )
    latest: dict[tuple[int, str], LogEntry] = {}
    for entry in entries:
        key = (entry.content_type_id, entry.object_id)
        if key in wanted:
            latest.setdefault(key, entry)
    for row in rows:
        record = row["record"]
        entry = latest.get((types[type(record)].pk, str(record.pk)))
        if entry is not None:
            row["moved_at"], row["moved_by"] = entry.action_time, entry.user
            row["moved_source"] = "log"
        else:
            row["moved_at"] = getattr(record, "updated_at", None)
            row["moved_by"], row["moved_source"] = None, "updated_at"


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
    filter_ = page_filter(
        request, site, {"registry": selected, "q": q, "branch": branch_name}
    )
    counts = filter_["counts"]
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
    _attach_moves(rows)
    for row in rows:  # a type in a space the user may not read stays unnamed
        if row["type"] is not None and not permissions.readable(request, row["type"]):
            row["type"] = None
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
        **filter_,
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
        "type": getattr(record, "type", None)
        if getattr(record, "type_id", None)
        else None,
        "space": getattr(record, "space", None),
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
    request: HttpRequest, model_admin: ModelAdmin | None, conflicts: list[Conflict]
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
