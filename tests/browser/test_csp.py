"""Every GUI page works under the Content-Security-Policy and violates none of it.

The policy forbids inline scripts (``lamingui.csp``). A listener installed
before any page script collects ``securitypolicyviolation`` events, and the
console is watched for Chrome's "Refused to …" messages, on the main pages:
login, index, a changelist, change pages with their panels, search and trash.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import lamingui as ln
from lamingui.blocks import services
from lamingui.csp import HEADER
from tests.factories import make_artifact

SHOTS = Path("test-results")

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")
                    + " @" + e.sourceFile + ":" + e.lineNumber);
});
"""


def watch(page) -> list[str]:
    """Collect CSP complaints of ``page`` (events via init script, console)."""
    console: list[str] = []
    page.add_init_script(COLLECT)
    page.on(
        "console",
        lambda msg: (
            console.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return console


def violations(page, console: list[str]) -> list[str]:
    return [*page.evaluate("window.__csp || []"), *console]


@pytest.mark.django_db(transaction=True)
def test_login_page_sends_the_policy_and_violates_nothing(browser, live_server):
    page = browser.new_page()
    console = watch(page)
    response = page.goto(f"{live_server.url}/login/")
    directives = dict(
        part.strip().split(" ", 1)
        for part in response.headers[HEADER.lower()].split(";")
    )
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"  # X_FRAME_OPTIONS = SAMEORIGIN
    page.locator("#id_username").wait_for()
    assert violations(page, console) == []
    # the watch sees a violation when there is one, and the browser blocks it
    page.evaluate(
        """document.body.insertAdjacentHTML("beforeend",
             '<img src="/static/missing.png" onerror="window.__ran = 1">')"""
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in violations(page, console))
    page.close()


@pytest.mark.django_db(transaction=True)
def test_main_pages_violate_no_policy_and_panels_work(
    logged_in_page, live_server, tmp_path, settings
):
    settings.LAMINGUI_STORAGE = str(tmp_path / "storage")
    page = logged_in_page
    console = watch(page)
    base = live_server.url
    record = ln.Record(name="csp-record").save()
    services.save_readme(record, "# Record notes\n\n<script>alert(1)</script>")
    services.add_comment(record, "a *comment*")
    artifact = make_artifact(tmp_path)
    trashed = ln.Record(name="csp-trashed").save()
    trashed.delete()

    seen: dict[str, list[str]] = {}

    def visit(name: str, path: str, ready: str) -> None:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, (name, response.status)
        assert HEADER.lower() in response.headers, name
        page.locator(ready).first.wait_for()
        page.wait_for_load_state("networkidle")
        seen[name] = violations(page, console)
        page.screenshot(path=str(SHOTS / f"csp-{name}.png"), full_page=True)

    SHOTS.mkdir(exist_ok=True)
    visit("index", "/", "#content")
    visit("changelist", "/lamingui/record/", "#result_list")
    visit(
        "record-change",
        f"/lamingui/record/{record.pk}/change/",
        "[data-testid=note-rendered] h1",
    )
    # the panels loaded by htmx under the policy
    assert page.locator("[data-testid=comment]").count() == 1
    page.locator("[data-testid=note-history-link]").click()
    page.locator("[data-testid=note-history]").wait_for()
    visit(
        "artifact-change",
        f"/lamingui/artifact/{artifact.pk}/change/",
        "[data-testid=empty-notes]",
    )
    page.locator("#panel-versions h2, #panel-versions table").first.wait_for()
    visit("search", "/search/?q=csp", "#content")
    visit("trash", "/trash/", "#content")
    assert seen == {name: [] for name in seen}, seen
    assert len(seen) == 6
