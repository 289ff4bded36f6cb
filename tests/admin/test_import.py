"""The import pages (gui.md §7.3) and their acceptance checks (gui.md §11, Import)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.auth.models import User as AuthUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

import lamingui as ln
from lamingui.curators import _frame_write
from lamingui.models import ImportSession
from tests.factories import make_feature, make_record, make_ulabel

CSV = (
    "__lamindb_record_name__,cell_type,score\n"
    "s1,T cell,1.5\n"
    "s2,T-cell,2\n"
    "s3,Tcel,abc\n"
    "s4,B cell,4\n"
)


@pytest.fixture
def setup(db):
    make_ulabel(name="T cell")
    make_ulabel(name="B cell")
    cell_type = make_feature(name="cell_type", dtype="cat[ULabel]")
    score = make_feature(name="score", dtype="float")
    schema = ln.Schema(name="cells", features=[cell_type, score]).save()
    sample = make_record(name="Sample", is_type=True)
    return {"schema": schema, "type": sample}


def row_counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in apps.get_app_config("lamingui").get_models()
        if m._meta.db_table.startswith("lamindb_")
    }


def upload(client: Client, setup, content=CSV, name="cells.csv", **extra):
    data = {
        "file": SimpleUploadedFile(
            name, content if isinstance(content, bytes) else content.encode()
        ),
        "schema": setup["schema"].pk,
        "record_type": setup["type"].pk,
        "space": 1,
        **extra,
    }
    return client.post(reverse("admin:lamingui_import"), data)


def session_of(response) -> ImportSession:
    match = re.search(r"/import/([0-9a-f-]{36})/", response["Location"])
    return ImportSession.objects.get(pk=match.group(1))


def url(name: str, session: ImportSession, *args) -> str:
    return reverse(f"admin:lamingui_import_{name}", args=[session.pk, *args])


def validate_all(client: Client, session: ImportSession) -> int:
    """Post the column checks the page would send, one per waiting column."""
    session.refresh_from_db()
    n = 0
    for column in session.report["columns"]:
        if column.get("pending"):
            response = client.post(
                url("check", session, column["index"]), HTTP_HX_REQUEST="true"
            )
            assert response.status_code == 200, response.content.decode()[:300]
            n += 1
    session.refresh_from_db()
    return n


def cell_type_card(session: ImportSession) -> int:
    return next(
        c["index"] for c in session.report["columns"] if c["column"] == "cell_type"
    )


def map_tcel(client: Client, session: ImportSession):
    """Accept the fuzzy suggestion for 'Tcel' and keep the synonym for 'T-cell'."""
    return client.post(
        url("column", session, cell_type_card(session)),
        {
            "feature": "cell_type",
            "value_key": ["T-cell", "Tcel"],
            "value_choice": ["map:T cell", "map:T cell"],
        },
        HTTP_HX_REQUEST="true",
    )


def test_upload_page_renders_the_form(admin_client, setup):
    response = admin_client.get(reverse("admin:lamingui_import"))
    assertContains(response, 'data-testid="import-upload"')
    assertContains(response, "cells")
    assertContains(response, "validate only")
    assertContains(response, "lamingui/js/import.js")
    assertNotContains(response, "<script>")  # no inline scripts
    index = admin_client.get(reverse("admin:index"))
    assertContains(index, reverse("admin:lamingui_import"))


def test_import_validation(admin_client, setup):
    """AC-IMP-1: counts per column, a synonym pre-mapped, a suggestion, a bad score."""
    response = upload(admin_client, setup)
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assertContains(page, 'data-testid="import-summary"')
    assertContains(page, 'data-testid="import-column"', count=3)
    assertContains(page, "validated 2/4 (50.0 %)")  # cell_type
    assertContains(page, "validated 3/4 (75.0 %)")  # score
    synonym_row = re.search(
        r'data-testid="nonvalidated-value" data-value="T-cell">(.*?)</tr>', html, re.S
    ).group(1)
    assert "synonym</span>" in synonym_row
    assert '<option value="map:T cell" selected>T cell (synonym)</option>' in (
        synonym_row
    )
    tcel_row = re.search(
        r'data-testid="nonvalidated-value" data-value="Tcel">(.*?)</tr>', html, re.S
    ).group(1)
    assert re.search(r'<option value="map:T cell">T cell \(suggested, \d', tcel_row)
    assert "selected>T cell" not in tcel_row
    assertContains(page, 'data-testid="invalid-value" data-row="3"')
    assertContains(page, "row 3: <code>abc</code>")
    assertContains(page, 'data-testid="import-sample"')


def test_column_post_swaps_the_card_and_the_summary_out_of_band(admin_client, setup):
    session = session_of(upload(admin_client, setup))
    admin_client.get(url("session", session))
    session.refresh_from_db()
    response = map_tcel(admin_client, session)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="import-column"') == 1
    assert 'data-column="cell_type"' in html
    assert 'id="import-summary"' in html and 'hx-swap-oob="true"' in html
    assert '<option value="map:T cell" selected>T cell (suggested' in html
    session.refresh_from_db()
    assert session.value_map == {
        "cell_type": {"T-cell": "map:T cell", "Tcel": "map:T cell"}
    }
    assert session.report["columns"][cell_type_card(session)]["problems"] == []


def sample_statuses(html: str, row: int) -> list[str]:
    """The ``data-status`` of each cell of one sample-table row."""
    found = re.search(rf'<tr data-row="{row}">(.*?)</tr>', html, re.S)
    return re.findall(r'data-status="([^"]*)"', found.group(1))


def test_column_post_swaps_the_sample_table_out_of_band(admin_client, setup):
    """A mapping change re-badges the sample table's cells in the same response."""
    session = session_of(upload(admin_client, setup))
    page = admin_client.get(url("session", session)).content.decode()
    # row 3 is "s3,Tcel,abc": the name, an unmapped value, a bad float
    assert sample_statuses(page, 3) == ["", "invalid", "invalid"]
    assert sample_statuses(page, 2) == ["", "mapped", "validated"]  # T-cell: synonym
    session.refresh_from_db()
    html = map_tcel(admin_client, session).content.decode()
    sample = re.search(r'<div id="import-sample"[^>]*>', html).group(0)
    assert 'hx-swap-oob="true"' in sample
    assert 'data-testid="import-sample"' in html
    assert sample_statuses(html, 3) == ["", "mapped", "invalid"]
    assert sample_statuses(html, 1) == ["", "validated", "validated"]
    # the full page agrees after a reload (and has no out-of-band marker)
    page = admin_client.get(url("session", session)).content.decode()
    assert sample_statuses(page, 3) == ["", "mapped", "invalid"]
    assert "hx-swap-oob" not in page


def test_import_dry_run_writes_nothing(admin_client, setup):
    """AC-IMP-2: the default dry run returns the report; no registry changes."""
    session = session_of(upload(admin_client, setup))
    admin_client.get(url("session", session))
    session.refresh_from_db()
    map_tcel(admin_client, session)
    before = row_counts()
    response = admin_client.post(
        url("commit", session), {"dry_run": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assertContains(response, 'data-testid="import-report"')
    assertContains(response, "Dry run")
    assertContains(response, 'data-testid="report-blocked">1<')  # row 3: 'abc'
    assert row_counts() == before
    session.refresh_from_db()
    assert session.status != ImportSession.Status.COMMITTED


def commit_ready_session(client, setup) -> ImportSession:
    csv = CSV.replace("abc", "3").replace("B cell", "NK cell")
    session = session_of(upload(client, setup, csv))
    client.get(url("session", session))
    session.refresh_from_db()
    client.post(
        url("column", session, cell_type_card(session)),
        {
            "feature": "cell_type",
            "value_key": ["T-cell", "Tcel", "NK cell"],
            "value_choice": ["map:T cell", "map:T cell", "new"],
        },
    )
    session.refresh_from_db()
    return session


def test_import_commit(admin_client, setup, monkeypatch):
    """AC-IMP-3: records with names and values; new labels in the space; rollback."""
    space = ln.Space(name="lab").save()
    session = commit_ready_session(admin_client, setup)
    session.space = space
    session.save()
    # an injected failure on row 3 rolls everything back and marks the session failed
    original = _frame_write.json_cell

    def fail_on_row_3(field, value, connection):
        if value == 3.0:
            raise RuntimeError("injected failure")
        return original(field, value, connection)

    monkeypatch.setattr(_frame_write, "json_cell", fail_on_row_3)
    before = row_counts()
    response = admin_client.post(url("commit", session), {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content.decode()
    assertContains(response, 'data-testid="import-failed"')
    assertContains(response, "row 3, column &#x27;score&#x27;: injected failure")
    assert row_counts() == before
    session.refresh_from_db()
    assert session.status == ImportSession.Status.FAILED
    monkeypatch.setattr(_frame_write, "json_cell", original)
    # the real run (dry run unticked), without remembering synonyms
    response = admin_client.post(url("commit", session), {})
    assert response.status_code == 302
    assert response["Location"] == url("result", session)
    records = ln.Record.filter(type=setup["type"]).order_by("id")
    assert [r.name for r in records] == ["s1", "s2", "s3", "s4"]
    assert [r.features.get_values() for r in records] == [
        {"cell_type": "T cell", "score": 1.5},
        {"cell_type": "T cell", "score": 2.0},
        {"cell_type": "T cell", "score": 3.0},
        {"cell_type": "NK cell", "score": 4.0},
    ]
    assert ln.ULabel.get(name="NK cell").space_id == space.pk
    assert {r.space_id for r in records} == {space.pk}
    assert ln.Feature.get(name="score").synonyms is None
    session.refresh_from_db()
    assert session.status == ImportSession.Status.COMMITTED
    result = admin_client.get(url("result", session))
    assertContains(result, 'data-testid="import-result"')
    assertContains(result, "Imported 4 records")
    assertContains(
        result, reverse("admin:lamingui_record_change", args=[records[0].pk])
    )
    # a committed session cannot be committed twice
    assert admin_client.post(url("commit", session), {}).status_code == 404


def test_import_commit_remembers_synonyms_only_when_ticked(admin_client, setup):
    csv = "__lamindb_record_name__,cell_type,score_value\ns1,T cell,1\n"
    for tick, expected in (("", None), ("1", "score_value")):
        session = session_of(upload(admin_client, setup, csv))
        admin_client.get(url("session", session))
        session.refresh_from_db()
        column = next(
            c["index"]
            for c in session.report["columns"]
            if c["column"] == "score_value"
        )
        admin_client.post(url("column", session, column), {"feature": "score"})
        data = {"remember_synonyms": tick} if tick else {}
        response = admin_client.post(url("commit", session), data)
        assert response.status_code == 302, response.content
        assert ln.Feature.get(name="score").synonyms == expected


def test_real_run_refuses_blocking_errors(admin_client, setup):
    session = session_of(upload(admin_client, setup))
    before = row_counts()
    response = admin_client.post(url("commit", session), {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assertContains(response, "blocking error", status_code=422)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("a,b\n1,\xe9\n".encode("latin-1"), "x.csv", "Re-save the file as UTF-8"),
        (b"", "x.csv", "The file is empty."),
        (b"a,b\n", "x.csv", "The file has a header but no rows."),
        (b"a,a\n1,2\n", "x.csv", "Duplicate column names: a."),
        (b"a\n" + b"1\n" * 6, "x.csv", "The file has 6 rows; at most 5 are allowed."),
    ],
)
def test_import_errors(admin_client, setup, settings, content, name, message):
    """AC-IMP-4: bad files answer 422 with the specific message; nothing is stored."""
    settings.LAMINGUI_IMPORT_MAX_ROWS = 5
    response = upload(admin_client, setup, content, name)
    assert response.status_code == 422
    assertContains(response, message, status_code=422)
    assert not ImportSession.objects.exists()


def test_import_errors_for_sessions_of_others_and_expired_ones(
    admin_client, setup, client
):
    session = session_of(upload(admin_client, setup))
    other = AuthUser.objects.create_user("curator2", password="x", is_staff=True)
    other.user_permissions.add(
        Permission.objects.get(codename="add_importsession"),
        Permission.objects.get(codename="view_record"),
    )
    client.force_login(other)
    assert client.get(url("session", session)).status_code == 404
    assert client.post(url("commit", session), {"dry_run": "1"}).status_code == 404
    assert client.post(url("column", session, 0), {}).status_code == 404
    # a superuser may open anyone's session
    assert admin_client.get(url("session", session)).status_code == 200
    ImportSession.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert admin_client.get(url("session", session)).status_code == 404


def test_import_needs_the_permission(client, db):
    user = AuthUser.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:lamingui_import")).status_code == 403


def test_import_posts_need_csrf(admin_user, setup):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    data = {
        "file": SimpleUploadedFile("x.csv", CSV.encode()),
        "schema": setup["schema"].pk,
    }
    assert client.post(reverse("admin:lamingui_import"), data).status_code == 403
    assert not ImportSession.objects.exists()


def test_schema_without_features_blocks_the_upload(admin_client, setup):
    empty = ln.Schema(name="no features", itype="Feature").save()
    response = upload(admin_client, setup, schema=empty.pk)
    assertContains(
        response, "This schema has no features to validate against.", status_code=422
    )


def test_excel_and_tsv_uploads(admin_client, setup):
    import pandas as pd  # noqa: PLC0415 - only here

    buffer = io.BytesIO()
    pd.DataFrame({"cell_type": ["T cell", ""], "score": ["1", "2"]}).to_excel(
        buffer, index=False
    )
    session = session_of(upload(admin_client, setup, buffer.getvalue(), "t.xlsx"))
    assert session.delimiter == ""
    page = admin_client.get(url("session", session))
    assertContains(page, "validated 1/1 (100.0 %)")
    tsv = "cell_type\tscore\nT cell\t1\n"
    session = session_of(upload(admin_client, setup, tsv, "t.tsv"))
    assert session.delimiter == "\t"


def test_all_empty_column(admin_client, setup):
    response = upload(admin_client, setup, "cell_type,score\n,1\n,2\n")
    page = admin_client.get(response["Location"])
    assertContains(page, "All values empty")


def test_clear_imports_command(admin_client, setup):
    old = session_of(upload(admin_client, setup))
    new = session_of(upload(admin_client, setup))
    ImportSession.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=30)
    )
    out = io.StringIO()
    call_command("lamingui_clear_imports", "--older-than", "24h", stdout=out)
    assert "Deleted 1 import session(s)." in out.getvalue()
    assert list(ImportSession.objects.values_list("pk", flat=True)) == [new.pk]
