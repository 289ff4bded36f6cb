"""Big uploads validate column by column (issue 7 item 3): the page renders the
stored per-column results and never re-validates; waiting columns are
placeholder cards that load themselves one at a time; the summary shows the
progress; commit waits for every column; the upload is parsed once."""

from __future__ import annotations

import re

import pytest
from pytest_django.asserts import assertContains

import lamingui as ln
from lamingui.curators import frame as frame_module
from lamingui.models import ImportSession
from lamingui.panels import imports as panel
from tests.admin.test_import import (
    cell_type_card,
    row_counts,
    session_of,
    upload,
    url,
    validate_all,
)
from tests.factories import make_feature, make_record, make_ulabel

# names, cell_type, score: three columns to validate
N_COLUMNS = 3


@pytest.fixture
def setup(db):
    """The schema of ``tests.admin.test_import``: cell_type (ULabel) and score."""
    make_ulabel(name="T cell")
    make_ulabel(name="B cell")
    cell_type = make_feature(name="cell_type", dtype="cat[ULabel]")
    score = make_feature(name="score", dtype="float")
    schema = ln.Schema(name="cells", features=[cell_type, score]).save()
    return {"schema": schema, "type": make_record(name="Sample", is_type=True)}


@pytest.fixture
def chunked(settings):
    """Every upload validates column by column, as a big one does."""
    settings.LAMINGUI_IMPORT_INLINE_CELLS = 0


def calls_of(monkeypatch, module, name: str) -> list[tuple]:
    """Record the calls of ``module.name`` (still calling through)."""
    calls: list[tuple] = []
    original = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def refuse_validation(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("validated on page load")

    monkeypatch.setattr(panel, "check_column", fail)
    monkeypatch.setattr(frame_module, "check_column", fail)
    monkeypatch.setattr(frame_module, "analyse", fail)


def progress(html: str) -> tuple[int, int]:
    found = re.search(
        r'data-testid="summary-checked">(\d+)</strong> of (\d+) column', html
    )
    return int(found.group(1)), int(found.group(2))


def test_page_load_runs_no_validation(
    admin_client, setup, chunked, monkeypatch, django_assert_max_num_queries
):
    session = session_of(upload(admin_client, setup))
    validate_all(admin_client, session)
    admin_client.get(url("session", session))  # warm caches (user link, perms)
    refuse_validation(monkeypatch)
    reads = calls_of(monkeypatch, panel, "read_table")
    panel._FRAMES.clear()  # a page load needs no parsed table either
    with django_assert_max_num_queries(12):
        page = admin_client.get(url("session", session))
    assert page.status_code == 200
    assert reads == []
    assertContains(page, "validated 2/4 (50.0 %)")  # cell_type, from the report
    assertContains(page, "row 3: <code>abc</code>")
    assertContains(page, 'data-testid="import-sample"')
    assert progress(page.content.decode()) == (N_COLUMNS, N_COLUMNS)


def test_after_upload_columns_wait_as_self_loading_placeholders(
    admin_client, setup, chunked, monkeypatch
):
    checks = calls_of(monkeypatch, panel, "check_column")
    session = session_of(upload(admin_client, setup))
    assert checks == []  # the upload only parses and plans
    assert session.status == ImportSession.Status.DRAFT
    assert all(c["pending"] for c in session.report["columns"])
    html = admin_client.get(url("session", session)).content.decode()
    assert checks == []
    assert html.count('data-pending="true"') == N_COLUMNS
    # one card loads itself; the others wait for it
    loading = re.findall(r'hx-post="([^"]+)" hx-trigger="load"', html)
    assert loading == [url("check", session, 0)]
    assert progress(html) == (0, N_COLUMNS)
    assert '<progress max="3" value="0"' in html
    assert 'data-complete="false"' in html
    assert re.search(r'data-testid="commit-button" disabled', html)


def test_chunk_endpoint_validates_one_column(admin_client, setup, chunked, monkeypatch):
    session = session_of(upload(admin_client, setup))
    index = cell_type_card(session)
    checks = calls_of(monkeypatch, panel, "check_column")
    response = admin_client.post(url("check", session, index), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert [call[4] for call in checks] == [index]  # that column only
    html = response.content.decode()
    card = re.search(r'<form[^>]*data-column="cell_type"[^>]*>', html).group(0)
    assert "hx-swap-oob" not in card  # the target card
    assert "validated 2/4 (50.0 %)" in html
    # out of band: the summary with its progress, the sample, the next card
    assert re.search(r'id="import-summary"[^>]*hx-swap-oob="true"', html)
    assert progress(html) == (1, N_COLUMNS)
    assert re.search(r'id="import-sample"[^>]*hx-swap-oob="true"', html)
    nxt = re.findall(r'<div[^>]*data-pending="true"[^>]*>', html)
    assert len(nxt) == 1 and 'hx-swap-oob="true"' in nxt[0]
    assert 'data-column="__lamindb_record_name__"' in nxt[0]
    assert f'hx-post="{url("check", session, 0)}" hx-trigger="load"' in html
    session.refresh_from_db()
    pending = [c["column"] for c in session.report["columns"] if c["pending"]]
    assert pending == ["__lamindb_record_name__", "score"]
    # checking it again changes nothing and validates nothing
    admin_client.post(url("check", session, index), HTTP_HX_REQUEST="true")
    assert len(checks) == 1
    assert admin_client.post(url("check", session, 9)).status_code == 404
    assert admin_client.get(url("check", session, index)).status_code == 405


def test_summary_progress_until_complete(admin_client, setup, chunked):
    session = session_of(upload(admin_client, setup))
    seen = []
    for index in range(N_COLUMNS):
        html = admin_client.post(
            url("check", session, index), HTTP_HX_REQUEST="true"
        ).content.decode()
        seen.append(progress(html))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert 'data-complete="true"' in html
    assert "<progress" not in html
    assert 'data-pending="true"' not in html  # no card left waiting
    assert 'data-testid="summary-blocking">2<' in html  # 'Tcel' and 'abc'
    session.refresh_from_db()
    assert session.status == ImportSession.Status.DRAFT  # blocking errors remain
    assert session.report["n_rows_blocked"] == 1  # row 3 in both columns


def test_commit_refused_while_incomplete(admin_client, setup, chunked):
    csv = "__lamindb_record_name__,cell_type,score\ns1,T cell,1\ns2,B cell,2\n"
    session = session_of(upload(admin_client, setup, csv))
    admin_client.post(url("check", session, 1), HTTP_HX_REQUEST="true")
    before = row_counts()
    for data in ({"dry_run": "1"}, {}):
        response = admin_client.post(
            url("commit", session), data, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 422
        assertContains(
            response, "Validation is still running (1 of 3 columns validated)", 1, 422
        )
    assert row_counts() == before
    validate_all(admin_client, session)
    assert session.status == ImportSession.Status.VALIDATED
    response = admin_client.post(url("commit", session), {})
    assert response.status_code == 302
    assert row_counts() != before


def test_column_post_revalidates_that_column_only(admin_client, setup, monkeypatch):
    session = session_of(upload(admin_client, setup))  # small: validated at upload
    assert session.status == ImportSession.Status.DRAFT
    assert not any(c["pending"] for c in session.report["columns"])
    checks = calls_of(monkeypatch, panel, "check_column")
    index = cell_type_card(session)
    response = admin_client.post(
        url("column", session, index),
        {"feature": "cell_type", "value_key": ["Tcel"], "value_choice": ["new"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert [call[4] for call in checks] == [index]
    session.refresh_from_db()
    assert session.report["to_create"] == {"ULabel": ["Tcel"]}
    assert session.report["columns"][index]["n_rows_blocked"] == 0
    assert session.report["n_rows_blocked"] == 1  # the bad score, kept from before


def test_moving_a_feature_sends_the_other_column_back_to_validation(
    admin_client, setup
):
    csv = "name,cell type,cell_type\ns1,B cell,T cell\n"
    session = session_of(upload(admin_client, setup, csv))
    columns = {c["column"]: c for c in session.report["columns"]}
    assert columns["cell_type"]["feature"] == "cell_type"  # the exact name
    assert columns["cell type"]["feature"] is None  # its feature is taken
    response = admin_client.post(
        url("column", session, columns["cell type"]["index"]),
        {"feature": "cell_type"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    session.refresh_from_db()
    after = {c["column"]: c for c in session.report["columns"]}
    assert after["cell type"]["feature"] == "cell_type"
    assert not after["cell type"]["pending"]
    # 'cell_type' lost its feature: its card swaps (out of band) to "not imported"
    assert after["cell_type"]["feature"] is None
    assert not after["cell_type"]["pending"]  # nothing to validate
    card = re.search(r'<form[^>]*data-column="cell_type"[^>]*>', html).group(0)
    assert 'hx-swap-oob="true"' in card
    assert "Not imported." in html
    # ignoring 'cell type' gives 'cell_type' its exact feature back: it waits
    # for validation and its card loads itself
    html = admin_client.post(
        url("column", session, 1), {"feature": ""}, HTTP_HX_REQUEST="true"
    ).content.decode()
    placeholder = re.search(r'<div[^>]*data-column="cell_type"[^>]*>', html).group(0)
    assert 'hx-swap-oob="true"' in placeholder
    assert f'hx-post="{url("check", session, 2)}" hx-trigger="load"' in placeholder
    assert progress(html) == (0, 1)
    assert validate_all(admin_client, session) == 1
    assert session.report["columns"][1]["kind"] == "ignored"
    assert session.report["columns"][2]["n_validated"] == 1  # 'T cell'
