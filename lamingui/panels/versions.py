"""The versions panel of versioned registries: family, latest mark, field diff."""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib.admin import ModelAdmin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import permissions
from ..blocks.services import latest_readme
from .base import panel_object, render_panel

#: text longer than this is compared line by line
LONG_TEXT = 80
#: lines of a unified diff shown at most
MAX_DIFF_LINES = 400
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
    # gui.md §6.3: a family needs exactly one latest member on main
    latest_on_main = sum(1 for v in family if v.is_latest and v.branch_id == 1)
    diff_url = reverse(
        f"admin:lamingui_{opts.model_name}_versions_diff", args=[record.pk]
    )
    return render_panel(
        request,
        model_admin,
        "lamingui/panels/versions.html",
        {
            "record": record,
            "rows": rows,
            "diff_url": diff_url,
            "hidden": hidden,
            "latest_warning": bool(family) and latest_on_main != 1,
            "latest_on_main": latest_on_main,
        },
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
    show_all = request.GET.get("all") == "1"
    changes = field_changes(old, new, show_all=show_all)
    changes += relation_changes(request, old, new, show_all=show_all)
    changes += note_changes(old, new, show_all=show_all)
    return render_panel(
        request,
        model_admin,
        "lamingui/panels/versions_diff.html",
        {
            "record": record,
            "old": old,
            "new": new,
            "changes": changes,
            "any_changed": any(c["changed"] for c in changes),
            "show_all": show_all,
            "all_url": f"{request.path}?a={old.pk}&b={new.pk}&all=1",
            "changed_url": f"{request.path}?a={old.pk}&b={new.pk}",
        },
        title="Differences",
    )


def _line_diff(before: str, after: str, old: Any, new: Any) -> dict[str, Any]:
    lines = list(
        difflib.unified_diff(
            before.splitlines(),
            after.splitlines(),
            fromfile=old.version,
            tofile=new.version,
            lineterm="",
        )
    )
    classes = []
    for line in lines[:MAX_DIFF_LINES]:
        if line.startswith(("+++", "---", "@@")):
            kind = "head"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "same"
        classes.append({"kind": kind, "text": line})
    return {"lines": classes, "truncated": max(0, len(lines) - MAX_DIFF_LINES)}


def _fk_label(record: Any, field: Any) -> Any:
    """A foreign key as the related object's text, else the raw id."""
    if getattr(record, field.attname) is None:
        return None
    related = getattr(record, field.name, None)
    return str(related) if related is not None else getattr(record, field.attname)


def field_changes(old: Any, new: Any, show_all: bool = False) -> list[dict[str, Any]]:
    """Fields whose values differ (every field with ``show_all``).

    Long or multi-line text also gets a unified line diff; foreign keys show
    the related objects' names.
    """
    changes = []
    for field in old._meta.concrete_fields:
        if field.name in _SKIPPED or field.name.startswith("_"):
            continue
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        changed = before != after
        if not changed and not show_all:
            continue
        if field.is_relation and changed:
            before, after = _fk_label(old, field), _fk_label(new, field)
        change: dict[str, Any] = {
            "name": field.name,
            "old": before,
            "new": after,
            "changed": changed,
        }
        if (
            changed
            and isinstance(before, str)
            and isinstance(after, str)
            and (
                len(before) > LONG_TEXT
                or len(after) > LONG_TEXT
                or "\n" in before + after
            )
        ):
            change.update(_line_diff(before, after, old, new))
        changes.append(change)
    return changes


def _relations(model: type) -> list[tuple[str, Any, str, str, type]]:
    """Many-to-many relations of ``model``, both directions, public ones only.

    Each as (name, through model, column of ``model``, column of the other
    side, the other model).
    """
    found = []
    for field in model._meta.many_to_many:
        found.append(
            (
                field.name,
                field.remote_field.through,
                f"{field.m2m_field_name()}_id",
                f"{field.m2m_reverse_field_name()}_id",
                field.related_model,
            )
        )
    for rel in model._meta.related_objects:
        if not rel.many_to_many:
            continue
        field = rel.field
        found.append(
            (
                rel.get_accessor_name() or "",
                field.remote_field.through,
                f"{field.m2m_reverse_field_name()}_id",
                f"{field.m2m_field_name()}_id",
                rel.related_model,
            )
        )
    return [r for r in found if r[0] and not r[0].startswith("_") and "+" not in r[0]]


def relation_changes(
    request: HttpRequest, old: Any, new: Any, show_all: bool = False
) -> list[dict[str, Any]]:
    """Many-to-many links added and removed from ``old`` to ``new``.

    One query per relation (whatever the number of links) plus one per
    relation that changed, for the names; linked objects the user may not
    read are counted, not named.
    """
    changes = []
    for name, through, mine, theirs, other in _relations(type(old)):
        links: dict[int, set[int]] = {old.pk: set(), new.pk: set()}
        for source, target in through._default_manager.filter(
            **{f"{mine}__in": [old.pk, new.pk]}
        ).values_list(mine, theirs):
            links[source].add(target)
        added = links[new.pk] - links[old.pk]
        removed = links[old.pk] - links[new.pk]
        if not (added or removed) and not (show_all and links[old.pk]):
            continue
        changed = bool(added or removed)
        names: dict[int, str] = {}
        if changed:
            visible = permissions.filter_readable(
                request, other._default_manager.filter(pk__in=added | removed)
            )
            names = {obj.pk: str(obj) for obj in visible}
        changes.append(
            {
                "name": name,
                "changed": changed,
                "relation": True,
                "added": sorted(names[pk] for pk in added if pk in names),
                "removed": sorted(names[pk] for pk in removed if pk in names),
                "hidden": sum(pk not in names for pk in added | removed),
                "kept": len(links[old.pk] & links[new.pk]),
            }
        )
    return changes


def _has_notes(model: type) -> bool:
    """The registry has attached readme notes (an ``ablocks`` relation)."""
    return any(
        rel.get_accessor_name() == "ablocks" for rel in model._meta.related_objects
    )


def note_changes(old: Any, new: Any, show_all: bool = False) -> list[dict[str, Any]]:
    """The final row (gui.md §6.3): the latest readme note of each version.

    Shown when the notes differ (with ``show_all``, whenever either version
    has one); long or multi-line notes as a line diff. Two queries.
    """
    if not _has_notes(type(old)):
        return []
    before, after = latest_readme(old), latest_readme(new)
    text_before = before.content if before is not None else ""
    text_after = after.content if after is not None else ""
    changed = text_before != text_after
    if not changed and not (show_all and (before or after)):
        return []
    change: dict[str, Any] = {
        "name": "readme note",
        "note": True,
        "old": text_before or None,
        "new": text_after or None,
        "changed": changed,
    }
    if changed and (
        len(text_before) > LONG_TEXT
        or len(text_after) > LONG_TEXT
        or "\n" in text_before + text_after
    ):
        change.update(_line_diff(text_before, text_after, old, new))
    return [change]


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
