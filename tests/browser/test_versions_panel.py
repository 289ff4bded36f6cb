"""The versions panel loads by htmx and shows a diff between two versions."""

from __future__ import annotations

import pytest

import lamingui as ln


@pytest.mark.django_db(transaction=True)
def test_versions_panel_compares_two_versions(logged_in_page, live_server):
    first = ln.Transform(key="pipeline.py", source_code="step = 1\n").save()
    ln.Transform(key="pipeline.py", source_code="step = 2\n").save()
    page = logged_in_page
    page.goto(f"{live_server.url}/lamingui/transform/{first.pk}/change/")
    panel = page.locator("#panel-versions")
    panel.locator("text=Versions (2)").wait_for()
    assert panel.locator("strong.lamingui-latest").count() == 1
    panel.locator("button", has_text="Show differences").click()
    diff = page.locator("#panel-versions-diff pre")
    diff.wait_for()
    text = diff.inner_text()
    assert "-step = 1" in text and "+step = 2" in text
