"""gui.md §11 Notes checks (AC-NOTE-1 … 5 and 8), one test named after each,
plus issue 6's Python ↔ GUI acceptance checks."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import lamingui as ln
from lamingui.blocks import services
from tests.admin.conftest import HX
from tests.factories import make_artifact


@pytest.fixture
def record(db):
    return ln.Record(name="acceptance").save()


def url(host, name: str = "", *args, model: str = "record") -> str:
    suffix = f"_{name}" if name else ""
    return reverse(f"admin:lamingui_{model}_notes{suffix}", args=[host.pk, *args])


def save(client, host, content: str, base_uid: str, **extra):
    data = {"content": content, "base_uid": base_uid, **extra}
    return client.post(url(host, "edit"), data, headers=HX)


def inner(html: str, testid: str) -> str:
    """The inner HTML of the one element carrying ``data-testid=testid``."""
    match = re.search(
        rf'<(\w+)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', html, flags=re.S
    )
    assert match is not None, f"no {testid} in the response"
    return match.group(2)


def test_notes_versioning(admin_client, record):
    """AC-NOTE-1."""
    assert save(admin_client, record, "v1", "").status_code == 200
    first = services.latest_readme(record)
    response = save(admin_client, record, "v2", first.uid)
    assert response.status_code == 200
    assertContains(response, "Saved version v2")
    assert json.loads(response["HX-Trigger"]) == {
        "lg:toast": {"level": "success", "message": "Saved version v2"}
    }
    second = services.latest_readme(record)
    first.refresh_from_db()
    assert first.stem_uid == second.stem_uid and first.uid != second.uid
    assert not first.is_latest and second.is_latest
    # ``revises`` is not stored: a version is the next uid of the same stem
    assert second.uid[-4:] > first.uid[-4:]
    assertContains(response, 'data-testid="note-meta">v2 · admin')
    response = save(admin_client, record, "v2", second.uid)
    assert response.status_code == 200
    assertContains(response, "No changes")
    assert [b.pk for b in services.history(record)] == [second.pk, first.pk]


def test_notes_conflict(admin_client, record, django_user_model, client):
    """AC-NOTE-2: A and B open v1; A saves; B's save is a 409 that loses nothing."""
    v1 = services.save_readme(record, "v1\n")
    other = django_user_model.objects.create_superuser("userb", "b@x.org", "pw")
    client.force_login(other)
    # both editors start from v1
    for editor in (admin_client, client):
        assertContains(editor.get(url(record, "edit"), headers=HX), f'value="{v1.uid}"')
    assert save(admin_client, record, "v1\nby A\n", v1.uid).status_code == 200
    v2 = services.latest_readme(record)
    response = save(client, record, "v1\nby B\n", v1.uid)
    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="note-conflict"' in body
    assert "v1\nby B\n</textarea>" in body  # B's text is kept
    assert "+by A" in inner(body, "note-diff")
    assert [b.pk for b in services.history(record)] == [v2.pk, v1.pk]  # nothing
    # "Save anyway" resubmits with force=1 and the current latest as base
    assert f'"force": "1", "base_uid": "{v2.uid}"' in body
    response = save(client, record, "v1\nby B\n", v2.uid, force="1")
    assert response.status_code == 200
    v3 = services.latest_readme(record)
    assert v3.content == "v1\nby B\n" and v3.stem_uid == v2.stem_uid
    assert v3.uid[-4:] > v2.uid[-4:]
    assert v3.created_by.handle == "userb"


def test_notes_history_diff_restore(admin_client, record):
    """AC-NOTE-3."""
    v1 = services.save_readme(record, "alpha\nbeta\n")
    v2 = services.save_readme(record, "alpha\ngamma\n")
    response = admin_client.get(url(record, "history"), headers=HX)
    body = response.content.decode()
    assert 'data-testid="note-history"' in body
    rows = re.findall(r'data-testid="note-version-row" data-uid="(\w+)"', body)
    assert rows == [v2.uid, v1.uid]  # newest first
    assert "v2" in body and "v1" in body and f"{len(b'alpha')}" in body
    response = admin_client.get(
        url(record, "diff", v2.uid) + f"?against={v1.uid}", headers=HX
    )
    diff = inner(response.content.decode(), "note-diff")
    assert "-beta" in diff and "+gamma" in diff and " alpha" in diff
    response = admin_client.post(url(record, "restore", v1.uid), headers=HX)
    assert response.status_code == 200
    assertContains(response, "Restored v1 as v3")
    v3 = services.latest_readme(record)
    assert v3.content == v1.content and v3.pk not in (v1.pk, v2.pk)
    assert v3.stem_uid == v1.stem_uid
    old = {b.pk: b.content for b in services.history(record)}
    assert old[v1.pk] == "alpha\nbeta\n" and old[v2.pk] == "alpha\ngamma\n"


def test_preview_equals_display(admin_client, record):
    """AC-NOTE-4: one rendering pipeline for preview and display."""
    text = (
        "# Plan\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```py\nx < 1\n```\n\n"
        "- [link](https://lamin.ai) <img src=x onerror=alert(1)>\n"
    )
    preview = admin_client.post(url(record, "preview"), {"content": text})
    assert preview.status_code == 200
    response = save(admin_client, record, text, "")
    display = inner(response.content.decode(), "note-rendered")
    assert preview.content.decode() == display
    assert "<table>" in display and "onerror" not in display


def test_notes_permissions(gui):
    """AC-NOTE-5: viewers read and cannot write; an unreadable space is a 404."""
    record = ln.Record(name="secret notes", space=gui.restricted).save()
    readme = services.save_readme(record, "**hello**")
    viewer = gui.client("viewer")
    response = viewer.get(url(record), headers=HX)
    assert response.status_code == 200
    assertContains(response, "<strong>hello</strong>")
    assertNotContains(response, 'data-testid="note-edit"')
    assertNotContains(response, 'data-testid="comment-textarea"')
    assert viewer.get(url(record, "edit"), headers=HX).status_code == 403
    assert save(viewer, record, "x", readme.uid).status_code == 403
    comment = viewer.post(url(record, "comments"), {"content": "x"}, headers=HX)
    assert comment.status_code == 403
    assert viewer.post(url(record, "restore", readme.uid)).status_code == 403
    # outside the space: every notes URL is a 404, reads and writes alike
    outsider = gui.client("outsider")
    for name, args in (("", ()), ("history", ()), ("comments", ())):
        assert outsider.get(url(record, name, *args), headers=HX).status_code == 404
    assert outsider.get(url(record, "version", readme.uid)).status_code == 404
    assert outsider.get(url(record, "diff", readme.uid)).status_code == 404
    assert save(outsider, record, "x", readme.uid).status_code == 404
    assert services.latest_readme(record).pk == readme.pk
    assert services.comments(record) == []
    # a writer of the space edits; its comment can go only by its author or a
    # space admin
    curator = gui.client("curator")
    assertContains(curator.get(url(record), headers=HX), 'data-testid="note-edit"')
    assert save(curator, record, "by curator", readme.uid).status_code == 200
    admin_client = gui.client("space_admin")
    admin_client.post(url(record, "comments"), {"content": "from admin"}, headers=HX)
    curator.post(url(record, "comments"), {"content": "from curator"}, headers=HX)
    theirs, mine = services.comments(record)
    page = curator.get(url(record, "comments"), headers=HX).content.decode()
    assert page.count('data-testid="comment-delete"') == 1
    delete = url(record, "comment_delete", theirs.uid)
    assert curator.post(delete, headers=HX).status_code == 403
    delete_mine = url(record, "comment_delete", mine.uid)
    assert admin_client.post(delete_mine, headers=HX).status_code == 200
    assert services.comments(record) == [theirs]


def test_comments(admin_client, record):
    """AC-NOTE-8."""
    for text in ("first *one*", "second <script>alert(1)</script>", "third"):
        response = admin_client.post(
            url(record, "comments"), {"content": text}, headers=HX
        )
        assert response.status_code == 200
    body = response.content.decode()
    assert body.index("first <em>one</em>") < body.index("second") < body.index("third")
    assert "<script" not in body and "alert(1)" not in body
    response = admin_client.post(url(record, "comments"), {"content": " "}, headers=HX)
    assert response.status_code == 422
    assertContains(response, 'data-testid="comment-error"', status_code=422)
    assert len(services.comments(record)) == 3
    second = services.comments(record)[1]
    response = admin_client.post(url(record, "comment_delete", second.uid), headers=HX)
    assert response.status_code == 200
    assertNotContains(response, f'id="comment-{second.uid}"')
    assert response.content.decode().count('data-testid="comment"') == 2
    second.refresh_from_db()
    assert second.branch_id == -1  # in the trash, not gone


def test_readme_saved_in_python_shows_rendered_on_the_artifact_admin_page(
    admin_client, tmp_path, settings
):
    """Issue 6, acceptance 2: Python → GUI."""
    settings.LAMINGUI_STORAGE = str(tmp_path / "storage")
    artifact = make_artifact(tmp_path)
    ln.models.ArtifactBlock(
        artifact=artifact, content="# From Python\n\n*saved*", kind="readme"
    ).save()
    change = admin_client.get(
        reverse("admin:lamingui_artifact_change", args=[artifact.pk])
    )
    panel = url(artifact, model="artifact")
    assertContains(change, f'hx-get="{panel}"')
    rendered = inner(admin_client.get(panel).content.decode(), "note-rendered")
    assert "<h1>From Python</h1>" in rendered and "<em>saved</em>" in rendered


def test_version_saved_in_the_gui_is_the_latest_readme_from_python(
    admin_client, tmp_path, settings
):
    """Issue 6, acceptance 2: GUI → Python."""
    settings.LAMINGUI_STORAGE = str(tmp_path / "storage")
    artifact = make_artifact(tmp_path)
    first = ln.models.ArtifactBlock(artifact=artifact, content="v1", kind="readme")
    first.save()
    response = admin_client.post(
        url(artifact, "edit", model="artifact"),
        {"content": "v2 from the GUI", "base_uid": first.uid},
        headers=HX,
    )
    assert response.status_code == 200
    artifact = ln.Artifact.get(artifact.uid)
    assert artifact.notes == "v2 from the GUI"
    latest = artifact.ablocks.get(kind="readme", is_latest=True)
    assert latest.content == "v2 from the GUI" and latest.stem_uid == first.stem_uid
