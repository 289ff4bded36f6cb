"""Admin mixins for the graph panel and the trash preview (gui.md §6.5, §6.7.2)."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse

from ..panels.graph import graph_panel
from ..panels.trash_preview import trash_preview_panel
from .panels import PanelsAdminMixin


class GraphAdminMixin(PanelsAdminMixin):
    """Mirrors ``HasParents``: the ontology graph panel."""

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/graph/",
                wrap(partial(graph_panel, model_admin=self)),
                name=f"lamingui_{self.opts.model_name}_graph",
            ),
            *super().get_urls(),
        ]

    def panels(self, request: HttpRequest, object_id: str) -> list[dict[str, str]]:
        url = reverse(f"admin:lamingui_{self.opts.model_name}_graph", args=[object_id])
        return [*super().panels(request, object_id), {"name": "graph", "url": url}]


class TrashPreviewAdminMixin(PanelsAdminMixin):
    """Registries with a trash: ``<id>/trash-preview/`` lists what a delete takes."""

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/trash-preview/",
                wrap(partial(trash_preview_panel, model_admin=self)),
                name=f"lamingui_{self.opts.model_name}_trash_preview",
            ),
            *super().get_urls(),
        ]
