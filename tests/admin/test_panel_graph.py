"""The ontology graph panel and the shared graph builder (gui.md §6.5, AC-GRAPH-*)."""

from __future__ import annotations

import shutil
import subprocess

import graphviz
import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

import lamingui as ln
from lamingui.models.mixins import parents as parents_module
from lamingui.models.mixins.parents import build_graph, to_text
from tests.admin.conftest import HX
from tests.factories import make_ulabel

XSS = "<script>alert(1)</script>"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs dot")


@pytest.fixture
def dag(db):
    """root → a, b; a → m; b → m (m has two parents); m → leaf; m → XSS child."""
    names = ["root", "a", "b", "multi", "leaf", XSS]
    root, a, b, multi, leaf, evil = (make_ulabel(name=n) for n in names)
    a.parents.add(root)
    b.parents.add(root)
    multi.parents.add(a, b)
    leaf.parents.add(multi)
    evil.parents.add(multi)
    return {"root": root, "a": a, "b": b, "multi": multi, "leaf": leaf, "evil": evil}


def graph_url(record) -> str:
    return reverse("admin:lamingui_ulabel_graph", args=[record.pk])


def test_build_graph_walks_both_directions_to_a_distance(dag):
    graph = build_graph(dag["multi"], "both", 2)
    names = {n.label for n in graph.nodes.values()}
    assert names == {"root", "a", "b", "multi", "leaf", XSS}
    assert (dag["a"].pk, dag["multi"].pk) in graph.edges
    assert (dag["multi"].pk, dag["leaf"].pk) in graph.edges
    one = build_graph(dag["multi"], "parents", 1)
    assert {n.label for n in one.nodes.values()} == {"a", "b", "multi"}
    with pytest.raises(ValueError, match="direction must be one of"):
        build_graph(dag["multi"], "sideways", 1)


def test_build_graph_skips_trashed_and_invisible_nodes(dag):
    dag["a"].delete()
    graph = build_graph(
        dag["multi"], "parents", 3, visible=lambda rows: rows.exclude(name="b")
    )
    assert {n.label for n in graph.nodes.values()} == {"multi"}
    assert graph.hidden == 1  # b is hidden; a is in the trash, not counted


def test_view_parents_text_tree_without_dot(dag, monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    text = dag["multi"].view_parents(with_children=True, distance=2)
    assert isinstance(text, str)
    lines = text.splitlines()
    assert lines[0] == "multi"
    assert "  a -> multi" in lines
    assert "    root -> a" in lines  # the grandparent, one level deeper
    assert "  multi -> leaf" in lines
    assert "root -> a" in capsys.readouterr().out
    assert "leaf" not in dag["multi"].view_parents(distance=2)


@needs_dot
def test_view_children_with_dot_returns_a_digraph(dag, monkeypatch):
    graph = dag["root"].view_children(distance=3)
    assert isinstance(graph, graphviz.Digraph)
    assert "root -> a" in graph.source
    assert "multi -> leaf" in graph.source


def test_view_parents_without_graphviz_package_falls_back(dag, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/dot")

    def broken(*args, **kwargs):
        raise ImportError("no graphviz")

    monkeypatch.setattr(parents_module, "to_digraph", broken)
    assert "a -> multi" in dag["multi"].view_parents()


def test_to_text_counts_hidden_nodes(dag):
    graph = build_graph(dag["multi"], "parents", 1, visible=lambda r: r.none())
    assert to_text(graph, "parents") == "multi\n(2 hidden)"


# -- the panel ------------------------------------------------------------------------


@needs_dot
def test_graph_graphviz(admin_client, dag, settings):
    settings.LAMINGUI_GRAPH_RENDERER = "auto"
    response = admin_client.get(graph_url(dag["multi"]), {"distance": 2}, headers=HX)
    assertTemplateUsed(response, "lamingui/panels/graph.html")
    assertContains(response, 'data-renderer="graphviz"')
    body = response.content.decode()
    assert "<svg" in body and "<?xml" not in body
    for key in ("root", "a", "b", "leaf", "evil"):
        change = reverse("admin:lamingui_ulabel_change", args=[dag[key].pk])
        assert f'href="{change}"' in body or f'xlink:href="{change}"' in body, key
    assert XSS not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize("how", ["html-setting", "executable-missing"])
def test_graph_fallback(admin_client, dag, settings, monkeypatch, how):
    if how == "html-setting":
        settings.LAMINGUI_GRAPH_RENDERER = "html"
    else:
        settings.LAMINGUI_GRAPH_RENDERER = "graphviz"

        def missing(*args, **kwargs):
            raise graphviz.ExecutableNotFound(("dot",))

        monkeypatch.setattr(graphviz.Digraph, "pipe", missing)
    response = admin_client.get(graph_url(dag["multi"]), {"distance": 2}, headers=HX)
    assert response.status_code == 200
    assertContains(response, 'data-renderer="html"')
    body = response.content.decode()
    for name in ("root", "a", "b", "leaf"):
        assert f">{name}</a>" in body, name
    assert XSS not in body
    assertContains(response, 'aria-current="true"')
    assertContains(response, 'data-testid="graph-ancestors"')
    assertContains(response, 'data-testid="graph-descendants"')
    notice = 'data-testid="graph-fallback-notice"'
    if how == "html-setting":
        assertNotContains(response, notice)
    else:
        assertContains(response, notice)


def test_graph_params_and_downloads(admin_client, dag, settings):
    settings.LAMINGUI_GRAPH_RENDERER = "html"
    url = graph_url(dag["multi"])
    assert admin_client.get(url, {"distance": 9}, headers=HX).context["distance"] == 5
    bad = admin_client.get(url, {"distance": "x"}, headers=HX)
    assert bad.status_code == 400
    assertContains(bad, "distance must be a whole number", status_code=400)
    assert admin_client.get(url, {"direction": "up"}, headers=HX).status_code == 400
    dot = admin_client.get(url, {"format": "dot", "distance": 5})
    assert dot["Content-Type"].startswith("text/vnd.graphviz")
    assert "attachment" in dot["Content-Disposition"]
    source = dot.content.decode()
    assert source.startswith("digraph")
    for record in dag.values():
        assert record.uid in source
    settings.LAMINGUI_GRAPH_MAX_NODES = 3
    cut = admin_client.get(url, {"distance": 5}, headers=HX)
    assertContains(cut, 'data-testid="graph-truncated"')
    assert len(cut.context["graph"].nodes) == 3
    if shutil.which("dot"):
        result = subprocess.run(
            [shutil.which("dot"), "-Tsvg"],
            input=source,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0


def test_graph_svg_download_without_dot_is_501(admin_client, dag, monkeypatch):
    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(("dot",))

    monkeypatch.setattr(graphviz.Digraph, "pipe", missing)
    response = admin_client.get(graph_url(dag["multi"]), {"format": "svg"})
    assert response.status_code == 501


def test_graph_empty_state(admin_client, db, settings):
    settings.LAMINGUI_GRAPH_RENDERER = "html"
    alone = make_ulabel(name="alone")
    response = admin_client.get(graph_url(alone), headers=HX)
    assertContains(response, 'data-testid="empty-graph"')


def test_graph_page_login_404_and_405(admin_client, dag, settings):
    settings.LAMINGUI_GRAPH_RENDERER = "html"
    url = graph_url(dag["multi"])
    page = admin_client.get(url)
    assertTemplateUsed(page, "lamingui/panels/_standalone.html")
    assertContains(page, "<html")
    assert "HX-Request" in page["Vary"]
    fragment = admin_client.get(url, headers=HX)
    assert "<html" not in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]
    assert Client().get(url).status_code == 302
    missing = reverse("admin:lamingui_ulabel_graph", args=[999999])
    assert admin_client.get(missing, headers=HX).status_code == 404
    assert admin_client.post(url, headers=HX).status_code == 405


def test_graph_query_count_is_bounded(
    admin_client, db, settings, django_assert_max_num_queries
):
    settings.LAMINGUI_GRAPH_RENDERER = "html"
    root = make_ulabel(name="hub")
    children = [ln.ULabel(name=f"child {i}") for i in range(60)]
    ln.save(children)
    root.children.add(*children)
    url = graph_url(root)
    # session, user, the record, memberships, 2 per hop per direction, labels
    with django_assert_max_num_queries(16):
        response = admin_client.get(url, {"distance": 2}, headers=HX)
    assert len(response.context["graph"].nodes) == 61
