"""``HasParents`` (models.md §2.7, api.md §5.2): behaviour-only mixin.

The registry declares a self many-to-many ``parents`` (reverse ``children``).
The breadth-first walk of :func:`build_graph` is the one graph builder: the
Python API's ``view_parents()`` / ``view_children()`` and the GUI's ontology
graph panel both render its :class:`ParentsGraph` — as a graphviz ``Digraph``
where the ``dot`` binary exists, else as an indented text tree (API) or nested
HTML lists (GUI).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from ... import context

logger = logging.getLogger(__name__)

#: nodes of a graph at most, unless the caller asks for another limit
MAX_NODES = 200
#: characters of a node label in a rendered graph
LABEL_CHARS = 40
DIRECTIONS = ("parents", "children", "both")


@dataclass
class GraphNode:
    """A record in a :class:`ParentsGraph`."""

    pk: int
    uid: str
    label: str
    distance: int


@dataclass
class ParentsGraph:
    """Nodes and ``(parent_pk, child_pk)`` edges around a focal record."""

    focus: int
    nodes: dict[int, GraphNode] = field(default_factory=dict)
    edges: list[tuple[int, int]] = field(default_factory=list)
    #: the walk stopped at the node limit
    truncated: bool = False
    #: neighbours left out because the caller's ``visible`` filter hid them
    hidden: int = 0

    def parents_of(self, pk: int) -> list[int]:
        return [p for p, c in self.edges if c == pk]

    def children_of(self, pk: int) -> list[int]:
        return [c for p, c in self.edges if p == pk]

    def label_edges(self) -> list[tuple[str, str]]:
        """Edges as ``(parent label, child label)``."""
        return [(self.nodes[p].label, self.nodes[c].label) for p, c in self.edges]

    def tree(self, direction: str) -> list[dict[str, Any]]:
        """Nested ``[{"node", "branches"}]`` from the focus: ancestors or descendants.

        A node reached twice (a multi-parent DAG) is listed under each path but
        expanded only once per path, so cycles cannot recurse.
        """
        step = self.parents_of if direction == "parents" else self.children_of

        def grow(pk: int, path: frozenset[int]) -> list[dict[str, Any]]:
            return [
                {"node": self.nodes[n], "branches": grow(n, path | {n})}
                for n in step(pk)
                if n not in path
            ]

        return grow(self.focus, frozenset({self.focus}))


def build_graph(
    record: Any,
    direction: str = "both",
    distance: int = 2,
    field: str | None = None,
    max_nodes: int = MAX_NODES,
    visible: Callable[[QuerySet], QuerySet] | None = None,
) -> ParentsGraph:
    """Breadth-first walk over ``parents`` (and/or ``children``) of ``record``.

    Args:
        record: a saved record of a ``HasParents`` registry.
        direction: ``"parents"``, ``"children"`` or ``"both"``.
        distance: hops to walk (0 gives the record alone).
        field: field used as node label (default: the registry's name field).
        max_nodes: stop adding nodes beyond this many (``truncated`` is set).
        visible: narrows the candidate rows of each hop (the GUI passes its
            space filter); only default-branch rows are ever walked.

    Returns:
        A :class:`ParentsGraph`; it issues two queries per hop and one for labels.
    """
    if direction not in DIRECTIONS:
        raise ValueError(
            f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}"
        )
    model = type(record)
    using = record._state.db or DEFAULT_DB_ALIAS
    graph = ParentsGraph(focus=record.pk)
    distances = {record.pk: 0}
    on_branch = model._default_manager.using(using).filter(
        branch_id__in=context.default_branch_ids()
    )
    rows = on_branch if visible is None else visible(on_branch)
    querysets = (on_branch, rows, visible is not None)
    walks = ("parents", "children") if direction == "both" else (direction,)
    for walk in walks:
        _walk(graph, model, using, querysets, walk, distance, max_nodes, distances)
    label_field = field or getattr(record, "_name_field", None) or "name"
    for pk, uid, label in rows.filter(pk__in=list(distances)).values_list(
        "pk", "uid", label_field
    ):
        graph.nodes[pk] = GraphNode(pk, uid, str(label), distances[pk])
    graph.nodes.setdefault(
        record.pk,
        GraphNode(record.pk, record.uid, str(getattr(record, label_field)), 0),
    )
    graph.edges = [
        e for e in graph.edges if e[0] in graph.nodes and e[1] in graph.nodes
    ]
    return graph


def _walk(
    graph: ParentsGraph,
    model: type,
    using: str,
    querysets: tuple[QuerySet, QuerySet, bool],
    walk: str,
    distance: int,
    max_nodes: int,
    distances: dict[int, int],
) -> None:
    on_branch, rows, filtered = querysets
    through = model.parents.through
    name = model._meta.model_name
    # a through row points from a child (from_) to one of its parents (to_)
    src, dst = (
        (f"from_{name}_id", f"to_{name}_id")
        if walk == "parents"
        else (f"to_{name}_id", f"from_{name}_id")
    )
    frontier = {graph.focus}
    seen_edges = set(graph.edges)
    for hop in range(1, distance + 1):
        pairs = list(
            through.objects.using(using)
            .filter(**{f"{src}__in": frontier})
            .values_list(src, dst)
        )
        if not pairs:
            break
        candidates = {d for _, d in pairs} - set(distances)
        shown = set(rows.filter(pk__in=candidates).values_list("pk", flat=True))
        if filtered and candidates - shown:
            # hidden: on a default branch but filtered out (trashed rows don't count)
            graph.hidden += on_branch.filter(pk__in=candidates - shown).count()
        shown |= set(distances)
        frontier = set()
        for s, d in sorted(pairs):
            if d not in shown:
                continue
            if d not in distances:
                if len(distances) >= max_nodes:
                    graph.truncated = True
                    continue
                distances[d] = hop
                frontier.add(d)
            edge = (d, s) if walk == "parents" else (s, d)
            if edge not in seen_edges:
                seen_edges.add(edge)
                graph.edges.append(edge)
        if not frontier:
            break


def short_label(label: str) -> str:
    """A node label cut to :data:`LABEL_CHARS` characters."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def to_digraph(
    graph: ParentsGraph,
    node_id: str = "label",
    url: Callable[[GraphNode], str] | None = None,
) -> Any:
    """A ``graphviz.Digraph``, parents above children, the focus highlighted.

    Labels are escaped and marked as plain text (``nohtml``), so a name such as
    ``<b>x</b>`` is never read as an HTML-like label.
    """
    import graphviz  # noqa: PLC0415 - optional until a graph is drawn

    dot = graphviz.Digraph(
        graph_attr={"rankdir": "TB", "bgcolor": "transparent"},
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "#ffffff",
            "fontname": "Helvetica",
            "fontsize": "11",
        },
    )

    def ident(node: GraphNode) -> str:
        return graphviz.escape(node.label if node_id == "label" else node.uid)

    for node in graph.nodes.values():
        attrs = {
            "label": graphviz.nohtml(graphviz.escape(short_label(node.label))),
            "tooltip": node.uid,
        }
        if node.pk == graph.focus:
            attrs.update(fillcolor="#d9ecea", penwidth="2")
        if url is not None:
            attrs.update(URL=url(node), target="_top")
        dot.node(ident(node), **attrs)
    for parent, child in graph.edges:
        dot.edge(ident(graph.nodes[parent]), ident(graph.nodes[child]))
    return dot


def to_text(graph: ParentsGraph, direction: str = "both") -> str:
    """An indented text tree: one ``parent -> child`` line per edge, by depth."""
    focus = graph.nodes[graph.focus]
    lines = [focus.label]
    for walk, title in (("parents", "parents"), ("children", "children")):
        if direction not in (walk, "both"):
            continue
        branches = graph.tree(walk)
        if not branches:
            continue
        lines.append(f"{title}:")

        def emit(parent: GraphNode, items: list[dict[str, Any]], depth: int) -> None:
            for item in items:
                node = item["node"]
                edge = (
                    f"{node.label} -> {parent.label}"
                    if walk == "parents"  # noqa: B023 - used within this iteration
                    else f"{parent.label} -> {node.label}"
                )
                lines.append("  " * depth + edge)
                emit(node, item["branches"], depth + 1)

        emit(focus, branches, 1)
    if graph.hidden:
        lines.append(f"({graph.hidden} hidden)")
    return "\n".join(lines)


def dot_available() -> bool:
    """Whether graphviz's ``dot`` binary is on ``PATH``."""
    return shutil.which("dot") is not None


class HasParents:
    """Behaviour-only mixin: ontological parents and children of a record."""

    def query_parents(self) -> Any:
        """All ancestors (transitively), on default branches."""
        return self._walk("parents")

    def query_children(self) -> Any:
        """All descendants (transitively), on default branches."""
        return self._walk("children")

    def _walk(self, direction: str) -> Any:
        model = type(self)
        using = self._state.db or DEFAULT_DB_ALIAS
        through = model.parents.through
        src, dst = (
            ("from_" + model._meta.model_name, "to_" + model._meta.model_name)
            if direction == "parents"
            else ("to_" + model._meta.model_name, "from_" + model._meta.model_name)
        )
        visible = model.objects.using(using).filter(
            branch_id__in=context.default_branch_ids()
        )
        found: set[int] = set()
        frontier = {self.pk}
        while frontier:
            nxt = set(
                through.objects.using(using)
                .filter(**{f"{src}_id__in": frontier})
                .values_list(f"{dst}_id", flat=True)
            )
            # api.md §5.2: default branches at every hop, a trashed record cuts the path
            frontier = set(
                visible.filter(pk__in=nxt - found - {self.pk}).values_list(
                    "pk", flat=True
                )
            )
            found |= frontier
        return visible.filter(pk__in=found)

    def view_parents(
        self, field: str | None = None, with_children: bool = False, distance: int = 5
    ) -> Any:
        """Draw the ancestors (and with ``with_children`` the descendants).

        Returns a ``graphviz.Digraph`` (shown inline in notebooks) when the
        ``dot`` binary is installed; otherwise prints and returns an indented
        text tree with one ``parent -> child`` line per edge. Never raises for
        a missing graphviz.
        """
        direction = "both" if with_children else "parents"
        return _view(build_graph(self, direction, distance, field), direction)

    def view_children(self, field: str | None = None, distance: int = 5) -> Any:
        """Draw the descendants; text tree where ``dot`` is missing."""
        return _view(build_graph(self, "children", distance, field), "children")


def _view(graph: ParentsGraph, direction: str) -> Any:
    if dot_available():
        try:
            return to_digraph(graph)
        except ImportError:  # the graphviz Python package is missing
            logger.warning("graphviz is not installed; showing the graph as text")
    text = to_text(graph, direction)
    print(text)  # noqa: T201 - the fallback shows the graph as text
    return text
