"""The type tree in a real browser (AC-TYPE-4): lazy children by keyboard and mouse."""

from __future__ import annotations

from pathlib import Path

import pytest

import lamingui as ln

RESULTS = Path("test-results")
CHILDREN = "/types/children/"


@pytest.mark.django_db(transaction=True)
def test_panels_e2e_ac_type_4_type_tree_by_keyboard_and_mouse(
    logged_in_page, live_server
):
    top = ln.Record(name="Sample", is_type=True).save()
    middle = ln.Record(name="Tissue sample", is_type=True, type=top).save()
    leaf = ln.Record(name="Biopsy", is_type=True, type=middle).save()
    for i in range(3):
        ln.Record(name=f"biopsy {i}", type=leaf).save()
    page = logged_in_page
    loads: list[str] = []
    page.on(
        "request", lambda request: CHILDREN in request.url and loads.append(request.url)
    )
    page.goto(f"{live_server.url}/lamingui/record/{top.pk}/change/")
    panel = page.locator("#panel-types")
    panel.scroll_into_view_if_needed()
    node = panel.locator(f"[data-testid=type-node][data-pk='{middle.pk}']")
    summary = node.locator("[data-testid=type-summary]").first
    summary.wait_for()
    assert "(0 members · 1 sub-type)" in summary.inner_text()
    assert "Biopsy" not in panel.inner_text()  # nothing below one level yet
    assert loads == []
    # keyboard: focus the summary, Enter opens it and loads one level
    summary.focus()
    page.keyboard.press("Enter")
    grandchild = node.locator(f"[data-testid=type-node][data-pk='{leaf.pk}']")
    grandchild.wait_for()
    assert "Biopsy" in grandchild.inner_text()
    assert len(loads) == 1
    # collapse and open again: shown from the page, no new request
    page.keyboard.press("Enter")
    assert grandchild.is_hidden()
    page.keyboard.press("Space")
    grandchild.wait_for()
    page.wait_for_timeout(200)
    assert len(loads) == 1
    # mouse: a click on the grandchild's summary loads the members
    grandchild.locator("[data-testid=type-summary]").click()
    members = grandchild.locator("[data-testid=type-node]")
    members.first.wait_for()
    assert members.all_inner_texts() == ["biopsy 0", "biopsy 1", "biopsy 2"]
    assert len(loads) == 2
    RESULTS.mkdir(exist_ok=True)
    panel.screenshot(path=str(RESULTS / "types-panel.png"))
    page.screenshot(path=str(RESULTS / "types.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_types_panel_ac_type_2_load_more_appends_in_place(logged_in_page, live_server):
    """AC-TYPE-2 in a browser: "Load more" appends the next 50 without a reload."""
    kind = ln.Record(name="Big type", is_type=True).save()
    for i in range(55):
        ln.Record(name=f"member {i:02d}", type=kind).save()
    page = logged_in_page
    navigations: list[str] = []
    page.goto(f"{live_server.url}/lamingui/record/{kind.pk}/change/")
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    panel = page.locator("#panel-types")
    panel.scroll_into_view_if_needed()
    nodes = panel.locator("[data-testid=type-node]")
    button = panel.locator("[data-testid=load-more]")
    button.wait_for()
    assert nodes.count() == 50
    # a marker on the list survives only if the list is not re-rendered
    panel.locator("[data-testid=type-children]").evaluate("ul => ul.dataset.seen = 1")
    button.click()
    panel.locator("[data-testid=type-node]").nth(54).wait_for()
    assert nodes.count() == 55
    assert button.count() == 0  # the last page brings no new button
    names = [text.strip() for text in nodes.all_inner_texts()]
    assert names == [f"member {i:02d}" for i in range(55)]
    assert panel.locator("[data-testid=type-children][data-seen='1']").count() == 1
    assert navigations == []
    RESULTS.mkdir(exist_ok=True)
    panel.screenshot(path=str(RESULTS / "types-load-more.png"))
