"""Type-to-filter inputs in front of long import selects (gui.md §7.3 step 1).

A select with more than 50 options (schema, record type, a value's candidate
records) gets an ``<input type="search">`` that asks the server (``hx-get``,
``input changed delay:300ms``, ``hx-sync="this:replace"``, as the search box of
§6.2.1); the server answers with the matching ``<option>``s the user may read.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

import lamingui as ln
from tests.admin.test_import import session_of, upload, url
from tests.factories import make_feature, make_record, make_schema, make_ulabel

N = 55


def options(html: str) -> list[str]:
    """Labels of the ``<option>``s with a value."""
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]*)</option>', html)


def filter_input(html: str, testid: str) -> str:
    found = re.search(rf'<input[^>]*data-testid="{testid}"[^>]*>', html, re.S)
    assert found, f"no {testid} input"
    return found.group(0)


def assert_server_filter(tag: str, target: str) -> None:
    """The trigger pattern of the global search box (gui.md §6.2.1)."""
    assert 'hx-get="' in tag
    assert 'hx-trigger="input changed delay:300ms, search"' in tag
    assert 'hx-sync="this:replace"' in tag
    assert f'hx-target="{target}"' in tag
    assert "data-filters" not in tag  # no client-side filtering


@pytest.fixture
def many(gui):
    """55 schemas and record types each in space 1, one more of each restricted."""
    for i in range(N):
        make_schema(name=f"panel {i:02d}")
        make_record(name=f"kind {i:02d}", is_type=True)
    make_schema(name="panel secret", space=gui.restricted)
    make_record(name="kind secret", is_type=True, space=gui.restricted)
    return gui


def test_short_selects_have_no_filter(admin_client, db):
    make_schema(name="only panel")
    html = admin_client.get(reverse("admin:lamingui_import")).content.decode()
    assert "only panel" in html
    assert "lamingui-import-filter" not in html


def test_long_upload_selects_get_a_server_filter(many):
    client = many.client("curator")
    html = client.get(reverse("admin:lamingui_import")).content.decode()
    schema_filter = filter_input(html, "filter-schema")
    assert_server_filter(schema_filter, "#import-schema")
    assert 'hx-include="#import-schema"' in schema_filter
    assert_server_filter(
        filter_input(html, "filter-record-type"), "#import-record-type"
    )
    # the page lists the first 50 and says there are more
    select = re.search(r'<select id="import-schema".*?</select>', html, re.S).group(0)
    assert len(options(select)) == 50
    assert 'data-testid="options-more"' in select


def test_schema_filter_answers_matching_readable_options(many):
    options_url = reverse("admin:lamingui_import_options", args=["schema"])
    curator = many.client("curator")
    html = curator.get(options_url, {"q": "panel 1"}).content.decode()
    assert options(html) == [f"panel 1{i}" for i in range(10)]
    assert 'data-testid="options-more"' not in html
    assert '<option value="">— choose a schema —</option>' in html
    assert options(curator.get(options_url, {"q": "secret"}).content.decode()) == [
        "panel secret"
    ]
    # a curator without a membership of the restricted space never sees it
    outsider = many.client("outsider")
    assert options(outsider.get(options_url, {"q": "secret"}).content.decode()) == []
    # no text: the first 50, and "more"
    html = outsider.get(options_url).content.decode()
    assert len(options(html)) == 50 and 'data-testid="options-more"' in html


def test_record_type_filter_keeps_the_selection(many):
    chosen = ln.Record.get(name="kind 03")
    options_url = reverse("admin:lamingui_import_options", args=["record_type"])
    html = (
        many.client("curator")
        .get(options_url, {"q": "kind 5", "record_type": chosen.pk})
        .content.decode()
    )
    assert options(html) == [f"kind 5{i}" for i in range(5)] + ["kind 03"]
    assert f'<option value="{chosen.pk}" selected>kind 03</option>' in html
    assert "validate only (no record type)" in html
    outsider = many.client("outsider")
    html = outsider.get(options_url, {"q": "secret"}).content.decode()
    assert options(html) == []


def test_filter_of_an_unknown_select_is_404(admin_client, db):
    options_url = reverse("admin:lamingui_import_options", args=["space"])
    assert admin_client.get(options_url).status_code == 404


def test_filter_needs_the_import_permission(client, db):
    from django.contrib.auth.models import User as AuthUser  # noqa: PLC0415 - only here

    client.force_login(AuthUser.objects.create_user("nobody", is_staff=True))
    options_url = reverse("admin:lamingui_import_options", args=["schema"])
    assert client.get(options_url).status_code == 403


@pytest.fixture
def labels(gui):
    """A ULabel feature with 60 labels to map to, one restricted."""
    for i in range(60):
        make_ulabel(name=f"tissue {i:02d}")
    make_ulabel(name="tissue secret", space=gui.restricted)
    tissue = make_feature(name="tissue", dtype="cat[ULabel]")
    schema = ln.Schema(name="tissues", features=[tissue]).save()
    kind = make_record(name="Biopsy", is_type=True)
    return {"schema": schema, "type": kind, "gui": gui}


CSV = "tissue\ntissue 01\nlungs\nlungs\n"


def test_value_candidates_get_a_server_filter(labels):
    client = labels["gui"].client("curator")
    session = session_of(upload(client, labels, CSV))
    html = client.get(url("session", session)).content.decode()
    row = re.search(r'data-value="lungs">(.*?)</tr>', html, re.S).group(1)
    tag = filter_input(row, "value-filter")
    assert_server_filter(tag, "next select")
    assert 'hx-include="closest tr"' in tag
    assert f'hx-get="{url("column", session, 0)}options/"' in tag
    # more than 50 candidates: they are not all listed in the page
    assert "tissue 59" not in row


def test_value_filter_lists_matching_readable_records(labels):
    gui = labels["gui"]
    curator = gui.client("curator")
    session = session_of(upload(curator, labels, CSV))
    curator.get(url("session", session))
    options_url = url("value_options", session, 0)
    html = curator.get(
        options_url, {"value_key": "lungs", "value_choice": "", "q": "ssue 4"}
    ).content.decode()
    assert [o for o in options(html) if o.startswith("tissue")] == [
        f"tissue 4{i}" for i in range(10)
    ]
    assert "create new record" in html and "leave empty" in html
    assert options(
        curator.get(options_url, {"value_key": "lungs", "q": "secret"}).content.decode()
    )[:1] == ["tissue secret"]
    # picking one maps the value: the column form posts it as usual
    response = curator.post(
        url("column", session, 0),
        {
            "feature": "tissue",
            "value_key": ["lungs"],
            "value_choice": ["map:tissue 42"],
        },
        HTTP_HX_REQUEST="true",
    )
    assert '<option value="map:tissue 42" selected>tissue 42</option>' in (
        response.content.decode()
    )
    session.refresh_from_db()
    assert session.report["columns"][0]["problems"] == []
    # the current choice stays selected in a later filter answer
    html = curator.get(
        options_url,
        {"value_key": "lungs", "value_choice": "map:tissue 42", "q": "ssue 1"},
    ).content.decode()
    assert '<option value="map:tissue 42" selected>tissue 42</option>' in html


def test_value_filter_hides_records_of_unreadable_spaces(labels):
    outsider = labels["gui"].client("outsider")
    session = session_of(upload(outsider, labels, CSV))
    outsider.get(url("session", session))
    html = outsider.get(
        url("value_options", session, 0), {"value_key": "lungs", "q": "secret"}
    ).content.decode()
    assert [o for o in options(html) if o.startswith("tissue")] == []


def test_value_filter_of_unknown_values_and_columns_is_404(labels):
    client = labels["gui"].client("curator")
    session = session_of(upload(client, labels, CSV))
    client.get(url("session", session))
    options_url = url("value_options", session, 0)
    assert client.get(options_url, {"value_key": "nope"}).status_code == 404
    assert client.get(url("value_options", session, 7)).status_code == 404
    # another user's session
    other = labels["gui"].client("admin")
    assert other.get(options_url, {"value_key": "lungs"}).status_code == 200
    viewer = labels["gui"].client("outsider")
    assert viewer.get(options_url, {"value_key": "lungs"}).status_code == 404


def test_few_candidates_are_listed_in_the_select(admin_client, db):
    make_ulabel(name="liver")
    make_ulabel(name="kidney")
    organ = make_feature(name="organ", dtype="cat[ULabel]")
    schema = ln.Schema(name="organs", features=[organ]).save()
    kind = make_record(name="Organ sample", is_type=True)
    session = session_of(
        upload(admin_client, {"schema": schema, "type": kind}, "organ\nlungs\n")
    )
    html = admin_client.get(url("session", session)).content.decode()
    row = re.search(r'data-value="lungs">(.*?)</tr>', html, re.S).group(1)
    assert '<option value="map:kidney">kidney</option>' in row
    assert '<option value="map:liver">liver</option>' in row
    assert "value-filter" not in row
