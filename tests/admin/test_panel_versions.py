"""The versions panel on versioned registries (issue 5 item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertTemplateUsed

import lamingui as ln
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


def test_versions_diff_shows_changed_fields_and_a_line_diff(admin_client, family):
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


def test_stem_uid_url_redirects_to_the_latest_version(admin_client, family):
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
    with django_assert_max_num_queries(8):
        admin_client.get(versions_url(family[0]))
