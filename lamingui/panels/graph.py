"""The ontology graph panel of ``HasParents`` registries (gui.md §6.5).

``graph_panel`` walks parents and/or children of a record up to a distance
(``?direction=parents|children|both``, ``?distance=1..5``) with the model
layer's :func:`~lamingui.models.mixins.parents.build_graph`, keeping only
nodes the user may read, and renders it as an inline SVG drawn by graphviz's
``dot`` or, where ``dot`` is missing or fails, as nested HTML lists of the same
nodes. ``?format=dot`` downloads the DOT source, ``?format=svg`` the SVG.

Settings: ``LAMINGUI_GRAPH_RENDERER`` (``auto`` | ``graphviz`` | ``html``) and
``LAMINGUI_GRAPH_MAX_NODES`` (default 200).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import permissions
from ..models.mixins.parents import (
    DIRECTIONS,
    MAX_NODES,
    GraphNode,
    ParentsGraph,
    build_graph,
    dot_available,
    to_digraph,
)
from .base import panel_object, render_panel

logger = logging.getLogger(__name__)

MAX_DISTANCE = 5
_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)


class GraphParamError(ValueError):
    """A graph query parameter that cannot be used."""


def graph_params(request: HttpRequest) -> tuple[str, int, str]:
    """``(direction, distance, format)`` from the query; distance clamped to 1..5."""
    direction = request.GET.get("direction") or "both"
    if direction not in DIRECTIONS:
        raise GraphParamError(
            f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}"
        )
    raw = request.GET.get("distance") or "2"
    try:
        distance = int(raw)
    except ValueError:
        raise GraphParamError(
            f"distance must be a whole number from 1 to {MAX_DISTANCE}, not {raw!r}"
        ) from None
    fmt = request.GET.get("format") or "html"
    if fmt not in {"html", "svg", "dot"}:
        raise GraphParamError(f"format must be html, svg or dot, not {fmt!r}")
    return direction, min(max(distance, 1), MAX_DISTANCE), fmt


def renderer() -> str:
    """``graphviz`` or ``html``, from ``LAMINGUI_GRAPH_RENDERER`` and ``PATH``."""
    choice = getattr(settings, "LAMINGUI_GRAPH_RENDERER", "auto")
    if choice == "auto":
        return "graphviz" if dot_available() else "html"
    return "graphviz" if choice == "graphviz" else "html"


def render_svg(graph: ParentsGraph, url: Any) -> str:
    """The graph as an ``<svg>`` element (no XML prolog); raises if ``dot`` fails."""
    svg = to_digraph(graph, node_id="uid", url=url).pipe(format="svg", encoding="utf-8")
    return _PROLOG.sub("", svg, count=1)


@require_GET
def graph_panel(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """Parents and children of a record as an SVG, or as HTML lists."""
    record = panel_object(request, model_admin, object_id)
    try:
        direction, distance, fmt = graph_params(request)
    except GraphParamError as error:
        return TemplateResponse(
            request, "lamingui/panels/graph_error.html", {"error": error}, status=400
        )
    graph = build_graph(
        record,
        direction,
        distance,
        max_nodes=getattr(settings, "LAMINGUI_GRAPH_MAX_NODES", MAX_NODES),
        visible=lambda rows: permissions.filter_readable(request, rows),
    )
    opts = model_admin.opts

    def url(node: GraphNode) -> str:
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[node.pk]
        )

    if fmt == "dot":
        response = HttpResponse(
            to_digraph(graph, node_id="uid", url=url).source,
            content_type="text/vnd.graphviz; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{record.uid}.dot"'
        return response
    context: dict[str, Any] = {
        "record": record,
        "graph": graph,
        "direction": direction,
        "distance": distance,
        "distances": range(1, MAX_DISTANCE + 1),
        "panel_url": reverse(
            f"admin:lamingui_{opts.model_name}_graph", args=[record.pk]
        ),
        "renderer": "html",
    }
    if fmt == "svg" or renderer() == "graphviz":
        try:
            context["svg"] = render_svg(graph, url)
            context["renderer"] = "graphviz"
        except Exception as error:  # graphviz.ExecutableNotFound, CalledProcessError
            logger.warning("graphviz failed, showing the HTML graph: %s", error)
            context["fallback_notice"] = True
    if fmt == "svg":
        if "svg" not in context:
            return TemplateResponse(
                request,
                "lamingui/panels/graph_error.html",
                {"error": "graphviz is not installed on the server"},
                status=501,
            )
        response = HttpResponse(context["svg"], content_type="image/svg+xml")
        response["Content-Disposition"] = f'attachment; filename="{record.uid}.svg"'
        return response
    context["ancestors"] = (
        _with_urls(graph.tree("parents"), url) if direction != "children" else []
    )
    context["descendants"] = (
        _with_urls(graph.tree("children"), url) if direction != "parents" else []
    )
    return render_panel(
        request,
        model_admin,
        "lamingui/panels/graph.html",
        context,
        title="Graph",
    )


def _with_urls(branches: list[dict[str, Any]], url: Any) -> list[dict[str, Any]]:
    """The nested tree of :meth:`ParentsGraph.tree` with a change URL per node."""
    return [
        {
            **item,
            "url": url(item["node"]),
            "branches": _with_urls(item["branches"], url),
        }
        for item in branches
    ]
