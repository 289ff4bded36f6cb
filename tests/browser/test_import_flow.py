"""Import a CSV in a real browser: suggestions, dry run, commit (issue 7, check 2;
gui.md §11 AC-IMP-6: a mapping change swaps its card, the summary and the
sample table's badges without a reload). The upload validates column by column,
as a big one does (issue 7 item 3): the cards load themselves one at a time while
the summary counts them, and commit stays disabled until all are done."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import expect

import lamingui as ln
from tests.factories import make_feature, make_record, make_ulabel

RESULTS = Path(__file__).resolve().parents[2] / "test-results"
CSV = (
    "__lamindb_record_name__,cell_type,score\n"
    "donor 1,T cell,1.5\n"
    "donor 2,T-cell,2\n"
    "donor 3,Tcel,3\n"
)


def row_counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in apps.get_app_config("lamingui").get_models()
        if m._meta.db_table.startswith("lamindb_")
    }


@pytest.mark.django_db(transaction=True)
def test_import_e2e_csv_in_the_browser(logged_in_page, live_server, tmp_path, settings):
    settings.LAMINGUI_IMPORT_INLINE_CELLS = 0  # validate in chunks, even this one
    make_ulabel(name="T cell")
    make_ulabel(name="B cell")
    cell_type = make_feature(name="cell_type", dtype="cat[ULabel]")
    score = make_feature(name="score", dtype="float")
    schema = ln.Schema(name="browser cells", features=[cell_type, score]).save()
    sample = make_record(name="Browser sample", is_type=True)
    path = tmp_path / "cells.csv"
    path.write_text(CSV)
    page = logged_in_page
    page.goto(f"{live_server.url}/")
    page.click("a.lamingui-import-link")
    page.set_input_files("#import-file", str(path))
    page.select_option("#import-schema", str(schema.pk))
    page.select_option("#import-record-type", str(sample.pk))
    page.click("[data-testid=import-upload] [type=submit]")
    summary = page.locator("[data-testid=import-summary]")
    summary.wait_for()
    # the columns validate themselves, one request each; then commit is enabled
    expect(summary.locator("[data-testid=summary-progress]")).to_contain_text(
        "validated 3 of 3 columns", timeout=15_000
    )
    expect(summary).to_have_attribute("data-complete", "true")
    expect(page.locator("[data-pending=true]")).to_have_count(0)
    expect(page.locator("[data-testid=commit-button]")).to_be_enabled()
    card = page.locator("[data-testid=import-column][data-column=cell_type]")
    assert "validated 1/3" in card.locator("[data-testid=validated-count]").inner_text()
    # the synonym is pre-selected; the misspelling only suggested
    synonym = card.locator("[data-testid=nonvalidated-value][data-value='T-cell']")
    assert "synonym" in synonym.inner_text()
    assert synonym.locator("select").input_value() == "map:T cell"
    typo = card.locator("[data-testid=nonvalidated-value][data-value='Tcel']")
    assert typo.locator("select").input_value() == ""
    assert summary.locator("[data-testid=summary-blocking]").inner_text() == "1"
    tcel_cell = page.locator("[data-testid=import-sample] tr[data-row='3'] td").nth(2)
    assert tcel_cell.get_attribute("data-status") == "invalid"
    page.evaluate("window.__lgNoReload = true")
    # accept the suggestion: only the card swaps, the summary updates in place
    typo.locator("select").select_option("map:T cell")
    expect(page.locator("[data-testid=summary-blocking]")).to_have_text("0")
    tcel_cell = page.locator("[data-testid=import-sample] tr[data-row='3'] td").nth(2)
    expect(tcel_cell).to_have_attribute("data-status", "mapped")
    expect(tcel_cell.locator(".lamingui-badge")).to_have_text("mapped")
    assert page.evaluate("window.__lgNoReload") is True  # same document: no reload
    card = page.locator("[data-testid=import-column][data-column=cell_type]")
    typo = card.locator("[data-testid=nonvalidated-value][data-value='Tcel']")
    assert typo.locator("select").input_value() == "map:T cell"
    # dry run (checked by default): a report, the database unchanged
    before = row_counts()
    assert page.locator("[data-testid=dry-run]").is_checked()
    page.click("[data-testid=commit-button]")
    report = page.locator("[data-testid=import-report]")
    report.wait_for()
    assert "Dry run" in report.inner_text()
    assert page.locator("[data-testid=report-records]").inner_text() == "3"
    assert row_counts() == before
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "import-dry-run.png"), full_page=True)
    # the real import
    page.uncheck("[data-testid=dry-run]")
    page.click("[data-testid=commit-button]")
    page.locator("[data-testid=import-result]").wait_for()
    page.screenshot(path=str(RESULTS / "import-result.png"), full_page=True)
    records = ln.Record.filter(type=sample).order_by("id")
    assert [r.name for r in records] == ["donor 1", "donor 2", "donor 3"]
    assert [r.features.get_values() for r in records] == [
        {"cell_type": "T cell", "score": 1.5},
        {"cell_type": "T cell", "score": 2.0},
        {"cell_type": "T cell", "score": 3.0},
    ]
