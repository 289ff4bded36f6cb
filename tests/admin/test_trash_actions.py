"""Trash preview, bulk trash actions and their guards (gui.md §6.7, AC-TRASH-*)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import lamingui as ln
from tests.admin.conftest import HX
from tests.factories import make_record

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:lamingui_record_changelist"


def branch(record) -> int:
    return ln.Record.objects.get(pk=record.pk).branch_id


@pytest.fixture
def type_a(db):
    """Type A with sub-type B and three members (two under B)."""
    a = make_record(name="Type A", is_type=True)
    b = make_record(name="Type B", is_type=True, type=a)
    members = [
        make_record(name="m1", type=a),
        make_record(name="m2", type=b),
        make_record(name="m3", type=b),
    ]
    return a, b, members


def action(client, name: str, records, query: str = "", **data):
    url = reverse(CHANGELIST) + query
    payload = {"action": name, "_selected_action": [r.pk for r in records], **data}
    return client.post(url, payload)


def test_trash_type_cascade(admin_client, type_a):
    a, b, members = type_a
    delete = reverse("admin:lamingui_record_delete", args=[a.pk])
    confirm = admin_client.get(delete)
    assertContains(confirm, 'data-testid="trash-preview"')
    assertContains(confirm, "also moves 4 records")
    for name in ("Type B", "m1", "m2", "m3"):
        assertContains(confirm, f"<li>{name}</li>")
    admin_client.post(delete, {"post": "yes"})
    assert {branch(r) for r in (a, b, *members)} == {-1}
    listed = admin_client.get(reverse(CHANGELIST)).context["cl"].result_list
    assert not {r.pk for r in listed} & {r.pk for r in (a, b, *members)}
    found = admin_client.get(reverse("admin:search_suggest"), {"q": "Type"}, headers=HX)
    assertNotContains(found, "lg-search-name")


def test_trash_preview_fragment_and_page(admin_client, type_a):
    a, _, members = type_a
    url = reverse("admin:lamingui_record_trash_preview", args=[a.pk])
    fragment = admin_client.get(url, headers=HX)
    assert "<html" not in fragment.content.decode()
    assert fragment.context["preview"]["total"] == 4
    assert [g["label"] for g in fragment.context["preview"]["groups"]] == [
        "sub-types",
        "members",
    ]
    assertContains(admin_client.get(url), "<html")
    alone = reverse("admin:lamingui_record_trash_preview", args=[members[0].pk])
    assertContains(admin_client.get(alone, headers=HX), "trash-preview-alone")


def test_move_to_trash_action_confirms_first(admin_client, type_a):
    a, b, members = type_a
    first = action(admin_client, "move_to_trash", [a, members[0]])
    assert first.status_code == 200
    assertContains(first, 'data-testid="bulk-move_to_trash"')
    assertContains(first, "also moves 4 records")
    assert branch(a) == 1
    action(admin_client, "move_to_trash", [a, members[0]], post="yes")
    assert {branch(r) for r in (a, b, *members)} == {-1}


def test_delete_selected_is_replaced(admin_client, type_a):
    response = admin_client.get(reverse(CHANGELIST))
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert {"move_to_trash", "restore_from_trash", "delete_permanently"} <= set(actions)


def test_restore_semantics(admin_client, type_a):
    a, b, members = type_a
    a.delete()
    trash = "?branch=trash"
    response = action(admin_client, "restore_from_trash", [members[1]], trash)
    assert response.status_code == 302
    assert branch(members[1]) == -1  # its type B is still in the trash
    action(admin_client, "restore_from_trash", [a], trash)
    assert branch(a) == 1
    assert {branch(r) for r in (b, *members)} == {-1}
    action(admin_client, "restore_from_trash", [b, members[1]], trash)
    assert branch(b) == 1 and branch(members[1]) == 1
    restore = reverse("admin:lamingui_trash_restore", args=["record", members[2].pk])
    admin_client.post(restore)
    assert branch(members[2]) == 1


def test_purge_guards(gui, type_a):
    _, _, members = type_a
    victim = members[0]
    victim.delete()
    query = "?branch=trash"
    # a curator may not purge (no lamingui.purge_trash)
    action(gui.client("curator"), "delete_permanently", [victim], query, post="yes")
    assert ln.Record.objects.filter(pk=victim.pk).exists()
    client = gui.client("space_admin")  # lamingui-admin, admin of space 1
    wrong = action(
        client, "delete_permanently", [victim], query, post="yes", confirm="delete 2"
    )
    assert wrong.status_code == 422
    assert ln.Record.objects.filter(pk=victim.pk).exists()
    live = members[1]
    action(client, "delete_permanently", [live], "?branch=all", post="yes")
    assert ln.Record.objects.filter(pk=live.pk).exists()  # not in the trash
    ok = action(
        client, "delete_permanently", [victim], query, post="yes", confirm="delete 1"
    )
    assert ok.status_code == 302
    assert not ln.Record.objects.filter(pk=victim.pk).exists()


def test_trash_permissions(gui):
    hidden = make_record(name="Restricted trash", space=gui.restricted)
    hidden.delete()
    assert gui.client("viewer").get(reverse("admin:lamingui_trash")).status_code == 403
    outsider = gui.client("outsider").get(reverse("admin:lamingui_trash"))
    assertNotContains(outsider, "Restricted trash")
    curator = gui.client("curator")
    assertContains(curator.get(reverse("admin:lamingui_trash")), "Restricted trash")
    purge = reverse("admin:lamingui_trash_delete", args=["record", hidden.pk])
    assert curator.post(purge, {"confirm": "yes"}).status_code == 403
    assert ln.Record.objects.filter(pk=hidden.pk).exists()


def test_trash_page_shows_the_archive(admin_client):
    archived = make_record(name="Archived one")
    ln.Record.objects.filter(pk=archived.pk).update(branch_id=0)
    page = admin_client.get(reverse("admin:lamingui_trash"), {"branch": "archive"})
    assertContains(page, "Archived one")
    assertNotContains(page, "Delete permanently</button>")
    trash = admin_client.get(reverse("admin:lamingui_trash"))
    assertNotContains(trash, "Archived one")
    bad = admin_client.get(reverse("admin:lamingui_trash"), {"branch": "nope"})
    assert bad.status_code == 404
