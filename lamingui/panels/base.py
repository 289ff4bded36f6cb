"""What every panel view needs: its object, space-checked, and one way to render.

``panel_object`` resolves the object of a per-object panel through the admin's
filtered ``get_queryset`` and the space rules of :mod:`lamingui.permissions`:
an object the user may not read is a 404 (its existence never leaks), a write
to an object the user may read but not change is a 403. ``render_panel``
returns the fragment to an HTMX request and a full admin page (the same
fragment inside ``lamingui/panels/_standalone.html``) otherwise.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

from .. import permissions


def panel_object(
    request: HttpRequest,
    model_admin: ModelAdmin,
    object_id: str,
    *,
    write: bool = False,
) -> Any:
    """The object a panel shows: 404 when unseen, 403 on writes without change."""
    record = model_admin.get_object(request, object_id)
    if (
        record is None
        or not permissions.readable(request, record)
        or not model_admin.has_view_permission(request, record)
    ):
        raise Http404(f"No {model_admin.opts.verbose_name} with id {object_id}")
    if write and not (
        permissions.writable(request, record)
        and model_admin.has_change_permission(request, record)
    ):
        raise PermissionDenied
    return record


def is_htmx(request: HttpRequest) -> bool:
    """Whether the request comes from htmx (``HX-Request: true``)."""
    return request.headers.get("HX-Request") == "true"


def render_panel(
    request: HttpRequest,
    model_admin: ModelAdmin | None,
    template: str,
    context: dict[str, Any],
    *,
    title: str = "",
    status: int = 200,
) -> HttpResponse:
    """The fragment for htmx, else a themed admin page that includes it.

    Always sends ``Vary: HX-Request``: the same URL serves two bodies.
    """
    if is_htmx(request):
        response = TemplateResponse(request, template, context, status=status)
    else:
        page = {**context, "panel_template": template, "title": title}
        if model_admin is not None:
            page = {
                **model_admin.admin_site.each_context(request),
                "opts": model_admin.opts,
                **page,
            }
        response = TemplateResponse(
            request, "lamingui/panels/_standalone.html", page, status=status
        )
    patch_vary_headers(response, ["HX-Request"])
    return response
