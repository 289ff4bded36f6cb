"""The versions panel in a real browser: pick two versions, see the field diff."""

from __future__ import annotations

from pathlib import Path

import pytest

import lamingui as ln

RESULTS = Path("test-results")


@pytest.mark.django_db(transaction=True)
def test_versions_panel_e2e_compares_two_versions(logged_in_page, live_server):
    first = ln.Transform(
        key="pipeline.py", description="first cut", source_code="step = 1\n"
    ).save()
    ln.Transform(
        key="pipeline.py", description="first cut", source_code="step = 2\n"
    ).save()
    third = ln.Transform(
        key="pipeline.py", description="final", source_code="step = 2\nstep = 3\n"
    ).save()
    page = logged_in_page
    page.goto(f"{live_server.url}/lamingui/transform/{first.pk}/change/")
    panel = page.locator("#panel-versions")
    panel.scroll_into_view_if_needed()
    panel.locator("text=Versions (3)").wait_for()
    rows = panel.locator("[data-testid=version-row]")
    assert rows.count() == 3
    assert rows.first.get_attribute("data-uid") == third.uid  # newest first
    assert panel.locator("[data-testid=latest-badge]").count() == 1
    assert panel.locator("[aria-current=true]").get_attribute("data-uid") == first.uid
    # pick the first and the third version
    panel.locator("select[name=a]").select_option(str(first.pk))
    panel.locator("select[name=b]").select_option(str(third.pk))
    panel.locator("button", has_text="Show differences").click()
    diff = page.locator("[data-testid=versions-diff]")
    diff.wait_for()
    changed = diff.locator("[data-changed=true]")
    fields = {row.get_attribute("data-field") for row in changed.all()}
    assert {"description", "source_code"} <= fields
    assert "key" not in fields  # unchanged fields are left out
    description = diff.locator("[data-field=description]")
    assert "first cut" in description.inner_text()
    assert "final" in description.inner_text()
    lines = diff.locator("[data-field=source_code] pre").inner_text()
    assert "-step = 1" in lines and "+step = 2" in lines and "+step = 3" in lines
    RESULTS.mkdir(exist_ok=True)
    panel.screenshot(path=str(RESULTS / "versions-panel.png"))
    page.screenshot(path=str(RESULTS / "versions.png"), full_page=True)
