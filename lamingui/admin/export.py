"""Export a registry list or a record type as CSV or Excel (issue 7, item 4).

The columns are those of ``to_dataframe`` (api.md §1.6): a registry's default
columns, and for feature hosts (records, artifacts, runs) ``include="features"``:
uid, name and one column per feature, so a curator can edit the file and import
it again. Two admin actions on every changelist ("Export selected as CSV /
Excel") and a URL for a record type's records:
``export/record/<type id>/?format=csv|xlsx``.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pandas as pd
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.text import slugify

from .. import permissions
from ..models import Record
from ..models._dataframe import queryset_to_dataframe
from ..models._dataframe_features import FEATURE_HOSTS

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
}


def export_frame(queryset: QuerySet) -> pd.DataFrame:
    """Every row of ``queryset`` with the columns of ``to_dataframe``."""
    include = "features" if queryset.model.__name__ in FEATURE_HOSTS else None
    return queryset_to_dataframe(queryset, include=include, limit=None)


def _cell(value: Any) -> Any:
    """A value Excel and CSV readers take back: sets joined, times as ISO text."""
    if isinstance(value, set | frozenset | list | tuple):
        return "|".join(sorted(str(v) for v in value))
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, dict):
        return str(value)
    return value


def frame_response(df: pd.DataFrame, name: str, fmt: str) -> HttpResponse:
    """``df`` as a downloadable CSV or Excel file."""
    if fmt not in FORMATS:
        raise Http404(f"Unknown export format {fmt!r}; use csv or xlsx.")
    content_type, suffix = FORMATS[fmt]
    table = df.astype(object).map(_cell) if not df.empty else df
    if fmt == "csv":
        body: bytes = table.to_csv().encode("utf-8")
    else:
        buffer = io.BytesIO()
        table.to_excel(buffer, sheet_name=name[:31] or "export")
        body = buffer.getvalue()
    response = HttpResponse(body, content_type=content_type)
    filename = f"{slugify(name) or 'export'}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_action(fmt: str) -> Any:
    @admin.action(
        description=f"Export selected as {'CSV' if fmt == 'csv' else 'Excel'}",
        permissions=["view"],
    )
    def action(model_admin: Any, request: HttpRequest, queryset: QuerySet) -> Any:
        readable = permissions.filter_readable(request, queryset)
        name = str(model_admin.opts.verbose_name_plural)
        return frame_response(export_frame(readable), name, fmt)

    action.__name__ = f"export_{fmt}"
    return action


export_csv = _export_action("csv")
export_xlsx = _export_action("xlsx")


def export_record_type(request: HttpRequest, site: AdminSite, pk: int) -> HttpResponse:
    """The records of a record type (``?format=csv|xlsx``)."""
    if not request.user.has_perm("lamingui.view_record"):
        raise Http404("No such record type")
    record_type = Record.objects.filter(pk=pk, is_type=True).first()
    if record_type is None or not permissions.readable(request, record_type):
        raise Http404("No such record type")
    rows = permissions.filter_readable(
        request, Record.objects.filter(type_id=pk, branch_id=1)
    )
    fmt = request.GET.get("format", "csv")
    return frame_response(export_frame(rows), record_type.name or "records", fmt)


def export_urls(site: AdminSite) -> list[URLPattern]:
    return [
        path(
            "export/record/<int:pk>/",
            site.admin_view(lambda request, pk: export_record_type(request, site, pk)),
            name="lamingui_export_record_type",
        )
    ]
