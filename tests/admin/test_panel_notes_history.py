"""History, single version and diff views of the notes panel (gui.md §6.6.4)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import lamingui as ln
from lamingui.blocks import services

HX = {"HX-Request": "true"}


@pytest.fixture
def record(db):
    return ln.Record(name="history").save()


@pytest.fixture
def versions(record):
    return [
        services.save_readme(record, "one\n"),
        services.save_readme(record, "one\ntwo <b>&</b>\n"),
        services.save_readme(record, "three\n"),
    ]


def url(record, name: str, *args) -> str:
    return reverse(f"admin:lamingui_record_notes_{name}", args=[record.pk, *args])


def test_history_lists_versions_with_label_author_hash_size_and_actions(
    admin_client, record, versions
):
    response = admin_client.get(url(record, "history"), headers=HX)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    body = response.content.decode()
    assert "<html" not in body  # a fragment
    v1, v2, v3 = versions
    for label, block in (("v1", v1), ("v2", v2), ("v3", v3)):
        assert f">{label}" in body and block.uid in body
        assert f"<code>{block.hash[:8]}</code>" in body
    assert f"{len(v2.content.encode())} B" in body
    # restore on every row but the latest; diff with previous but on the first
    assert body.count('data-testid="note-restore"') == 2
    assert body.count('data-testid="note-diff-previous"') == 2
    assert body.count('data-testid="note-diff-latest"') == 2
    assert url(record, "restore", v3.uid) not in body
    assert f"{url(record, 'diff', v2.uid)}?against={v1.uid}" in body


def test_history_is_a_full_page_without_htmx(admin_client, record, versions):
    response = admin_client.get(url(record, "history"))
    assert response.status_code == 200
    assertContains(response, "<html")
    assertContains(response, 'data-testid="note-history"')
    assertContains(response, 'id="notes-aux"')
    # restore is a plain form post there, redirected back to the change page
    assertNotContains(response, 'hx-target="#panel-notes"')
    response = admin_client.post(url(record, "restore", versions[0].uid))
    assert response.status_code == 302
    assert response.url == reverse("admin:lamingui_record_change", args=[record.pk])
    assert services.latest_readme(record).content == "one\n"


def test_version_view_shows_an_older_version_with_a_banner(
    admin_client, record, versions
):
    response = admin_client.get(url(record, "version", versions[1].uid), headers=HX)
    assert response.status_code == 200
    assertContains(response, "Older version — v2 of v3")
    assertContains(response, "<p>one\ntwo")
    assertNotContains(response, "<b>")
    assertContains(response, 'data-testid="note-restore"')
    latest = admin_client.get(url(record, "version", versions[2].uid), headers=HX)
    assertContains(latest, "Latest version — v3 of v3")
    assertNotContains(latest, 'data-testid="note-restore"')


def test_diff_defaults_to_the_previous_version_and_is_escaped(
    admin_client, record, versions
):
    response = admin_client.get(url(record, "diff", versions[1].uid), headers=HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<pre class="lg-diff" data-testid="note-diff">' in body
    assert "+two &lt;b&gt;&amp;&lt;/b&gt;" in body and "<b>&</b>" not in body
    assert "Changes from v1 to v2" in body
    # the first version is compared with no notes
    first = admin_client.get(url(record, "diff", versions[0].uid), headers=HX)
    assertContains(first, "+one")
    assertContains(first, "Changes from no notes to v1")


def test_diff_against_a_newer_version_reads_old_to_new(admin_client, record, versions):
    v1, _, v3 = versions
    response = admin_client.get(
        url(record, "diff", v1.uid) + f"?against={v3.uid}", headers=HX
    )
    assertContains(response, "Changes from v1 to v3")
    assertContains(response, "-one")
    assertContains(response, "+three")


def test_blocks_of_another_record_or_comments_are_404(admin_client, record, versions):
    other = ln.Record(name="other").save()
    foreign = services.save_readme(other, "theirs")
    comment = services.add_comment(record, "a comment")
    for block in (foreign, comment):
        assert admin_client.get(url(record, "version", block.uid)).status_code == 404
        assert admin_client.get(url(record, "diff", block.uid)).status_code == 404
        assert admin_client.post(url(record, "restore", block.uid)).status_code == 404
    against = url(record, "diff", versions[1].uid) + f"?against={foreign.uid}"
    assert admin_client.get(against).status_code == 404
    assert services.latest_readme(record).pk == versions[2].pk


def test_panel_links_history_with_its_count(admin_client, record, versions):
    response = admin_client.get(
        reverse("admin:lamingui_record_notes", args=[record.pk]), headers=HX
    )
    assertContains(response, f'hx-get="{url(record, "history")}"')
    assertContains(response, "History (3)")
    assertContains(response, 'data-testid="note-meta">v3 ·')


def test_version_tag_is_saved_and_a_taken_tag_is_422(admin_client, record):
    edit = reverse("admin:lamingui_record_notes_edit", args=[record.pk])
    response = admin_client.post(
        edit, {"content": "a", "base_uid": "", "version_tag": "1.0"}, headers=HX
    )
    assert response.status_code == 200
    first = services.latest_readme(record)
    assert first.version_tag == "1.0"
    assertContains(response, "v1 (1.0)")
    response = admin_client.post(
        edit,
        {"content": "b", "base_uid": first.uid, "version_tag": "1.0"},
        headers=HX,
    )
    assert response.status_code == 422
    assertContains(response, "already taken", status_code=422)
    assertContains(response, "b</textarea>", status_code=422)
    assert services.latest_readme(record).pk == first.pk
