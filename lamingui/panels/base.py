"""What every panel view needs: the object it is about, permission-checked."""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest


def panel_object(
    request: HttpRequest,
    model_admin: ModelAdmin,
    object_id: str,
    *,
    write: bool = False,
) -> Any:
    """The object a panel shows: 404 when unseen, 403 on writes without change."""
    record = model_admin.get_object(request, object_id)
    if record is None or not model_admin.has_view_permission(request, record):
        raise Http404(f"No {model_admin.opts.verbose_name} with id {object_id}")
    if write and not model_admin.has_change_permission(request, record):
        raise PermissionDenied
    return record
