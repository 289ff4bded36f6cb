"""Free-standing ``Block`` pages in the admin (issue 6 item 1, gui.md §6.6).

A page's change page hosts the notes panel on the page's own versions; its
``content`` is read-only in the form, so a content change always goes through
the notes editor and makes a new version.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import lamingui as ln
from lamingui.blocks import services

HX = {"HX-Request": "true"}


@pytest.fixture
def page(db):
    return ln.Block(key="README.md", content="# First", kind="readme").save()


def url(page, name: str = "", *args) -> str:
    suffix = f"_{name}" if name else ""
    return reverse(f"admin:lamingui_block_notes{suffix}", args=[page.pk, *args])


def change_url(page) -> str:
    return reverse("admin:lamingui_block_change", args=[page.pk])


def test_change_page_hosts_the_notes_panel_of_the_page(admin_client, page):
    response = admin_client.get(change_url(page))
    assertContains(response, 'id="panel-notes"')
    assertContains(response, url(page))
    panel = admin_client.get(url(page), headers=HX)
    assertContains(panel, "<h1>First</h1>")
    assertContains(panel, url(page, "edit"))
    assertNotContains(panel, 'data-testid="notes-comments"')  # pages take no comments


def test_content_and_key_are_read_only_in_the_change_form(admin_client, page):
    response = admin_client.get(change_url(page))
    assert "content" not in response.context["adminform"].form.fields
    assert "key" not in response.context["adminform"].form.fields
    assertNotContains(response, 'name="content"')
    # the add form still takes the first content and key of a new page
    add = admin_client.get(reverse("admin:lamingui_block_add"))
    assert {"content", "key"} <= set(add.context["adminform"].form.fields)


def test_posting_content_to_the_change_form_rewrites_nothing(admin_client, page):
    form = admin_client.get(change_url(page)).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["content"] = "rewritten in place"
    data["key"] = "moved.md"
    response = admin_client.post(change_url(page), data)
    assert response.status_code == 302  # saved: the other fields are editable
    page.refresh_from_db()
    assert page.content == "# First"
    assert page.key == "README.md"
    assert [v.content for v in services.history(page)] == ["# First"]


def test_a_save_in_the_notes_editor_makes_a_new_version(admin_client, page):
    response = admin_client.post(
        url(page, "edit"), {"content": "# Second", "base_uid": page.uid}, headers=HX
    )
    assert response.status_code == 200
    assertContains(response, "<h1>Second</h1>")
    assert response["HX-Trigger"] == (
        '{"lg:toast": {"level": "success", "message": "Saved version v2"}}'
    )
    versions = services.history(page)
    assert [v.content for v in versions] == ["# Second", "# First"]
    assert versions[0].key == "README.md"
    assert versions[0].uid[:16] == page.uid[:16]
    page.refresh_from_db()
    assert page.content == "# First"  # the old row is never rewritten
    assert not page.is_latest
    assert services.latest_readme("README.md").pk == versions[0].pk
    # the old version's page shows the family's latest
    assertContains(admin_client.get(url(page), headers=HX), "<h1>Second</h1>")


def test_a_stale_editor_gets_the_conflict_and_keeps_its_text(admin_client, page):
    services.save_readme(page, "# Meanwhile")
    response = admin_client.post(
        url(page, "edit"), {"content": "# Mine", "base_uid": page.uid}, headers=HX
    )
    assert response.status_code == 409
    assertContains(response, "# Mine", status_code=409)
    assert services.latest_readme(page).content == "# Meanwhile"


def test_history_diff_and_restore_of_a_page(admin_client, page):
    services.save_readme(page, "# Second")
    history = admin_client.get(url(page, "history"), headers=HX)
    assertContains(history, url(page, "restore", page.uid))
    diff = admin_client.get(url(page, "diff", services.latest_readme(page).uid))
    assertContains(diff, "+# Second")
    response = admin_client.post(url(page, "restore", page.uid), headers=HX)
    assert response.status_code == 200
    assertContains(response, "Restored v1 as v3")
    assert [v.content for v in services.history(page)] == [
        "# First",
        "# Second",
        "# First",
    ]
    assert admin_client.post(url(page, "restore", "x" * 20)).status_code == 404


def test_comments_on_a_page_are_404_and_write_nothing(admin_client, page):
    response = admin_client.post(url(page, "comments"), {"content": "hi"})
    assert response.status_code == 404
    assert services.comments(page) == []


def test_post_without_csrf_token_is_403(admin_user, page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(url(page, "edit"), {"content": "x", "base_uid": page.uid})
    assert response.status_code == 403
    assert len(services.history(page)) == 1


def test_page_notes_require_login(client, page):
    for response in (
        client.get(change_url(page)),
        client.get(url(page)),
        client.post(url(page, "edit"), {"content": "x", "base_uid": page.uid}),
    ):
        assert response.status_code == 302
        assert "/login/" in response.url
    assert len(services.history(page)) == 1
