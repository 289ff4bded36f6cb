"""The bio registries in a real browser: a Tissue change page draws its parents."""

from __future__ import annotations

from pathlib import Path

import pytest

RESULTS = Path("test-results")

pytest.importorskip("cellxgene_ontology_guide")


@pytest.mark.django_db(transaction=True)
def test_tissue_change_page_shows_the_parents_graph(
    logged_in_page, live_server, settings
):
    import lamingui.bio as bt  # noqa: PLC0415 - after the test database exists

    settings.LAMINGUI_GRAPH_RENDERER = "html"
    bronchus = bt.Tissue.from_source(name="subsegmental bronchus").save()
    page = logged_in_page
    page.goto(f"{live_server.url}/bionty/tissue/{bronchus.pk}/change/")
    page.locator("[data-testid=panel-slot-graph]").scroll_into_view_if_needed()
    panel = page.locator("[data-testid=panel-graph]")
    panel.scroll_into_view_if_needed()
    graph = panel.locator("[data-testid=graph][data-renderer=html]")
    graph.wait_for()
    for parent in ("intrapulmonary bronchus", "lobe of lung"):
        assert graph.locator("[data-testid=graph-node]", has_text=parent).count() >= 1
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "bio-tissue-graph.png"), full_page=True)
