"""Trash page columns (type, space, moved by / when) and counts after htmx writes.

gui.md §6.7.3: who moved a row and when comes from the admin's LogEntry
"Moved to trash" when there is one, else from ``updated_at``; a restore or
purge over htmx sends the registry filter back out of band with new counts.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.admin.conftest import HX
from tests.factories import make_record, make_ulabel

pytestmark = pytest.mark.django_db

TRASH = "admin:lamingui_trash"


def row_html(response, registry: str, pk: int) -> str:
    body = response.content.decode()
    match = re.search(rf'<tr id="trash-row-{registry}-{pk}".*?</tr>', body, re.S)
    assert match, f"no row {registry}-{pk}"
    return match.group(0)


def cell(row: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</td>', row, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


def counts(response) -> dict[str, int]:
    """``{registry: count}`` of the registry filter in ``response`` ("" = All)."""
    body = response.content.decode()
    ul = re.search(r'<ul id="trash-registry-filter".*?</ul>', body, re.S).group(0)
    return {
        name: int(n)
        for name, n in re.findall(r'data-registry="(\w*)" data-count="(\d+)"', ul)
    }


def test_trash_rows_show_type_space_and_who_moved_them(gui):
    admin_client = gui.client("curator")
    kind = make_record(name="Sample kind", is_type=True)
    member = make_record(name="member via admin", type=kind, space=gui.restricted)
    other = make_record(name="member via api", type=kind)
    # through the admin's delete view: a LogEntry "Moved to trash"
    delete = reverse("admin:lamingui_record_delete", args=[member.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    other.delete()  # through the Python API: no log entry
    page = admin_client.get(reverse(TRASH))
    row = row_html(page, "record", member.pk)
    assert cell(row, "trash-type") == "Sample kind"
    assert cell(row, "trash-space") == gui.restricted.name
    assert "by curator" in cell(row, "trash-moved")
    assert 'data-source="log"' in row
    row = row_html(page, "record", other.pk)
    assert cell(row, "trash-space") == "all"
    assert 'data-source="updated_at"' in row
    assert "(last change)" in cell(row, "trash-moved")
    assert " by " not in cell(row, "trash-moved")


def test_the_move_to_trash_action_logs_who_moved(admin_client, admin_user, db):
    label = make_ulabel(name="moved by action")
    changelist = reverse("admin:lamingui_ulabel_changelist")
    data = {"action": "move_to_trash", "_selected_action": [label.pk], "post": "yes"}
    assert admin_client.post(changelist, data).status_code == 302
    row = row_html(admin_client.get(reverse(TRASH)), "ulabel", label.pk)
    assert 'data-source="log"' in row
    assert f"by {admin_user.username}" in cell(row, "trash-moved")


def test_trash_type_of_an_unreadable_space_stays_unnamed(gui):
    kind = make_record(name="Hidden kind", is_type=True, space=gui.restricted)
    member = make_record(name="open member", type=kind)
    member.delete()
    curator = gui.client("curator").get(reverse(TRASH))
    assert cell(row_html(curator, "record", member.pk), "trash-type") == "Hidden kind"
    outsider = gui.client("outsider").get(reverse(TRASH))  # no membership there
    assert cell(row_html(outsider, "record", member.pk), "trash-type") == ""


def test_restore_and_purge_update_the_counts_out_of_band(admin_client, db):
    records = [make_record(name=f"gone {i}") for i in range(3)]
    label = make_ulabel(name="gone label")
    for obj in (*records, label):
        obj.delete()
    page = admin_client.get(reverse(TRASH))
    assert counts(page) == {"": 4, "record": 3, "ulabel": 1}
    assertNotContains(page, "hx-swap-oob")  # the page itself swaps nothing
    next_url = reverse(TRASH) + "?registry=record"
    restore = admin_client.post(
        reverse("admin:lamingui_trash_restore_many"),
        {"items": [f"record:{records[0].pk}"], "next": next_url},
        headers=HX,
    )
    assert restore.status_code == 200
    assertContains(restore, '<ul id="trash-registry-filter"')
    assertContains(restore, 'hx-swap-oob="true"')
    assert counts(restore) == {"": 3, "record": 2, "ulabel": 1}
    # the filter keeps the page's selection
    assert re.search(
        r'class="selected" data-registry="record"', restore.content.decode()
    )
    purge = admin_client.post(
        reverse("admin:lamingui_trash_purge"),
        {
            "items": [f"record:{records[1].pk}", f"ulabel:{label.pk}"],
            "confirm": "delete 2",
            "next": reverse(TRASH),
        },
        headers=HX,
    )
    assert purge.status_code == 200
    assert counts(purge) == {"": 1, "record": 1}
    one = admin_client.post(
        reverse("admin:lamingui_trash_delete", args=["record", records[2].pk]),
        {"confirm": "yes", "next": reverse(TRASH)},
        headers=HX,
    )
    assert counts(one) == {"": 0}
    # a post from elsewhere (no trash page to update) brings no filter
    other = make_record(name="elsewhere")
    other.delete()
    response = admin_client.post(
        reverse("admin:lamingui_trash_restore_many"),
        {"items": [f"record:{other.pk}"], "next": "https://evil.example/"},
        headers=HX,
    )
    assert response.status_code == 200
    assertNotContains(response, "trash-registry-filter")
