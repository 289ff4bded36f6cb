"""Trash in a real browser: trash two records from the changelist, restore them."""

from __future__ import annotations

from pathlib import Path

import pytest

import lamingui as ln

RESULTS = Path("test-results")


@pytest.mark.django_db(transaction=True)
def test_trash_two_records_and_restore_them(logged_in_page, live_server):
    kind = ln.Record(name="Browser kind", is_type=True).save()
    members = [ln.Record(name=f"browser member {i}", type=kind).save() for i in (1, 2)]
    page = logged_in_page
    page.goto(f"{live_server.url}/lamingui/record/{kind.pk}/delete/")
    preview = page.locator("[data-testid=trash-preview]")
    assert "browser member 1" in preview.inner_text()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "trash-preview.png"), full_page=True)
    page.click("[data-testid=confirm-trash]")
    page.wait_for_url(f"{live_server.url}/lamingui/record/")
    assert {r.branch_id for r in ln.Record.objects.filter(type=kind)} == {-1}
    # the trash page lists the type and its two members
    page.goto(f"{live_server.url}/trash/")
    assert page.locator("[data-testid=trash-row]").count() == 3
    page.screenshot(path=str(RESULTS / "trash.png"), full_page=True)
    # restore the two members and their type from the changelist's trash view
    page.goto(f"{live_server.url}/lamingui/record/?branch=trash")
    for record in (kind, *members):
        page.check(f"input.action-select[value='{record.pk}']")
    page.select_option("select[name=action]", "restore_from_trash")
    page.click("button[name=index]")
    page.locator(".messagelist", has_text="Restored 3 records").wait_for()
    page.screenshot(path=str(RESULTS / "trash-restored.png"), full_page=True)
    assert {r.branch_id for r in ln.Record.objects.filter(pk__in=[kind.pk])} == {1}
    assert {r.branch_id for r in ln.Record.objects.filter(type=kind)} == {1}
    page.goto(f"{live_server.url}/lamingui/record/")
    assert page.locator("#result_list", has_text="browser member 2").count() == 1


@pytest.mark.django_db(transaction=True)
def test_trash_e2e_ac_trash_6_restore_selected_without_reload(
    logged_in_page, live_server
):
    """AC-TRASH-6: two rows restored over htmx leave the table, a toast counts them."""
    gone = [ln.Record(name=f"htmx restore {i}").save() for i in (1, 2)]
    kept = ln.Record(name="htmx stays").save()
    for record in (*gone, kept):
        record.delete()
    page = logged_in_page
    page.goto(f"{live_server.url}/trash/")
    page.evaluate("window.lgNoReload = true")
    for record in gone:
        page.check(f"[data-testid=trash-select][value='record:{record.pk}']")
    page.click("[data-testid=trash-restore-selected]")
    page.locator("[data-testid=toast]", has_text="Restored 2 records").wait_for()
    for record in gone:
        page.locator(f"#trash-row-record-{record.pk}").wait_for(state="detached")
    assert page.evaluate("window.lgNoReload") is True  # no page load happened
    assert page.locator("[data-testid=trash-row]").count() == 1
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "trash-restored-htmx.png"), full_page=True)
    page.goto(f"{live_server.url}/lamingui/record/")
    for record in gone:
        assert page.locator("#result_list", has_text=record.name).count() == 1


@pytest.mark.django_db(transaction=True)
def test_trash_e2e_conflict_fragment_is_swapped_in(logged_in_page, live_server):
    """A 409 restore conflict is shown on the page; nothing is restored."""
    kind = ln.Record(name="Conflict kind", is_type=True).save()
    member = ln.Record(name="conflict member", type=kind).save()
    kind.delete()
    page = logged_in_page
    page.goto(f"{live_server.url}/trash/?q=conflict+member")
    row = page.locator(f"#trash-row-record-{member.pk}")
    row.locator("[data-testid=trash-restore]").click()
    conflict = page.locator("#trash-feedback [data-testid=trash-conflict]")
    conflict.wait_for()
    assert "Conflict kind" in conflict.inner_text()
    assert row.count() == 1
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "trash-conflict.png"), full_page=True)
    assert ln.Record.objects.get(pk=member.pk).branch_id == -1
    # the purge of the member: type the phrase, the row leaves the page
    page.check(f"[data-testid=trash-select][value='record:{member.pk}']")
    page.click("[data-testid=trash-purge-open]")
    page.fill("[data-testid=trash-purge-confirm]", "delete 1")
    page.click("[data-testid=trash-purge-selected]")
    page.locator(
        "[data-testid=toast]", has_text="Deleted 1 record permanently"
    ).wait_for()
    row.wait_for(state="detached")
    assert not ln.Record.objects.filter(pk=member.pk).exists()
