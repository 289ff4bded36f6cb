"""``HasParents`` (models.md §2.7, api.md §5.2): behaviour-only mixin.

The registry declares a self many-to-many ``parents`` (reverse ``children``).
"""

from __future__ import annotations

import shutil
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from ... import context


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

    def _edges(
        self, direction: str, distance: int, field: str
    ) -> list[tuple[str, str]]:
        model = type(self)
        using = self._state.db or DEFAULT_DB_ALIAS
        through = model.parents.through
        name = model._meta.model_name
        src, dst = (
            (f"from_{name}_id", f"to_{name}_id")
            if direction == "parents"
            else (f"to_{name}_id", f"from_{name}_id")
        )
        edges: list[tuple[int, int]] = []
        seen = {self.pk}
        frontier = {self.pk}
        for _ in range(distance):
            pairs = list(
                through.objects.using(using)
                .filter(**{f"{src}__in": frontier})
                .values_list(src, dst)
            )
            edges.extend(pairs)
            frontier = {d for _, d in pairs} - seen
            seen |= frontier
            if not frontier:
                break
        labels = dict(
            model.objects.using(using).filter(pk__in=seen).values_list("pk", field)
        )
        # an edge always points from parent to child
        return [
            (str(labels.get(d)), str(labels.get(s)))
            if direction == "parents"
            else (str(labels.get(s)), str(labels.get(d)))
            for s, d in edges
        ]

    def view_parents(
        self, field: str | None = None, with_children: bool = False, distance: int = 5
    ) -> Any:
        """Graph of ancestors (and children); text tree where ``dot`` is missing."""
        field = field or self._name_field
        edges = self._edges("parents", distance, field)
        if with_children:
            edges += self._edges("children", distance, field)
        return _render(str(getattr(self, field)), edges)

    def view_children(self, field: str | None = None, distance: int = 5) -> Any:
        """Graph of descendants; text tree where ``dot`` is missing."""
        field = field or self._name_field
        return _render(
            str(getattr(self, field)), self._edges("children", distance, field)
        )


def _render(root: str, edges: list[tuple[str, str]]) -> Any:
    if shutil.which("dot"):
        import graphviz  # noqa: PLC0415 - optional at run time

        graph = graphviz.Digraph(graph_attr={"rankdir": "TB"})
        graph.node(root, style="filled", fillcolor="#d9ecea")
        for parent, child in dict.fromkeys(edges):
            graph.edge(parent, child)
        return graph
    lines = [root]
    lines += [f"  {parent} -> {child}" for parent, child in dict.fromkeys(edges)]
    text = "\n".join(lines)
    print(text)  # noqa: T201 - the fallback shows the graph as text
    return text
