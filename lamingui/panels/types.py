"""The type hierarchy panel of ``HasType`` registries: ancestors and children.

gui.md §6.4. ``types_panel`` renders ``lamingui/panels/types.html`` (root
``id="panel-types"``): the record's ancestors as a breadcrumb from the root
type down to the record and, for a type, the first page of its direct
children (sub-types first, then members, each by name) with counts
"N members · M sub-types". Each child type loads its children lazily from
``types_children`` (fragment ``lamingui/panels/types_children.html``).

Children come ``PAGE_SIZE`` (50) per page: a "Load more" button fetches
``types_children?page=N+1``, whose htmx fragment
(``lamingui/panels/types_rows.html``) replaces the button with the next rows
and, if more remain, a new button. Every page costs the same few queries.
Only default-branch records count: trash and archive stay out of the tree.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import context, permissions
from .base import is_htmx, panel_object, render_panel

#: children per page of the tree; "Load more" fetches the next page
PAGE_SIZE = 50


def _change_url(model_admin: ModelAdmin, pk: int) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])


def _visible(request: HttpRequest, model_admin: ModelAdmin, using: str | None) -> Any:
    """Default-branch rows of the registry in spaces the user may read."""
    branches = context.default_branch_ids()
    return permissions.filter_readable(
        request, model_admin.model.objects.using(using).filter(branch_id__in=branches)
    )


def page_number(request: HttpRequest) -> int:
    """The ``page`` query parameter: a whole number from 1 (default 1)."""
    raw = request.GET.get("page", "1")
    try:
        page = int(raw)
    except ValueError:
        page = 0
    if page < 1:
        raise BadRequest(f"page must be a whole number from 1, not {raw!r}")
    return page


def _children(
    request: HttpRequest, model_admin: ModelAdmin, record: Any, page: int = 1
) -> dict[str, Any]:
    """One page of the direct children of ``record`` (types first) with counts.

    Only children in spaces the user may read appear or count.
    """
    visible = _visible(request, model_admin, record._state.db)
    more_url = reverse(
        f"admin:lamingui_{model_admin.opts.model_name}_types_children",
        args=[record.pk],
    )
    return {
        "parent": record,
        **_level(
            model_admin, visible, visible.filter(type_id=record.pk), page, more_url
        ),
    }


def _changelist_url(model_admin: ModelAdmin) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def _level(
    model_admin: ModelAdmin, visible: Any, typed: Any, page: int, more_url: str
) -> dict[str, Any]:
    """One page of one level of the tree: rows of ``typed`` (types first), counts.

    At most four queries whatever the size of the level or the page: the
    totals, the page's sub-types, the page's members, and the counts of
    members and sub-types under the types on the page. The order (sub-types,
    then members, each by name and pk) is stable across pages. A page past
    the last is a 404.
    """
    totals = typed.aggregate(
        total=Count("pk"), types=Count("pk", filter=Q(is_type=True))
    )
    total, n_types = totals["total"], totals["types"]
    start = (page - 1) * PAGE_SIZE
    end = start + PAGE_SIZE
    if page > 1 and start >= total:
        raise Http404(f"No page {page}: this level has {total} rows")
    # each by name: both read in the order of the index (type, is_type, name).
    # ``is_type__in`` rather than ``is_type=``: SQLite receives a bare boolean
    # column for the latter and cannot use the index for it, which sorts every
    # member of a big type for one page.
    by_name = ("name", "pk")
    children: list[Any] = []
    if start < n_types:
        types = typed.filter(is_type__in=[True]).order_by(*by_name)
        children += list(types[start : min(end, n_types)])
    if end > n_types and total > n_types:
        members = typed.filter(is_type__in=[False]).order_by(*by_name)
        children += list(members[max(start - n_types, 0) : end - n_types])
    type_ids = [child.pk for child in children if child.is_type]
    counts = (
        {
            row["type_id"]: row
            for row in visible.filter(type_id__in=type_ids)
            .order_by()
            .values("type_id")
            .annotate(
                members=Count("pk", filter=Q(is_type=False)),
                subtypes=Count("pk", filter=Q(is_type=True)),
            )
        }
        if type_ids
        else {}
    )
    opts = model_admin.opts
    rows = []
    for child in children:
        row: dict[str, Any] = {
            "record": child,
            "url": _change_url(model_admin, child.pk),
        }
        if child.is_type:
            count = counts.get(child.pk, {})
            row["members"] = count.get("members", 0)
            row["subtypes"] = count.get("subtypes", 0)
            row["expandable"] = bool(row["members"] or row["subtypes"])
            row["children_url"] = reverse(
                f"admin:lamingui_{opts.model_name}_types_children", args=[child.pk]
            )
        rows.append(row)
    shown = start + len(rows)
    return {
        "children": rows,
        "total": total,
        "page": page,
        "remaining": max(total - shown, 0),
        "next_url": f"{more_url}?page={page + 1}" if shown < total else "",
    }


@require_GET
def types_panel(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """Ancestors of the record and, for a type, its direct children."""
    record = panel_object(request, model_admin, object_id)
    chain = list(record.query_types())
    # a type chain that comes back to itself (written around the model layer)
    last = chain[-1] if chain else record
    cycle = last.type_id is not None and last.type_id in {
        r.pk for r in (record, *chain)
    }
    # the breadcrumb runs from the root type down to the record
    ancestors = [
        {"record": parent, "url": _change_url(model_admin, parent.pk)}
        for parent in reversed(chain)
        if permissions.readable(request, parent) and parent.pk != record.pk
    ]
    context_: dict[str, Any] = {
        "record": record,
        "ancestors": ancestors,
        "type_cycle": cycle,
    }
    if record.is_type:
        context_.update(_children(request, model_admin, record))
        # the trash takes every member, readable by this user or not
        context_["trash_count"] = record._query_members().count()
    return render_panel(
        request, model_admin, "lamingui/panels/types.html", context_, title="Types"
    )


@require_GET
def types_children(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """One page of children of a type: the lazy "expand" and "Load more".

    Page 1 (and any page without htmx) is the whole ``<ul>``; a later page
    asked by htmx is only its rows and the next button, which replace the
    button that asked for them.
    """
    page = page_number(request)
    record = panel_object(request, model_admin, object_id)
    if not record.is_type or record.branch_id not in context.default_branch_ids():
        raise Http404("Not a type in the visible branches")
    return render_panel(
        request,
        model_admin,
        _fragment(request, page),
        _children(request, model_admin, record, page),
        title="Children",
    )


def _fragment(request: HttpRequest, page: int) -> str:
    if page > 1 and is_htmx(request):
        return "lamingui/panels/types_rows.html"
    return "lamingui/panels/types_children.html"


@require_GET
def types_roots(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """``…/types/``: the registry's root types as a lazy tree, and untyped members.

    Root types are types without a type of their own; each expands one level
    at a time through ``types_children``.
    """
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    page = page_number(request)
    visible = _visible(request, model_admin, None)
    roots = visible.filter(type__isnull=True, is_type__in=[True])
    here = reverse(f"admin:lamingui_{model_admin.opts.model_name}_types_roots")
    level = {"parent": None, **_level(model_admin, visible, roots, page, here)}
    if page > 1 and is_htmx(request):
        return render_panel(request, model_admin, _fragment(request, page), level)
    changelist = _changelist_url(model_admin)
    context_ = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Types of {model_admin.opts.verbose_name_plural}",
        **level,
        "untyped": visible.filter(type__isnull=True, is_type__in=[False]).count(),
        "changelist_url": changelist,
    }
    return TemplateResponse(request, "lamingui/types/roots.html", context_)
