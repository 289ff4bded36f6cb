"""The trash page: list, restore, permanent delete (issue 5 item 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

import lamingui as ln
from lamingui.panels.trash import PAGE_SIZE
from tests.factories import make_record, make_ulabel


def trash_url() -> str:
    return reverse("admin:lamingui_trash")


def restore_url(record, registry: str = "record") -> str:
    return reverse("admin:lamingui_trash_restore", args=[registry, record.pk])


def delete_url(record, registry: str = "record") -> str:
    return reverse("admin:lamingui_trash_delete", args=[registry, record.pk])


def branch_of(record) -> int:
    return type(record).objects.get(pk=record.pk).branch_id


@pytest.fixture
def trashed(db):
    live = make_record(name="still alive")
    gone = make_record(name="gone record")
    label = make_ulabel(name="gone label")
    gone.delete()
    label.delete()
    return live, gone, label


def test_trash_page_lists_trashed_records_of_every_registry(admin_client, trashed):
    _live, gone, label = trashed
    response = admin_client.get(trash_url())
    assertTemplateUsed(response, "lamingui/trash.html")
    assertTemplateUsed(response, "admin/base_site.html")
    assertContains(response, 'data-testid="trash-row"', count=2)
    assertContains(response, "gone record")
    assertContains(response, "gone label")
    assertNotContains(response, "still alive")
    assertContains(response, 'data-testid="trash-registry-filter"')
    assertContains(response, restore_url(gone))
    assertContains(response, delete_url(label, "ulabel"))


def test_trash_page_filters_by_registry_and_searches(admin_client, trashed):
    response = admin_client.get(trash_url(), {"registry": "record"})
    assertContains(response, 'data-testid="trash-row"', count=1)
    assertContains(response, "gone record")
    response = admin_client.get(trash_url(), {"q": "LABEL"})
    assertContains(response, 'data-testid="trash-row"', count=1)
    assertContains(response, "gone label")
    response = admin_client.get(trash_url(), {"q": "nothing like it"})
    assertContains(response, 'data-testid="empty-trash"')
    assert admin_client.get(trash_url(), {"registry": "nope"}).status_code == 404


def test_trash_page_is_paged(admin_client, db):
    records = [make_record(name=f"old{i}") for i in range(PAGE_SIZE + 5)]
    for record in records:
        record.delete()
    first = admin_client.get(trash_url(), {"registry": "record"})
    assertContains(first, 'data-testid="trash-row"', count=PAGE_SIZE)
    assertContains(first, "Page 1 of 2")
    second = admin_client.get(trash_url(), {"registry": "record", "page": 2})
    assertContains(second, 'data-testid="trash-row"', count=5)
    mixed = admin_client.get(trash_url(), {"page": 2})
    assertContains(mixed, 'data-testid="trash-row"', count=5)


def test_empty_trash(admin_client, db):
    assertContains(admin_client.get(trash_url()), "The trash is empty.")


def test_restore_puts_the_record_back_on_main(admin_client, trashed):
    _, gone, _ = trashed
    response = admin_client.post(restore_url(gone), {"next": trash_url()})
    assert response.status_code == 302
    assert response.url == trash_url()
    assert branch_of(gone) == 1
    assertContains(admin_client.get(response.url), "Restored 1 record.")


def test_restore_without_descendants_leaves_members_in_the_trash(
    admin_client, record_type_tree
):
    top, middle, _leaf, members = record_type_tree
    top.delete()
    assert branch_of(members[0]) == -1
    admin_client.post(restore_url(top))
    assert branch_of(top) == 1
    assert branch_of(middle) == -1
    assert branch_of(members[0]) == -1


def test_restore_with_descendants_restores_the_whole_tree(
    admin_client, record_type_tree
):
    top, middle, leaf, members = record_type_tree
    top.delete()
    response = admin_client.post(restore_url(top), {"with_descendants": "1"})
    assert response.status_code == 302
    for record in (top, middle, leaf, *members):
        assert branch_of(record) == 1
    assertContains(admin_client.get(trash_url()), "Restored 6 records.")


def test_restore_is_refused_while_the_type_is_in_the_trash(
    admin_client, record_type_tree
):
    top, middle, *_ = record_type_tree
    top.delete()
    response = admin_client.post(restore_url(middle), headers={"HX-Request": "true"})
    assertContains(response, 'data-testid="trash-conflict"', status_code=409)
    assertContains(
        response, f"its type “{top.name}” is still in the trash", status_code=409
    )
    assertNotContains(response, "<html", status_code=409)  # a fragment
    assert branch_of(middle) == -1
    # a plain form post gets the same conflict inside a page
    response = admin_client.post(restore_url(middle))
    assertContains(response, 'data-testid="trash-conflict"', status_code=409)
    assertContains(response, "<html", status_code=409)
    assert branch_of(middle) == -1
    # with its types, both come back
    response = admin_client.post(restore_url(middle), {"with_ancestors": "1"})
    assert response.status_code == 302
    assert branch_of(middle) == 1 and branch_of(top) == 1


def test_permanent_delete_needs_the_confirmation(admin_client, trashed):
    _, gone, _ = trashed
    response = admin_client.post(delete_url(gone))
    assert response.status_code == 200
    assertTemplateUsed(response, "lamingui/trash_confirm.html")
    assertContains(response, 'name="confirm" value="yes"')
    assert ln.Record.objects.filter(pk=gone.pk).exists()
    response = admin_client.post(delete_url(gone), {"confirm": "yes"})
    assert response.status_code == 302
    assert not ln.Record.objects.filter(pk=gone.pk).exists()


def test_protected_delete_shows_a_message_and_deletes_nothing(
    admin_client, record_type_tree
):
    top, middle, leaf, members = record_type_tree
    top.delete()  # the whole tree is in the trash, members still point at types
    response = admin_client.post(delete_url(leaf), {"confirm": "yes"})
    assert response.status_code == 409
    assertContains(response, "cannot be deleted", status_code=409)
    assertContains(response, "Nothing was deleted", status_code=409)
    assertContains(response, 'data-testid="trash-blockers"', status_code=409)
    assertContains(response, members[0].name, status_code=409)
    for record in (top, middle, leaf, *members):
        assert ln.Record.objects.filter(pk=record.pk).exists()


def test_live_records_cannot_be_restored_or_deleted_here(admin_client, trashed):
    live, _, _ = trashed
    assert admin_client.post(restore_url(live)).status_code == 404
    assert admin_client.post(delete_url(live), {"confirm": "yes"}).status_code == 404
    assert admin_client.post(restore_url(live, "nope")).status_code == 404
    assert branch_of(live) == 1


def test_trash_requires_login(client, trashed):
    _, gone, _ = trashed
    for response in (
        client.get(trash_url()),
        client.post(restore_url(gone)),
        client.post(delete_url(gone), {"confirm": "yes"}),
    ):
        assert response.status_code == 302
        assert "/login/" in response.url
    assert branch_of(gone) == -1


def test_wrong_methods_are_405(admin_client, trashed):
    _, gone, _ = trashed
    assert admin_client.post(trash_url()).status_code == 405
    assert admin_client.get(restore_url(gone)).status_code == 405
    assert admin_client.get(delete_url(gone)).status_code == 405


def test_writes_need_the_csrf_token(admin_user, trashed):
    _, gone, _ = trashed
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(restore_url(gone)).status_code == 403
    assert client.post(delete_url(gone), {"confirm": "yes"}).status_code == 403
    assert branch_of(gone) == -1


def test_trash_page_queries_do_not_grow_with_rows(
    admin_client, db, django_assert_max_num_queries
):
    for i in range(60):
        make_record(name=f"r{i}").delete()
        make_ulabel(name=f"u{i}").delete()
    with django_assert_max_num_queries(40):
        response = admin_client.get(trash_url())
    assertContains(response, 'data-testid="trash-row"', count=PAGE_SIZE)


def test_every_admin_page_links_to_the_trash(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert f'href="{trash_url()}"' in response.content.decode()
