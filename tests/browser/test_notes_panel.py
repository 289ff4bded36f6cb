"""The notes panel: edit, live preview, save, rendered note."""

from __future__ import annotations

import pytest

import lamingui as ln
from lamingui.blocks import services


@pytest.mark.django_db(transaction=True)
def test_notes_panel_edit_preview_and_save(logged_in_page, live_server):
    record = ln.Record(name="notes-e2e").save()
    dialogs: list[str] = []
    page = logged_in_page
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/lamingui/record/{record.pk}/change/")
    panel = page.locator("#panel-notes")
    panel.locator("text=No notes yet.").wait_for()
    panel.locator("[data-testid=note-edit]").click()
    textarea = page.locator("[data-testid=note-textarea]")
    textarea.wait_for()
    textarea.press_sequentially("# Plan\n\n**bold** <img src=x onerror=alert(1)>")
    preview = page.locator("#notes-preview")
    preview.locator("h1", has_text="Plan").wait_for()
    assert preview.locator("strong", has_text="bold").count() == 1
    page.locator("[data-testid=note-save]").click()
    rendered = page.locator("[data-testid=note-rendered]")
    rendered.locator("h1", has_text="Plan").wait_for()
    assert rendered.locator("strong", has_text="bold").count() == 1
    assert "onerror" not in rendered.inner_html()
    assert page.locator("[data-testid=note-message]").inner_text().startswith("Saved")
    assert services.latest_readme(record).content.startswith("# Plan")
    assert dialogs == []


@pytest.mark.django_db(transaction=True)
def test_notes_conflict_shows_the_diff_and_saves_anyway(logged_in_page, live_server):
    record = ln.Record(name="notes-conflict").save()
    services.save_readme(record, "base line")
    page = logged_in_page
    page.goto(f"{live_server.url}/lamingui/record/{record.pk}/change/")
    page.locator("[data-testid=note-rendered]").wait_for()
    page.locator("[data-testid=note-edit]").click()
    textarea = page.locator("[data-testid=note-textarea]")
    textarea.wait_for()
    services.save_readme(record, "base line\nsaved by someone else")
    textarea.fill("my own text")
    page.locator("[data-testid=note-save]").click()
    conflict = page.locator("[data-testid=note-conflict]")
    conflict.wait_for()  # the 409 fragment is swapped in
    assert "+saved by someone else" in conflict.locator("pre").first.inner_text()
    assert page.locator("[data-testid=note-textarea]").input_value() == "my own text"
    conflict.locator("button", has_text="Save anyway").click()
    page.locator("[data-testid=note-rendered]", has_text="my own text").wait_for()
    assert [v.content for v in services.history(record)][:2] == [
        "my own text",
        "base line\nsaved by someone else",
    ]
