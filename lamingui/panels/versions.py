"""The versions panel of versioned registries: family, latest mark, field diff."""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib.admin import ModelAdmin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import permissions
from .base import panel_object, render_panel

#: text longer than this is compared line by line
LONG_TEXT = 80
_SKIPPED = {"id", "uid", "created_at", "updated_at", "is_latest", "_aux"}


@require_GET
def versions_panel(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """All versions of the record's family, newest first, the latest marked."""
    record = panel_object(request, model_admin, object_id)
    versions = record.versions
    # gui.md §8.3: members in unreadable spaces are counted, never shown
    visible = permissions.filter_readable(request, versions)
    family = list(visible.select_related("created_by").order_by("-created_at", "-id"))
    hidden = versions.count() - len(family)
    opts = model_admin.opts
    rows = [
        {
            "record": version,
            "url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[version.pk]
            ),
            "current": version.pk == record.pk,
        }
        for version in family
    ]
    diff_url = reverse(
        f"admin:lamingui_{opts.model_name}_versions_diff", args=[record.pk]
    )
    return render_panel(
        request,
        model_admin,
        "lamingui/panels/versions.html",
        {"record": record, "rows": rows, "diff_url": diff_url, "hidden": hidden},
        title="Versions",
    )


@require_GET
def versions_diff_panel(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """Field-by-field differences between two versions of the family (?a=&b=)."""
    record = panel_object(request, model_admin, object_id)
    family = permissions.filter_readable(request, record.versions)
    try:
        old = family.get(pk=int(request.GET["a"]))
        new = family.get(pk=int(request.GET["b"]))
    except (KeyError, ValueError, type(record).DoesNotExist):
        raise Http404("Pick two versions of this family") from None
    return render_panel(
        request,
        model_admin,
        "lamingui/panels/versions_diff.html",
        {"record": record, "old": old, "new": new, "changes": field_changes(old, new)},
        title="Differences",
    )


def field_changes(old: Any, new: Any) -> list[dict[str, Any]]:
    """Fields whose values differ; long text also as a unified line diff."""
    changes = []
    for field in old._meta.concrete_fields:
        if field.name in _SKIPPED:
            continue
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        if before == after:
            continue
        change: dict[str, Any] = {"name": field.name, "old": before, "new": after}
        if (
            isinstance(before, str)
            and isinstance(after, str)
            and (
                len(before) > LONG_TEXT
                or len(after) > LONG_TEXT
                or "\n" in before + after
            )
        ):
            change["lines"] = list(
                difflib.unified_diff(
                    before.splitlines(),
                    after.splitlines(),
                    fromfile=old.version,
                    tofile=new.version,
                    lineterm="",
                )
            )
        changes.append(change)
    return changes


def latest_version_redirect(
    request: HttpRequest, model_admin: ModelAdmin, stem_uid: str
) -> HttpResponse:
    """``…/stem/<stem uid>/``: the change page of the family's latest version."""
    model = model_admin.model
    if len(stem_uid) != model._len_stem_uid:
        raise Http404("Not a stem uid")
    family = model_admin.get_queryset(request).filter(uid__startswith=stem_uid)
    latest = family.filter(is_latest=True).order_by("-created_at").first()
    latest = latest or family.order_by("-created_at").first()
    if latest is None or not model_admin.has_view_permission(request, latest):
        raise Http404("No such family")
    opts = model_admin.opts
    return HttpResponseRedirect(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[latest.pk])
    )
