"""What moving a record to the trash takes along (gui.md §6.7.2).

lamindb trashes a type together with everything typed by it, recursively
(``HasType._query_members``). :func:`trash_preview` lists those rows, grouped
into sub-types and members with counts and the first names, so that the
confirmation page (and the ``trash-preview`` fragment) shows them before
anything is moved.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .base import panel_object, render_panel

#: names listed per group; the rest are counted
PREVIEW_NAMES = 20


def trash_preview(record: Any) -> dict[str, Any]:
    """``{"total": n, "groups": [{"label", "count", "names", "more"}]}``.

    Empty for records that are not types: they go to the trash alone.
    """
    if not getattr(record, "is_type", False) or record.pk is None:
        return {"total": 0, "groups": []}
    members = record._query_members()
    groups = []
    for label, is_type in (("sub-types", True), ("members", False)):
        rows = members.filter(is_type=is_type)
        count = rows.count()
        if not count:
            continue
        name_field = getattr(record, "_name_field", None) or "name"
        names = [
            str(n)
            for n in rows.order_by(name_field, "pk").values_list(name_field, flat=True)[
                :PREVIEW_NAMES
            ]
        ]
        groups.append(
            {
                "label": label,
                "count": count,
                "names": names,
                "more": max(0, count - len(names)),
            }
        )
    return {"total": sum(g["count"] for g in groups), "groups": groups}


@require_GET
def trash_preview_panel(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """Fragment: the rows that would follow ``object_id`` into the trash."""
    record = panel_object(request, model_admin, object_id)
    return render_panel(
        request,
        model_admin,
        "lamingui/panels/trash_preview.html",
        {"record": record, "preview": trash_preview(record)},
        title=f"Moving {record} to the trash",
    )
