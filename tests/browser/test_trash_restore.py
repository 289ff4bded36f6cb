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
