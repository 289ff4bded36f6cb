"""Admin mixins that add HTMX panels to change pages, mirroring the model mixins."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse

from ..panels.notes_urls import notes_urlpatterns
from ..panels.types import types_children, types_panel, types_roots
from ..panels.versions import (
    latest_version_redirect,
    versions_diff_panel,
    versions_panel,
)


class PanelsAdminMixin:
    """Collects the panels of all admin mixins into the change page context."""

    def panels(self, request: HttpRequest, object_id: str) -> list[dict[str, str]]:
        """``[{"name": ..., "url": ...}]`` of the panels shown under the form."""
        return []

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        context = {**(extra_context or {})}
        context["lamingui_panels"] = self.panels(request, object_id)
        return super().change_view(request, object_id, form_url, context)


class VersionsAdminMixin(PanelsAdminMixin):
    """Mirrors ``IsVersioned``: the versions panel and ``stem/<uid>/`` redirects."""

    def get_urls(self) -> list[URLPattern]:
        name = f"lamingui_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/versions/",
                wrap(partial(versions_panel, model_admin=self)),
                name=f"{name}_versions",
            ),
            path(
                "<path:object_id>/versions/diff/",
                wrap(partial(versions_diff_panel, model_admin=self)),
                name=f"{name}_versions_diff",
            ),
            path(
                "stem/<str:stem_uid>/",
                wrap(partial(latest_version_redirect, model_admin=self)),
                name=f"{name}_stem",
            ),
            *super().get_urls(),
        ]

    def panels(self, request: HttpRequest, object_id: str) -> list[dict[str, str]]:
        url = reverse(
            f"admin:lamingui_{self.opts.model_name}_versions", args=[object_id]
        )
        return [*super().panels(request, object_id), {"name": "versions", "url": url}]


class NotesAdminMixin(PanelsAdminMixin):
    """Hosts with an attached block model (``ablocks``): the notes panel."""

    def get_urls(self) -> list[URLPattern]:
        return [*notes_urlpatterns(self), *super().get_urls()]

    def panels(self, request: HttpRequest, object_id: str) -> list[dict[str, str]]:
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_notes"
        url = reverse(name, args=[object_id])
        return [*super().panels(request, object_id), {"name": "notes", "url": url}]


class TypesAdminMixin(PanelsAdminMixin):
    """Mirrors ``HasType``: the type hierarchy panel with lazily loaded children.

    ``…/types/`` is the registry's tree of root types, linked from the
    changelist.
    """

    change_list_template = "lamingui/admin/change_list_types.html"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        url = reverse(f"admin:lamingui_{self.opts.model_name}_types_roots")
        context = {**(extra_context or {}), "lamingui_types_url": url}
        return super().changelist_view(request, context)

    def get_urls(self) -> list[URLPattern]:
        name = f"lamingui_{self.opts.model_name}_types"
        wrap = self.admin_site.admin_view
        return [
            path(
                "types/",
                wrap(partial(types_roots, model_admin=self)),
                name=f"{name}_roots",
            ),
            path(
                "<path:object_id>/types/",
                wrap(partial(types_panel, model_admin=self)),
                name=name,
            ),
            path(
                "<path:object_id>/types/children/",
                wrap(partial(types_children, model_admin=self)),
                name=f"{name}_children",
            ),
            *super().get_urls(),
        ]

    def panels(self, request: HttpRequest, object_id: str) -> list[dict[str, str]]:
        url = reverse(f"admin:lamingui_{self.opts.model_name}_types", args=[object_id])
        return [*super().panels(request, object_id), {"name": "types", "url": url}]
