"""Trash page writes over htmx: several rows, fragments, toasts (gui.md §6.7.3)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import lamingui as ln
from tests.admin.conftest import HX
from tests.factories import make_record, make_ulabel

pytestmark = pytest.mark.django_db

RESTORE = "admin:lamingui_trash_restore_many"
PURGE = "admin:lamingui_trash_purge"


def branch_of(record) -> int:
    return type(record).objects.get(pk=record.pk).branch_id


def toast(response) -> dict:
    return json.loads(response["HX-Trigger"])["lg:toast"]


@pytest.fixture
def two_gone(db):
    record = make_record(name="gone record")
    label = make_ulabel(name="gone label")
    record.delete()
    label.delete()
    return record, label


def items(*pairs) -> dict:
    return {"items": [f"{registry}:{obj.pk}" for registry, obj in pairs]}


def test_restore_selected_rows_over_htmx(admin_client, two_gone):
    record, label = two_gone
    data = items(("record", record), ("ulabel", label))
    response = admin_client.post(reverse(RESTORE), data, headers=HX)
    assert response.status_code == 200
    assert toast(response) == {"level": "success", "message": "Restored 2 records"}
    assertNotContains(response, "<html")
    assert "HX-Request" in response["Vary"]
    for row in (f"record-{record.pk}", f"ulabel-{label.pk}"):
        assertContains(response, f'hx-swap-oob="delete:#trash-row-{row}"')
    assert branch_of(record) == 1 and branch_of(label) == 1


def test_restore_selected_without_htmx_redirects_with_a_message(admin_client, two_gone):
    record, label = two_gone
    data = items(("record", record), ("ulabel", label))
    response = admin_client.post(reverse(RESTORE), data)
    assert response.status_code == 302
    assertContains(admin_client.get(response.url), "Restored 2 records.")
    assert branch_of(record) == 1


def test_restore_selected_conflict_is_a_409_fragment_and_restores_nothing(admin_client):
    kind = make_record(name="Kind", is_type=True)
    member = make_record(name="member", type=kind)
    other = make_record(name="other")
    kind.delete()
    other.delete()
    assert branch_of(member) == -1
    data = items(("record", member), ("record", other))
    response = admin_client.post(reverse(RESTORE), data, headers=HX)
    assertContains(response, 'data-testid="trash-conflict"', status_code=409)
    assertContains(response, "Kind", status_code=409)
    assertNotContains(response, "<html", status_code=409)
    assert branch_of(member) == -1 and branch_of(other) == -1
    data["with_ancestors"] = "1"
    response = admin_client.post(reverse(RESTORE), data, headers=HX)
    assert response.status_code == 200
    assert toast(response)["message"] == "Restored 3 records"
    assert {branch_of(r) for r in (kind, member, other)} == {1}


def test_row_restore_over_htmx_removes_the_row(admin_client, two_gone):
    record, _ = two_gone
    url = reverse("admin:lamingui_trash_restore", args=["record", record.pk])
    response = admin_client.post(url, headers=HX)
    assert toast(response)["message"] == "Restored 1 record"
    assertContains(response, f'hx-swap-oob="delete:#trash-row-record-{record.pk}"')


def test_bad_selection_is_a_400(admin_client, two_gone):
    for data in ({}, {"items": ["record"]}, {"items": ["record:x"]}):
        response = admin_client.post(reverse(RESTORE), data, headers=HX)
        assertContains(response, 'data-testid="trash-error"', status_code=400)
    response = admin_client.post(reverse(RESTORE), {"items": ["nope:1"]}, headers=HX)
    assert response.status_code == 404


def test_purge_selected_guards_and_success(admin_client, two_gone):
    record, label = two_gone
    data = items(("record", record), ("ulabel", label))
    wrong = admin_client.post(
        reverse(PURGE), {**data, "confirm": "delete 1"}, headers=HX
    )
    assertContains(wrong, "delete 2", status_code=422)
    assert ln.Record.objects.filter(pk=record.pk).exists()
    live = make_record(name="alive")
    archived = make_record(name="archived")
    ln.Record.objects.filter(pk=archived.pk).update(branch_id=0)
    outside = items(("record", archived))
    bad = admin_client.post(
        reverse(PURGE), {**outside, "confirm": "delete 1"}, headers=HX
    )
    assertContains(bad, "Only records in the trash", status_code=400)
    missing = items(("record", live))
    assert admin_client.post(reverse(PURGE), missing, headers=HX).status_code == 404
    ok = admin_client.post(reverse(PURGE), {**data, "confirm": "delete 2"}, headers=HX)
    assert ok.status_code == 200
    assert toast(ok)["message"] == "Deleted 2 records permanently"
    assertContains(ok, f'hx-swap-oob="delete:#trash-row-record-{record.pk}"')
    assert not ln.Record.objects.filter(pk=record.pk).exists()
    assert not ln.ULabel.objects.filter(pk=label.pk).exists()


def test_purge_selected_needs_the_purge_permission(gui):
    hidden = make_record(name="curated")
    hidden.delete()
    data = {**items(("record", hidden)), "confirm": "delete 1"}
    response = gui.client("curator").post(reverse(PURGE), data, headers=HX)
    assert response.status_code == 403
    assert ln.Record.objects.filter(pk=hidden.pk).exists()


def test_row_delete_over_htmx_confirms_in_a_fragment(admin_client, two_gone):
    record, _ = two_gone
    url = reverse("admin:lamingui_trash_delete", args=["record", record.pk])
    ask = admin_client.post(url, headers=HX)
    assertContains(ask, 'data-testid="trash-confirm-delete"')
    assertContains(ask, f'hx-post="{url}"')
    assertNotContains(ask, "<html")
    assert ln.Record.objects.filter(pk=record.pk).exists()
    done = admin_client.post(url, {"confirm": "yes"}, headers=HX)
    assert toast(done)["message"] == "Deleted “gone record” permanently"
    assert not ln.Record.objects.filter(pk=record.pk).exists()


def test_trash_page_posts_with_htmx_and_loads_trash_js(admin_client, two_gone):
    page = admin_client.get(reverse("admin:lamingui_trash"))
    assertContains(page, f'hx-post="{reverse(RESTORE)}"')
    assertContains(page, f'hx-post="{reverse(PURGE)}"')
    assertContains(page, "lamingui/js/trash.js")
    assertContains(page, 'data-testid="trash-select"', count=2)
    assertContains(page, 'id="lg-toasts"')


def test_bulk_writes_need_the_csrf_token(admin_user, two_gone):
    record, _ = two_gone
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    data = {**items(("record", record)), "confirm": "delete 1"}
    assert client.post(reverse(RESTORE), data).status_code == 403
    assert client.post(reverse(PURGE), data).status_code == 403
    assert branch_of(record) == -1
    assert client.get(reverse(RESTORE)).status_code == 405
