"""The notes panel on hosts with an attached block model (gui.md §6.6)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import NoReverseMatch, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

import lamingui as ln
from lamingui.admin.site import site
from lamingui.blocks import services
from tests.factories import make_artifact

HOSTS = {
    "Artifact",
    "Run",
    "Transform",
    "Record",
    "Project",
    "Collection",
    "Feature",
    "Schema",
    "ULabel",
    "Space",
    "Branch",
    "Block",  # a free-standing page: its own versions
}


@pytest.fixture
def record(db):
    return ln.Record(name="sample-1").save()


def url(record, name: str = "notes", *args) -> str:
    suffix = f"_{name}" if name != "notes" else ""
    return reverse(f"admin:lamingui_record_notes{suffix}", args=[record.pk, *args])


def readmes(record) -> list:
    return services.history(record)


def test_every_host_with_a_block_model_has_the_notes_panel(db):
    with_notes = {
        model.__name__
        for model in site._registry
        if reverse_exists(f"admin:lamingui_{model._meta.model_name}_notes")
    }
    assert with_notes == HOSTS


def reverse_exists(name: str) -> bool:
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


def test_change_page_hosts_the_notes_panel(admin_client, tmp_path):
    artifact = make_artifact(tmp_path)
    change = reverse("admin:lamingui_artifact_change", args=[artifact.pk])
    response = admin_client.get(change)
    assertContains(response, 'id="panel-notes"')
    assertContains(
        response, reverse("admin:lamingui_artifact_notes", args=[artifact.pk])
    )


def test_empty_panel_says_no_notes_yet(admin_client, record):
    response = admin_client.get(url(record), headers={"HX-Request": "true"})
    assertTemplateUsed(response, "lamingui/panels/notes.html")
    assertContains(response, 'id="panel-notes"')
    assertContains(response, "No notes yet.")
    assertContains(response, url(record, "edit"))


def test_panel_renders_the_latest_readme_as_sanitised_html(admin_client, record):
    services.save_readme(record, "# Old")
    services.save_readme(record, "# Title\n\n**bold** <script>alert(1)</script>")
    response = admin_client.get(url(record))
    body = response.content.decode()
    assert "<h1>Title</h1>" in body
    assert "<strong>bold</strong>" in body
    assert "<script>alert" not in body and "alert(1)" not in body
    assert "<h1>Old</h1>" not in body
    assertContains(response, "History (2)")
    assertContains(response, ">Edit<")


def test_edit_mode_prefills_the_textarea_and_base_uid(admin_client, record):
    block = services.save_readme(record, "# Draft & more")
    response = admin_client.get(url(record, "edit"))
    assertTemplateUsed(response, "lamingui/panels/notes.html")
    assertContains(response, "# Draft &amp; more</textarea>")
    assertContains(response, f'name="base_uid" value="{block.uid}"')
    assertContains(response, f'hx-post="{url(record, "preview")}"')
    assertContains(response, 'hx-trigger="input changed delay:300ms"')


def test_edit_mode_without_notes_starts_from_nothing(admin_client, record):
    response = admin_client.get(url(record, "edit"))
    assertContains(response, 'name="base_uid" value=""')


def test_preview_returns_sanitised_html_only(admin_client, record):
    response = admin_client.post(
        url(record, "preview"), {"content": "*hi* <img src=x onerror=alert(1)>"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<em>hi</em>" in body
    assert "onerror" not in body and "panel-notes" not in body


def test_preview_of_an_oversize_text_is_422(admin_client, record):
    big = "x" * (services.MAX_NOTE_BYTES + 1)
    assert (
        admin_client.post(url(record, "preview"), {"content": big}).status_code == 422
    )


def test_save_creates_a_new_version(admin_client, record):
    response = admin_client.post(url(record, "edit"), {"content": "v1", "base_uid": ""})
    assert response.status_code == 200
    first = services.latest_readme(record)
    assert first.content == "v1"
    response = admin_client.post(
        url(record, "edit"), {"content": "v2", "base_uid": first.uid}
    )
    assert response.status_code == 200
    assertContains(response, "<p>v2</p>")
    assertContains(response, "Saved version")
    versions = readmes(record)
    assert [v.content for v in versions] == ["v2", "v1"]
    assert versions[0].uid[:16] == versions[1].uid[:16]
    assert versions[0].created_by.handle == "admin"


def test_identical_content_makes_no_new_version(admin_client, record):
    block = services.save_readme(record, "same")
    response = admin_client.post(
        url(record, "edit"), {"content": "same", "base_uid": ""}
    )
    assert response.status_code == 200
    assertContains(response, "No changes")
    assert [v.pk for v in readmes(record)] == [block.pk]


def test_conflict_is_409_keeps_the_text_and_shows_the_diff(admin_client, record):
    base = services.save_readme(record, "line one\n")
    services.save_readme(record, "line one\nline by A\n")  # someone else saved
    response = admin_client.post(
        url(record, "edit"), {"content": "line one\nline by B\n", "base_uid": base.uid}
    )
    assert response.status_code == 409
    assertContains(response, 'data-testid="note-conflict"', status_code=409)
    assertContains(response, "line one\nline by B\n</textarea>", status_code=409)
    assertContains(response, "+line by A", status_code=409)
    assertContains(response, "Save anyway", status_code=409)
    assertContains(
        response, """hx-vals='{"force": "1", "base_uid": """, status_code=409
    )
    assert len(readmes(record)) == 2  # nothing written


def test_save_anyway_creates_a_version_on_top(admin_client, record):
    base = services.save_readme(record, "v1")
    other = services.save_readme(record, "v2 by A")
    response = admin_client.post(
        url(record, "edit"), {"content": "v3 by B", "base_uid": base.uid, "force": "1"}
    )
    assert response.status_code == 200
    latest = services.latest_readme(record)
    assert latest.content == "v3 by B"
    assert latest.uid[:16] == other.uid[:16]
    assert [v.content for v in readmes(record)] == ["v3 by B", "v2 by A", "v1"]
    other.refresh_from_db()
    assert not other.is_latest


def test_oversize_note_is_422_and_keeps_the_text(admin_client, record):
    big = "y" * (services.MAX_NOTE_BYTES + 1)
    response = admin_client.post(url(record, "edit"), {"content": big, "base_uid": ""})
    assert response.status_code == 422
    body = response.content.decode()
    assert big + "</textarea>" in body
    assert "the limit is" in body
    assert readmes(record) == []


def test_restore_makes_an_old_version_the_latest(admin_client, record):
    first = services.save_readme(record, "first")
    services.save_readme(record, "second")
    response = admin_client.post(
        url(record, "restore", first.uid), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assertContains(response, "Restored v1 as v3")
    assertContains(response, "<p>first</p>")
    assert [v.content for v in readmes(record)] == ["first", "second", "first"]


def test_restore_of_another_hosts_block_is_404(admin_client, record):
    stranger = ln.Record(name="other").save()
    block = services.save_readme(stranger, "theirs")
    assert admin_client.post(url(record, "restore", block.uid)).status_code == 404


def test_comments_add_and_delete(admin_client, record):
    response = admin_client.post(url(record, "comments"), {"content": "**looks** good"})
    assert response.status_code == 200
    assertContains(response, "<strong>looks</strong> good")
    comment = services.comments(record)[0]
    response = admin_client.post(url(record, "comment_delete", comment.uid))
    assert response.status_code == 200
    assertNotContains(response, "<strong>looks</strong>")
    assert services.comments(record) == []
    # a readme is not deleted through the comment URL
    readme = services.save_readme(record, "keep")
    assert (
        admin_client.post(url(record, "comment_delete", readme.uid)).status_code == 404
    )


def test_empty_comment_is_422(admin_client, record):
    response = admin_client.post(url(record, "comments"), {"content": "   "})
    assert response.status_code == 422
    assertContains(response, "A comment needs some text.", status_code=422)


def test_notes_require_login(client, record):
    response = client.get(url(record))
    assert response.status_code == 302
    assert "/login/" in response.url
    response = client.post(url(record, "edit"), {"content": "x"})
    assert response.status_code == 302
    assert readmes(record) == []


def test_unknown_id_is_404(admin_client, db):
    missing = reverse("admin:lamingui_record_notes", args=[999999])
    assert admin_client.get(missing).status_code == 404
    edit = reverse("admin:lamingui_record_notes_edit", args=[999999])
    assert admin_client.post(edit, {"content": "x"}).status_code == 404


def test_wrong_methods_are_405(admin_client, record):
    assert admin_client.put(url(record)).status_code == 405
    assert admin_client.post(url(record)).status_code == 405
    assert admin_client.put(url(record, "edit")).status_code == 405
    assert admin_client.get(url(record, "preview")).status_code == 405
    assert admin_client.get(url(record, "restore", "a" * 20)).status_code == 405
    assert admin_client.get(url(record, "comment_delete", "a" * 20)).status_code == 405


def test_post_without_csrf_token_is_403(admin_user, record):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(url(record, "edit"), {"content": "x", "base_uid": ""})
    assert response.status_code == 403
    assert readmes(record) == []


def test_viewer_sees_no_edit_and_cannot_write(client, record, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="x")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_record"))
    client.force_login(viewer)
    services.save_readme(record, "hello")
    response = client.get(url(record))
    assert response.status_code == 200
    assertContains(response, "<p>hello</p>")
    assertNotContains(response, ">Edit<")
    assert client.get(url(record, "edit")).status_code == 403
    assert client.post(url(record, "edit"), {"content": "x"}).status_code == 403
    assert client.post(url(record, "comments"), {"content": "x"}).status_code == 403


def test_panel_queries_do_not_grow_with_versions_and_comments(
    admin_client, record, django_assert_max_num_queries
):
    for i in range(8):
        services.save_readme(record, f"version {i}")
        services.add_comment(record, f"comment {i}")
    admin_client.get(url(record))  # warm the session and user caches
    with django_assert_max_num_queries(10):
        response = admin_client.get(url(record))
    assertContains(response, "History (8)")
