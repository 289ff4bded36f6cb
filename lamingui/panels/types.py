"""The type hierarchy panel of ``HasType`` registries: ancestors and children.

gui.md §6.4. ``types_panel`` renders ``lamingui/panels/types.html`` (root
``id="panel-types"``): the record's ancestors (nearest first) and, for a type,
its direct children with counts of their own members. Each child type loads
its children lazily from ``types_children`` (fragment
``lamingui/panels/types_children.html``). Only default-branch records count:
trash and archive stay out of the tree.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import context, permissions
from .base import panel_object, render_panel

#: children shown per type; the rest are reachable through the changelist
MAX_CHILDREN = 100


def _change_url(model_admin: ModelAdmin, pk: int) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])


def _visible(request: HttpRequest, model_admin: ModelAdmin, using: str | None) -> Any:
    """Default-branch rows of the registry in spaces the user may read."""
    branches = context.default_branch_ids()
    return permissions.filter_readable(
        request, model_admin.model.objects.using(using).filter(branch_id__in=branches)
    )


def _children(
    request: HttpRequest, model_admin: ModelAdmin, record: Any
) -> dict[str, Any]:
    """Direct children of ``record`` (types first) with their member counts.

    Only children in spaces the user may read appear or count.
    """
    visible = _visible(request, model_admin, record._state.db)
    changelist = _changelist_url(model_admin)
    return {
        "parent": record,
        **_level(model_admin, visible, visible.filter(type_id=record.pk)),
        "all_url": f"{changelist}?type__id__exact={record.pk}",
    }


def _changelist_url(model_admin: ModelAdmin) -> str:
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def _level(model_admin: ModelAdmin, visible: Any, typed: Any) -> dict[str, Any]:
    """One level of the tree: the rows of ``typed`` (types first) and counts.

    Three queries whatever the number of rows: the count, the first
    ``MAX_CHILDREN`` rows, and the member counts of the types among them.
    """
    total = typed.count()
    # sub-types, then members, each by name: both read in the order of the
    # index (type, is_type, name). ``is_type__in`` rather than ``is_type=``:
    # SQLite receives a bare boolean column for the latter and cannot use the
    # index for it, which sorts every member of a big type for one page.
    by_name = ("name", "pk")
    children = list(typed.filter(is_type__in=[True]).order_by(*by_name)[:MAX_CHILDREN])
    children += list(
        typed.filter(is_type__in=[False]).order_by(*by_name)[
            : MAX_CHILDREN - len(children)
        ]
    )
    type_ids = [child.pk for child in children if child.is_type]
    counts = dict(
        visible.filter(type_id__in=type_ids)
        .order_by()
        .values_list("type_id")
        .annotate(n=Count("pk"))
        .values_list("type_id", "n")
    )
    opts = model_admin.opts
    rows = [
        {
            "record": child,
            "url": _change_url(model_admin, child.pk),
            "members": counts.get(child.pk, 0) if child.is_type else None,
            "children_url": reverse(
                f"admin:lamingui_{opts.model_name}_types_children", args=[child.pk]
            )
            if child.is_type
            else "",
        }
        for child in children
    ]
    return {"children": rows, "total": total, "more": total - len(rows)}


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
    ancestors = [
        {"record": parent, "url": _change_url(model_admin, parent.pk)}
        for parent in chain
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
    """One level of children of a type, for the lazy "expand" links."""
    record = panel_object(request, model_admin, object_id)
    if not record.is_type or record.branch_id not in context.default_branch_ids():
        raise Http404("Not a type in the visible branches")
    return render_panel(
        request,
        model_admin,
        "lamingui/panels/types_children.html",
        _children(request, model_admin, record),
        title="Children",
    )


@require_GET
def types_roots(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """``…/types/``: the registry's root types as a lazy tree, and untyped members.

    Root types are types without a type of their own; each expands one level
    at a time through ``types_children``.
    """
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    visible = _visible(request, model_admin, None)
    roots = visible.filter(type__isnull=True, is_type__in=[True])
    changelist = _changelist_url(model_admin)
    context_ = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Types of {model_admin.opts.verbose_name_plural}",
        "parent": None,
        **_level(model_admin, visible, roots),
        "all_url": changelist,
        "untyped": visible.filter(type__isnull=True, is_type__in=[False]).count(),
        "changelist_url": changelist,
    }
    return TemplateResponse(request, "lamingui/types/roots.html", context_)
