"""Notes in a real browser (AC-NOTE-7 and issue 6's browser checks).

Every XSS payload is pasted into the editor and previewed, then the whole
corpus is saved and displayed: no dialog fires and no script runs. Keyboard
shortcuts, the two-page conflict, history/diff/restore and the Python ↔ GUI
round trip run on Debian's chromium. Screenshots go to ``test-results/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import lamingui as ln
from lamingui.blocks import services
from tests.blocks.test_sanitize import XSS_PAYLOADS
from tests.factories import make_artifact

SHOTS = Path("test-results")


def change_url(live_server, host) -> str:
    model = type(host).__name__.lower()
    return f"{live_server.url}/lamingui/{model}/{host.pk}/change/"


def watch_dialogs(page, answer: dict | None = None) -> list[str]:
    """Record every dialog; dismiss it unless ``answer["accept"]`` is true."""
    dialogs: list[str] = []
    answer = answer if answer is not None else {}

    def handle(dialog) -> None:
        dialogs.append(dialog.message)
        if answer.get("accept"):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", handle)
    return dialogs


def open_editor(page):
    page.locator("[data-testid=note-edit]").click()
    textarea = page.locator("[data-testid=note-textarea]")
    textarea.wait_for()
    return textarea


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"notes-{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_xss_corpus_in_preview_and_display_fires_no_dialog(logged_in_page, live_server):
    record = ln.Record(name="xss-e2e").save()
    page = logged_in_page
    dialogs = watch_dialogs(page)
    page.goto(change_url(live_server, record))
    textarea = open_editor(page)
    preview = page.locator("[data-testid=note-preview]")
    for index, payload in enumerate(XSS_PAYLOADS):
        marker = f"payload {index}"
        try:
            with page.expect_response(lambda r: "/notes/preview/" in r.url) as answer:
                textarea.fill(f"{marker}\n\n{payload}")
            assert answer.value.status == 200
            preview.locator(f"text={marker}").wait_for()
        except Exception as error:
            raise AssertionError(f"preview of payload {index} {payload!r}") from error
        found = preview.evaluate(
            """el => [...el.querySelectorAll('*')].filter(n =>
                 ['SCRIPT','IFRAME','SVG','OBJECT','EMBED','FORM','STYLE','MATH']
                   .includes(n.tagName.toUpperCase())
                 || [...n.attributes].some(a => a.name.startsWith('on')
                     || /^\\s*(javascript|data|vbscript):/i.test(a.value)))
               .map(n => n.outerHTML)"""
        )
        assert found == [], payload
    page.wait_for_timeout(300)  # an onerror/onload would have fired by now
    assert dialogs == []
    # the whole corpus saved and displayed
    textarea.fill("\n\n".join(XSS_PAYLOADS))
    page.locator("[data-testid=note-save]").click()
    page.locator("[data-testid=note-rendered]").wait_for()
    page.wait_for_timeout(300)
    shot(page, "xss-displayed")
    assert dialogs == []
    assert services.latest_readme(record).content == "\n\n".join(XSS_PAYLOADS)


@pytest.mark.django_db(transaction=True)
def test_ctrl_enter_saves_and_esc_cancels(logged_in_page, live_server):
    record = ln.Record(name="keys-e2e").save()
    services.save_readme(record, "start")
    page = logged_in_page
    answer = {"accept": False}
    dialogs = watch_dialogs(page, answer)
    page.goto(change_url(live_server, record))
    textarea = open_editor(page)
    # Esc with unchanged text cancels at once, without asking
    textarea.press("Escape")
    page.locator("[data-testid=note-rendered]", has_text="start").wait_for()
    assert dialogs == []
    # Ctrl+Enter saves
    textarea = open_editor(page)
    textarea.fill("saved by keyboard")
    textarea.press("Control+Enter")
    page.locator("[data-testid=note-rendered]", has_text="saved by keyboard").wait_for()
    assert services.latest_readme(record).content == "saved by keyboard"
    # Esc with changed text asks; dismissing keeps the editor and the text
    textarea = open_editor(page)
    textarea.fill("unsaved words")
    textarea.press("Escape")
    assert dialogs == ["Discard your changes to this note?"]
    assert textarea.input_value() == "unsaved words"
    textarea.press("Tab")  # Tab leaves the textarea (no tab capture)
    assert page.evaluate("document.activeElement.name") != "content"
    assert textarea.input_value() == "unsaved words"
    # accepting discards the text and leaves the note as it was
    answer["accept"] = True
    textarea.press("Escape")
    page.locator("[data-testid=note-rendered]", has_text="saved by keyboard").wait_for()
    assert len(dialogs) == 2
    assert services.latest_readme(record).content == "saved by keyboard"


@pytest.mark.django_db(transaction=True)
def test_two_pages_conflict_keeps_the_text(
    logged_in_page, live_server, browser, admin_user
):
    record = ln.Record(name="two-pages").save()
    services.save_readme(record, "shared start")
    first = logged_in_page
    context = browser.new_context()
    second = context.new_page()
    second.goto(f"{live_server.url}/login/")
    second.fill("#id_username", admin_user.username)
    second.fill("#id_password", "browser-pass")  # set by logged_in_page
    second.click("input[type=submit]")
    second.wait_for_url(f"{live_server.url}/")
    try:
        for page in (first, second):
            page.goto(change_url(live_server, record))
        area_a, area_b = open_editor(first), open_editor(second)
        area_a.fill("shared start\nedit from page A")
        area_b.fill("shared start\nedit from page B")
        first.locator("[data-testid=note-save]").click()
        first.locator("[data-testid=note-rendered]", has_text="page A").wait_for()
        second.locator("[data-testid=note-save]").click()
        conflict = second.locator("[data-testid=note-conflict]")
        conflict.wait_for()
        shot(second, "conflict")
        assert "+edit from page A" in conflict.locator("pre").first.inner_text()
        assert second.locator("[data-testid=note-textarea]").input_value() == (
            "shared start\nedit from page B"
        )
        assert services.latest_readme(record).content.endswith("page A")
        second.locator("[data-testid=note-save-anyway]").click()
        second.locator("[data-testid=note-rendered]", has_text="page B").wait_for()
        assert [v.content for v in services.history(record)] == [
            "shared start\nedit from page B",
            "shared start\nedit from page A",
            "shared start",
        ]
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_history_view_diff_and_restore_in_the_browser(logged_in_page, live_server):
    record = ln.Record(name="history-e2e").save()
    services.save_readme(record, "alpha")
    services.save_readme(record, "beta")
    page = logged_in_page
    dialogs = watch_dialogs(page)
    page.goto(change_url(live_server, record))
    page.locator("[data-testid=note-history-link]", has_text="History (2)").click()
    history = page.locator("[data-testid=note-history]")
    history.wait_for()
    assert history.locator("[data-testid=note-version-row]").count() == 2
    history.locator("[data-testid=note-diff-latest]").click()
    diff = page.locator("[data-testid=note-diff]")
    diff.wait_for()
    assert "-alpha" in diff.inner_text() and "+beta" in diff.inner_text()
    page.locator("text=Back to history").click()
    page.locator("[data-testid=note-view]").nth(1).click()
    banner = page.locator("[data-testid=note-version-banner]")
    banner.wait_for()
    assert banner.inner_text() == "Older version — v1 of v2"
    shot(page, "version")
    page.locator("[data-testid=note-version] [data-testid=note-restore]").click()
    page.locator("[data-testid=note-message]", has_text="Restored v1 as v3").wait_for()
    assert page.locator("[data-testid=note-rendered]").inner_text() == "alpha"
    assert services.latest_readme(record).content == "alpha"
    assert dialogs == []


@pytest.mark.django_db(transaction=True)
def test_python_and_gui_see_the_same_latest_readme(
    logged_in_page, live_server, tmp_path, settings
):
    settings.LAMINGUI_STORAGE = str(tmp_path / "storage")
    artifact = make_artifact(tmp_path)
    ln.models.ArtifactBlock(
        artifact=artifact, content="## From Python\n\n- one\n- two", kind="readme"
    ).save()
    page = logged_in_page
    page.goto(change_url(live_server, artifact))
    rendered = page.locator("[data-testid=note-rendered]")
    rendered.locator("h2", has_text="From Python").wait_for()
    assert rendered.locator("li").count() == 2
    shot(page, "artifact-from-python")
    textarea = open_editor(page)
    textarea.fill("## From the GUI")
    page.locator("[data-testid=note-save]").click()
    rendered.locator("h2", has_text="From the GUI").wait_for()
    # the save's HX-Trigger toast is displayed (lamingui.js renders lg:toast)
    page.locator("[data-testid=toast]", has_text="Saved version v2").wait_for()
    assert ln.Artifact.get(artifact.uid).notes == "## From the GUI"


@pytest.mark.django_db(transaction=True)
def test_a_block_page_is_edited_through_the_notes_panel(logged_in_page, live_server):
    block = ln.Block(key="README.md", content="# Instance", kind="readme").save()
    page = logged_in_page
    page.goto(change_url(live_server, block))
    rendered = page.locator("[data-testid=note-rendered]")
    rendered.locator("h1", has_text="Instance").wait_for()
    assert page.locator("textarea[name=content]").count() == 0  # not in the form
    textarea = open_editor(page)
    textarea.fill("# Instance, revised")
    page.locator("[data-testid=note-save]").click()
    rendered.locator("h1", has_text="Instance, revised").wait_for()
    page.locator("[data-testid=toast]", has_text="Saved version v2").wait_for()
    shot(page, "block-page")
    assert [v.content for v in services.history("README.md")] == [
        "# Instance, revised",
        "# Instance",
    ]


@pytest.mark.django_db(transaction=True)
def test_escape_before_htmx_settles_still_cancels(logged_in_page, live_server):
    """A key pressed before htmx processed the swapped-in editor still works.

    htmx wires a swapped-in form's ``hx-*`` attributes while settling; with a
    long settle delay, Esc lands before that, and the cancel must go through.
    """
    record = ln.Record(name="keys-race").save()
    services.save_readme(record, "start")
    page = logged_in_page
    page.goto(change_url(live_server, record))
    page.locator("[data-testid=note-edit]").wait_for()
    page.evaluate("htmx.config.defaultSettleDelay = 3000")
    open_editor(page).press("Escape")
    rendered = page.locator("[data-testid=note-rendered]", has_text="start")
    rendered.wait_for(timeout=2500)  # well before the editor would have settled
