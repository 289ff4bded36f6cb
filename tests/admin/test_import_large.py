"""Large tables stay usable (issue 7, item 3): the import page and the stored
report are bounded whatever the number of rows, and the page's queries do not
grow with them (gui.md §7.3: top 50 non-validated values, 20 failing rows, a
20-row sample)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import lamingui as ln
from lamingui.models import ImportSession
from tests.admin.test_import import (
    cell_type_card,
    session_of,
    upload,
    url,
    validate_all,
)
from tests.factories import make_feature, make_record, make_ulabel

PAGE_BYTES = 200_000
REPORT_BYTES = 40_000


def table(n_rows: int) -> str:
    """Record names, a categorical column with many distinct values (most not
    validated, a few a synonym), a float column with a bad value every 50 rows,
    and seven free-text columns."""
    lines = [
        "__lamindb_record_name__,cell_type,score," + ",".join(f"t{i}" for i in range(7))
    ]
    for i in range(n_rows):
        kind = ("T cell", "B cell", "T-cell")[i % 3] if i % 4 else f"type {i // 4}"
        score = "oops" if i % 50 == 7 else str(i / 10)
        texts = ",".join(f"text {i} {j}" for j in range(7))
        lines.append(f"row {i},{kind},{score},{texts}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def setup(db):
    make_ulabel(name="T cell")
    make_ulabel(name="B cell")
    features = [
        make_feature(name="cell_type", dtype="cat[ULabel]"),
        make_feature(name="score", dtype="float"),
        *(make_feature(name=f"t{i}", dtype="str") for i in range(7)),
    ]
    schema = ln.Schema(name="big cells", features=features).save()
    return {"schema": schema, "type": make_record(name="Big sample", is_type=True)}


def page_queries(client, session) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("session", session))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_large_file_page_and_report_stay_small(admin_client, setup, settings):
    settings.LAMINGUI_IMPORT_MAX_ROWS = 50_000
    settings.LAMINGUI_IMPORT_INLINE_CELLS = 0  # both validate column by column
    small = session_of(upload(admin_client, setup, table(200)))
    big = session_of(upload(admin_client, setup, table(20_000)))
    # before validation: placeholders, the same page for both sizes
    n_small, small_html = page_queries(admin_client, small)
    n_big, html = page_queries(admin_client, big)
    assert n_big == n_small
    assert html.count('data-pending="true"') == 10  # the names and 9 features
    assert html.count('hx-trigger="load"') == 1  # one column validates at a time
    assert validate_all(admin_client, small) == validate_all(admin_client, big) == 10
    admin_client.get(url("session", small))  # warm caches (user link, content types)
    n_small, small_html = page_queries(admin_client, small)
    n_big, html = page_queries(admin_client, big)
    assert n_big == n_small  # constant in the number of rows
    assert len(html) < 1.1 * len(small_html)  # 100 times the rows, same page
    assert len(html.encode()) < PAGE_BYTES, len(html.encode())
    assert html.count("<tr data-row=") == 20  # the sample: 20 rows
    assert 'data-pending="true"' not in html
    assert "validated <strong" in html and ">10</strong> of 10 columns" in html
    big.refresh_from_db()
    stored = json.dumps(big.report)
    assert len(stored) < REPORT_BYTES, len(stored)
    column = big.report["columns"][cell_type_card(big)]
    assert column["n_nonvalidated"] == 5000 + 1  # "type 0" … "type 4999", "T-cell"
    assert len(column["nonvalidated"]) == 50
    assert html.count('data-testid="nonvalidated-value"') == 50
    assert "4951 more non-validated values not listed." in html
    score = next(c for c in big.report["columns"] if c["column"] == "score")
    assert score["n_invalid"] == 400 and len(score["invalid"]) == 20
    assert html.count('data-testid="invalid-value"') == 20
    # a mapping change answers with one card, the summary and the sample: small too
    response = admin_client.post(
        url("column", big, cell_type_card(big)),
        {"feature": "cell_type", "any_choice": "new"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert len(response.content) < PAGE_BYTES / 2
    big.refresh_from_db()
    assert big.report["n_to_create"] == {"ULabel": 5000}  # not "T-cell": a synonym
    assert len(big.report["to_create"]["ULabel"]) == 50
    assert len(json.dumps(big.report)) < REPORT_BYTES
    assert big.status == ImportSession.Status.DRAFT  # the bad scores still block
