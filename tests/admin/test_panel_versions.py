"""The versions panel on versioned registries (issue 5 item 3)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

import lamingui as ln
from lamingui.blocks.services import save_readme
from tests.admin.conftest import HX
from tests.factories import make_transform


@pytest.fixture
def family(db):
    first = ln.Transform(key="etl.py", source_code="print(1)\n").save()
    second = ln.Transform(key="etl.py", source_code="print(1)\nprint(2)\n").save()
    third = ln.Transform(key="etl.py", source_code="print(3)\n" * 30).save()
    return first, second, third


def versions_url(record) -> str:
    return reverse("admin:lamingui_transform_versions", args=[record.pk])


def test_versions_panel_lists_the_family_and_marks_the_latest(admin_client, family):
    first, _, third = family
    response = admin_client.get(versions_url(first), headers={"HX-Request": "true"})
    assertTemplateUsed(response, "lamingui/panels/versions.html")
    body = response.content.decode()
    assert body.count("<tr") == 4  # header + 3 versions
    assert body.index(third.uid) < body.index(first.uid)  # newest first
    assertContains(response, ">latest<", count=1)
    assertContains(response, 'id="panel-versions"')
    assertContains(response, 'aria-current="true"', count=1)
    current = body[body.index('aria-current="true"') - 200 : body.index("aria-current")]
    assert f'data-uid="{first.uid}"' in current  # the panel's own version


def test_change_page_hosts_the_versions_panel(admin_client, family):
    first, _, _ = family
    url = reverse("admin:lamingui_transform_change", args=[first.pk])
    response = admin_client.get(url)
    assertContains(response, 'id="panel-versions"')
    assertContains(response, versions_url(first))
    assertContains(response, "htmx.min.js")
    assertContains(response, "X-CSRFToken")


def test_unversioned_registries_have_no_versions_panel(admin_client, db):
    record = ln.Record(name="plain").save()
    url = reverse("admin:lamingui_record_change", args=[record.pk])
    assert 'id="panel-versions"' not in admin_client.get(url).content.decode()


def test_versions_diff_of_source_code_is_a_line_diff(admin_client, family):
    first, _, third = family
    url = reverse("admin:lamingui_transform_versions_diff", args=[first.pk])
    response = admin_client.get(url, {"a": first.pk, "b": third.pk})
    assertTemplateUsed(response, "lamingui/panels/versions_diff.html")
    assertContains(response, "source_code")
    assertContains(response, "+print(3)")
    assertContains(response, "-print(1)")


def test_versions_diff_of_another_family_is_404(admin_client, family):
    first, _, _ = family
    stranger = make_transform(key="other.py")
    url = reverse("admin:lamingui_transform_versions_diff", args=[first.pk])
    assert admin_client.get(url, {"a": first.pk, "b": stranger.pk}).status_code == 404
    assert admin_client.get(url, {"a": "x"}).status_code == 404


def test_stem_redirect_to_the_latest_version(admin_client, family):
    first, _, third = family
    url = reverse("admin:lamingui_transform_stem", args=[first.stem_uid])
    response = admin_client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("admin:lamingui_transform_change", args=[third.pk])
    bad = reverse("admin:lamingui_transform_stem", args=["nope"])
    assert admin_client.get(bad).status_code == 404


def test_versions_panel_requires_login(client, family):
    response = client.get(versions_url(family[0]))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_versions_panel_unknown_id_is_404(admin_client, db):
    url = reverse("admin:lamingui_transform_versions", args=[999999])
    assert admin_client.get(url).status_code == 404


def test_versions_panel_refuses_post(admin_client, family):
    assert admin_client.post(versions_url(family[0])).status_code == 405


def test_versions_panel_queries_do_not_grow_with_the_family(
    admin_client, family, django_assert_max_num_queries
):
    for i in range(10):
        ln.Transform(key="etl.py", source_code=f"print({i + 10})\n").save()
    admin_client.get(versions_url(family[0]))  # first visit links the lamindb user
    with django_assert_max_num_queries(8):
        admin_client.get(versions_url(family[0]))


def test_versions_diff_ac_ver_3_label_added_and_all_rows(admin_client, tmp_path):
    """AC-VER-3: changed rows only, a line diff, a label under "added"; all=1."""
    (tmp_path / "v1.csv").write_text("a\n1\n")
    (tmp_path / "v3.csv").write_text("a\n3\n")
    v1 = ln.Artifact(
        tmp_path / "v1.csv", key="data/x.csv", description="one line"
    ).save()
    v3 = ln.Artifact(
        tmp_path / "v3.csv", revises=v1, description="first line\nsecond line"
    ).save()
    kept = ln.ULabel(name="kept label").save()
    gone = ln.ULabel(name="gone label").save()
    new = ln.ULabel(name="new label").save()
    v1.ulabels.add(kept, gone)
    v3.ulabels.add(kept, new)
    url = reverse("admin:lamingui_artifact_versions_diff", args=[v3.pk])
    response = admin_client.get(url, {"a": v1.pk, "b": v3.pk}, headers=HX)
    body = response.content.decode()
    assert 'data-changed="false"' not in body  # changed rows only
    assert 'data-field="description"' in body
    assert '<span class="lg-diff-add">+second line</span>' in body
    assert '<span class="lg-diff-del">-one line</span>' in body
    added = body[body.index('data-testid="diff-added"') :]
    assert added.index("new label") < added.index("</p>")
    removed = body[body.index('data-testid="diff-removed"') :]
    assert removed.index("gone label") < removed.index("</p>")
    assert "kept label" not in body
    assert 'data-field="key"' not in body  # same key in both versions
    everything = admin_client.get(url, {"a": v1.pk, "b": v3.pk, "all": "1"}, headers=HX)
    assertContains(everything, 'data-field="key"')
    assertContains(everything, 'data-changed="false"')


def test_versions_diff_hides_labels_of_unreadable_spaces(gui, tmp_path):
    (tmp_path / "a.csv").write_text("a\n1\n")
    (tmp_path / "b.csv").write_text("a\n2\n")
    v1 = ln.Artifact(tmp_path / "a.csv", key="data/y.csv").save()
    v2 = ln.Artifact(tmp_path / "b.csv", revises=v1).save()
    secret = ln.ULabel(name="secret label", space=gui.restricted).save()
    v2.ulabels.add(secret)
    url = reverse("admin:lamingui_artifact_versions_diff", args=[v2.pk])
    query = {"a": v1.pk, "b": v2.pk}
    outsider = gui.client("outsider").get(url, query, headers=HX)
    assertNotContains(outsider, "secret label")
    assertContains(outsider, "1 link to records in restricted spaces")
    assertContains(gui.client("curator").get(url, query, headers=HX), "secret label")


def test_versions_edge_cases(admin_client, family):
    """AC-VER-4: two latest members warn without error; one member is empty."""
    first, _, third = family
    ln.Transform.objects.filter(pk=first.pk).update(is_latest=True)
    response = admin_client.get(versions_url(third), headers=HX)
    assertContains(response, 'data-testid="latest-warning"')
    assertContains(response, "2 versions of this family are marked latest")
    alone = make_transform(key="alone.py")
    single = admin_client.get(versions_url(alone), headers=HX)
    assertContains(single, 'data-testid="empty-versions"')
    assertNotContains(single, 'data-testid="latest-warning"')
    ln.Transform.objects.filter(pk=first.pk).update(is_latest=False)
    fine = admin_client.get(versions_url(family[1]), headers=HX)
    assertNotContains(fine, 'data-testid="latest-warning"')


def _note_row(response) -> str:
    body = response.content.decode()
    match = re.search(r'<tr [^>]*data-testid="diff-note".*?</tr>', body, re.S)
    return match.group(0) if match else ""


def test_versions_diff_compares_the_readme_notes_last(admin_client, family):
    """gui.md §6.3: the diff's final row compares the latest readme of A and B."""
    first, second, third = family
    url = reverse("admin:lamingui_transform_versions_diff", args=[first.pk])
    # no notes on either side: no row, not even with all=1
    response = admin_client.get(url, {"a": first.pk, "b": second.pk, "all": "1"})
    assert _note_row(response) == ""
    save_readme(first, "Loads the <b>raw</b> table.")
    save_readme(first, "Loads the raw table.")  # a later version of A's note
    save_readme(third, "# ETL\n\nLoads the raw table.\nWrites the clean one.\n")
    response = admin_client.get(url, {"a": first.pk, "b": third.pk}, headers=HX)
    row = _note_row(response)
    assert 'data-changed="true"' in row
    assert "readme note" in row
    assert "-Loads the raw table." not in row  # unchanged line
    assert "+Writes the clean one." in row
    assert "<b>raw</b>" not in response.content.decode()  # A's older note is not used
    body = response.content.decode()
    assert body.rindex("<tr ") == body.index(row)  # the final row
    # a short note against none: both values side by side, escaped
    save_readme(second, "<i>short</i>")
    response = admin_client.get(url, {"a": first.pk, "b": second.pk})
    row = _note_row(response)
    assert "&lt;i&gt;short&lt;/i&gt;" in row and "Loads the raw table." in row
    # equal notes: shown only with all=1, unchanged
    save_readme(second, "Loads the raw table.")
    response = admin_client.get(url, {"a": first.pk, "b": second.pk})
    assert _note_row(response) == ""
    response = admin_client.get(url, {"a": first.pk, "b": second.pk, "all": "1"})
    assert 'data-changed="false"' in _note_row(response)
