"""gui.md §8.3, enforcement point "import": the target space must be writable and
categorical values validate only against records the user may read.

A record of a private space must not validate, be suggested, listed, mapped or
linked for a curator without membership, and its name never reaches the page.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User as AuthUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import lamingui as ln
from lamingui.models import ImportSession
from lamingui.models.access import SpaceMembership
from lamingui.models.links import RecordULabel
from tests.factories import make_feature, make_record, make_ulabel

CSV = (
    "__lamindb_record_name__,cell_type,score\n"
    "s1,T cell,1\n"
    "s2,Secret cell,2\n"
    "s3,Secret cel,3\n"
)


@pytest.fixture
def hidden(gui):
    """ULabels "Secret cell" and "Hidden neighbour" in the restricted space."""
    make_ulabel(name="T cell")
    secret = make_ulabel(name="Secret cell", space=gui.restricted)
    make_ulabel(name="Hidden neighbour", space=gui.restricted)
    cell_type = make_feature(name="cell_type", dtype="cat[ULabel]")
    score = make_feature(name="score", dtype="float")
    schema = ln.Schema(name="cells", features=[cell_type, score]).save()
    sample = make_record(name="Sample", is_type=True)
    return {"gui": gui, "schema": schema, "type": sample, "secret": secret}


def upload(client: Client, hidden, space: int = 1) -> ImportSession:
    response = client.post(
        reverse("admin:lamingui_import"),
        {
            "file": SimpleUploadedFile("cells.csv", CSV.encode()),
            "schema": hidden["schema"].pk,
            "record_type": hidden["type"].pk,
            "space": space,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    match = re.search(r"/import/([0-9a-f-]{36})/", response["Location"])
    return ImportSession.objects.get(pk=match.group(1))


def url(name: str, session: ImportSession, *args) -> str:
    return reverse(f"admin:lamingui_import_{name}", args=[session.pk, *args])


def card(session: ImportSession) -> int:
    session.refresh_from_db()
    return next(
        c["index"] for c in session.report["columns"] if c["column"] == "cell_type"
    )


def test_import_validates_only_against_visible_records(hidden):
    client = hidden["gui"].client("outsider")
    session = upload(client, hidden)
    html = client.get(url("session", session)).content.decode()
    assert "validated 1/3 (33.3 %)" in html
    assert 'data-testid="nonvalidated-value" data-value="Secret cell"' in html
    assert "map:Secret" not in html  # no suggestion, synonym or candidate names it
    assert "Hidden neighbour" not in html  # a name the CSV does not hold: nowhere
    assert 'value="map:T cell"' in html  # readable candidates are listed
    options = client.get(
        url("value_options", session, card(session)),
        {"value_key": "Secret cel", "q": "e"},
    ).content.decode()
    assert "Secret" not in options
    assert "Hidden" not in options


def test_import_commit_cannot_link_to_an_unreadable_record(hidden):
    client = hidden["gui"].client("outsider")
    session = upload(client, hidden)
    client.get(url("session", session))
    response = client.post(
        url("column", session, card(session)),
        {
            "feature": "cell_type",
            "value_key": ["Secret cell", "Secret cel"],
            "value_choice": ["map:Secret cell", "map:Secret cell"],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "map:Secret" not in response.content.decode()  # the choice is refused
    n_records = ln.Record.objects.count()
    response = client.post(url("commit", session), {"dry_run": ""})
    assert response.status_code == 422
    assert "blocking" in response.content.decode()
    assert ln.Record.objects.count() == n_records
    assert not RecordULabel.objects.filter(value=hidden["secret"]).exists()


def test_import_member_sees_the_record_validated_and_links_it(hidden):
    client = hidden["gui"].client("curator")
    session = upload(client, hidden)
    html = client.get(url("session", session)).content.decode()
    assert "validated 2/3 (66.7 %)" in html
    assert "Hidden neighbour" in html  # a candidate the member may read
    client.post(
        url("column", session, card(session)),
        {"feature": "cell_type", "value_key": ["Secret cel"], "value_choice": ["new"]},
        HTTP_HX_REQUEST="true",
    )
    response = client.post(url("commit", session), {"dry_run": ""})
    assert response.status_code == 302, response.content.decode()[:500]
    assert RecordULabel.objects.filter(value=hidden["secret"]).count() == 1


def test_import_target_space_must_be_writable(hidden):
    gui = hidden["gui"]
    client = gui.client("outsider")
    response = client.post(
        reverse("admin:lamingui_import"),
        {
            "file": SimpleUploadedFile("cells.csv", CSV.encode()),
            "schema": hidden["schema"].pk,
            "space": gui.restricted.pk,
        },
    )
    assert response.status_code == 422
    assert "Choose a valid space." in response.content.decode()
    # a member whose write role is taken away: no "create new", no commit
    member = gui.client("curator")
    session = upload(member, hidden, space=gui.restricted.pk)
    assert "create new record" in member.get(url("session", session)).content.decode()
    handle = AuthUser.objects.get(username="curator").username
    SpaceMembership.objects.filter(user__handle=handle).update(role="read")
    html = member.get(url("session", session)).content.decode()
    assert "create new record" not in html
    response = member.post(url("commit", session), {"dry_run": ""})
    assert response.status_code == 403
