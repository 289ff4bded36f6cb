"""The ontology graph panel in a real browser: SVG, distance change, HTML fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

import lamingui as ln

RESULTS = Path("test-results")


@pytest.mark.django_db(transaction=True)
def test_graph_panel_draws_and_changes_distance(logged_in_page, live_server, settings):
    settings.LAMINGUI_GRAPH_RENDERER = "auto"
    names = ["cell", "immune cell", "T cell", "CD8 T cell", "activated cell"]
    cell, immune, t_cell, cd8, activated = (ln.ULabel(name=n).save() for n in names)
    immune.parents.add(cell)
    t_cell.parents.add(immune)
    activated.parents.add(cell)
    cd8.parents.add(t_cell, activated)
    page = logged_in_page
    page.goto(f"{live_server.url}/lamingui/ulabel/{cd8.pk}/change/")
    # the slot loads its panel once scrolled into view (hx-trigger="revealed")
    page.locator("[data-testid=panel-slot-graph]").scroll_into_view_if_needed()
    panel = page.locator("[data-testid=panel-graph]")
    panel.scroll_into_view_if_needed()
    figure = panel.locator("[data-testid=graph]")
    figure.wait_for()
    renderer = figure.get_attribute("data-renderer")
    if renderer == "graphviz":
        assert panel.locator("svg").count() == 1
        assert "T cell" in panel.locator("svg").text_content()
    panel.locator("[data-testid=graph-distance]").select_option("1")
    page.wait_for_function(
        "() => !document.querySelector('#panel-graph').textContent.includes('immune')"
    )
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "graph.png"), full_page=True)
    # the same nodes as an HTML list where graphviz is not used
    settings.LAMINGUI_GRAPH_RENDERER = "html"
    page.goto(f"{live_server.url}/lamingui/ulabel/{cd8.pk}/graph/?distance=3")
    lists = page.locator("[data-testid=graph][data-renderer=html]")
    lists.wait_for()
    assert (
        lists.locator("[data-testid=graph-node]", has_text="immune cell").count() >= 1
    )
    page.screenshot(path=str(RESULTS / "graph-panel-html.png"), full_page=True)
