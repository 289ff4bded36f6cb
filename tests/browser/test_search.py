"""Global search in a real browser: type, see results, Esc, ArrowDown + Enter."""

from __future__ import annotations

import pytest

import lamingui as ln


@pytest.mark.django_db(transaction=True)
def test_search_typing_arrow_down_and_enter_open_the_record(
    logged_in_page, live_server
):
    record = ln.Record(name="searchable-e2e").save()
    ln.Record(name="searchable-e2e and more").save()
    page = logged_in_page
    requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            "/search/suggest/" in request.url and requests.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/lamingui/record/")
    page.keyboard.press("/")  # focuses the box
    box = page.locator("#lamingui-search-input")
    assert box.evaluate("el => el === document.activeElement")
    box.press_sequentially("searchable-e2e", delay=20)
    results = page.locator("#panel-search")
    first = results.locator("[data-search-result]").first
    first.wait_for()
    assert "searchable-e2e" in first.inner_text()
    assert len(requests) <= 2  # one request per pause, not one per key
    box.press("Escape")  # closes the results
    assert results.is_hidden()
    box.press("ArrowDown")  # opens them again and selects the first
    assert results.is_visible()
    assert first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(f"{live_server.url}/lamingui/record/{record.pk}/change/")
