"""Global search in a real browser (AC-SRCH-5): type-ahead, stale answers, keyboard."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

import lamingui as ln

RESULTS = Path("test-results")
SUGGEST = "/search/suggest/"


@pytest.mark.django_db(transaction=True)
def test_search_e2e_ac_srch_5_typing_keyboard_and_esc(logged_in_page, live_server):
    record = ln.Record(name="T cell").save()
    ln.Record(name="T-cell receptor").save()
    ln.Record(name="B cell").save()
    page = logged_in_page
    requests: list[str] = []
    page.on(
        "request",
        lambda request: SUGGEST in request.url and requests.append(request.url),
    )
    page.goto(f"{live_server.url}/lamingui/record/")
    page.keyboard.press("/")  # focuses the box
    box = page.locator("#lamingui-search-input")
    assert box.evaluate("el => el === document.activeElement")
    box.press_sequentially("tcell", delay=60)  # key by key, 60 ms apart
    results = page.locator("#panel-search")
    first = results.locator("[data-search-result]").first
    first.wait_for(timeout=2000)
    assert first.locator(".lg-search-name").inner_text() == "T cell"
    page.wait_for_timeout(400)  # longer than the typing pause
    assert len(requests) == 1, requests  # one request once typing stops
    assert "q=tcell" in requests[0]
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "search.png"), full_page=True)
    box.press("ArrowDown")  # selects the first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("Escape")  # clears the box and closes the results
    assert box.input_value() == ""
    assert results.is_hidden()
    box.press("ArrowDown")  # nothing left to reopen
    assert results.is_hidden()
    page.wait_for_timeout(400)
    assert len(requests) == 1, requests  # clearing sends no search
    box.press_sequentially("tcell", delay=60)
    first.wait_for(timeout=2000)
    box.press("ArrowDown")  # opens them again and selects the first
    assert results.is_visible()
    box.press("ArrowDown")
    box.press("ArrowUp")  # back to the first
    assert first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(f"{live_server.url}/lamingui/record/{record.pk}/change/")


@pytest.mark.django_db(transaction=True)
def test_a_stale_answer_never_replaces_the_newer_one(logged_in_page, live_server):
    ln.Record(name="stale-e2e alpha").save()
    ln.Record(name="stale-e2e alphabet").save()
    page = logged_in_page
    held = []

    def hold_first(route) -> None:
        if not held:  # the first search stays unanswered for now
            held.append(route)
            return
        route.continue_()

    page.route(f"**{SUGGEST}**", hold_first)
    page.goto(f"{live_server.url}/")
    box = page.locator("#lamingui-search-input")
    box.click()
    box.press_sequentially("stale-e2e", delay=10)
    page.wait_for_timeout(400)
    assert len(held) == 1
    box.press_sequentially(" alphabet", delay=10)
    names = page.locator("#panel-search .lg-search-name")
    names.first.wait_for()
    assert names.all_inner_texts() == ["stale-e2e alphabet"]
    # the old answer arrives late: htmx aborted that request, nothing swaps
    stale = (
        '<div id="panel-search" role="listbox"><ul><li>'
        '<a data-search-result href="/"><span class="lg-search-name">STALE</span>'
        "</a></li></ul></div>"
    )
    # (fulfilling may fail when the browser already dropped the request: fine)
    with contextlib.suppress(Exception):
        held[0].fulfill(status=200, content_type="text/html", body=stale)
    page.wait_for_timeout(300)
    assert names.all_inner_texts() == ["stale-e2e alphabet"]
    assert "STALE" not in page.locator("#panel-search").inner_text()


@pytest.mark.django_db(transaction=True)
def test_slash_is_typed_in_other_inputs(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/lamingui/record/")
    bar = page.locator("#searchbar")  # the changelist's own search box
    bar.click()
    page.keyboard.type("a/b")
    assert bar.input_value() == "a/b"
    box = page.locator("#lamingui-search-input")
    assert not box.evaluate("el => el === document.activeElement")
