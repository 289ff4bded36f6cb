"""Install and admin checks (gui.md §11 AC-ADM-1..4) and the HTMX contract (AC-HX-*)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from admin_interface.models import Theme
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

import lamingui as ln
from lamingui.models import Branch, Space
from tests.admin.conftest import HX
from tests.factories import make_record, make_transform, make_ulabel

pytestmark = pytest.mark.django_db


def test_check_and_init_idempotent():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()
    for _ in range(2):
        call_command("lamingui_init", stdout=StringIO())
    assert list(Theme.objects.filter(active=True).values_list("name", flat=True)) == [
        "lamingui"
    ]
    groups = set(
        Group.objects.filter(name__startswith="lamingui-").values_list(
            "name", flat=True
        )
    )
    assert groups == {"lamingui-viewer", "lamingui-curator", "lamingui-admin"}
    assert set(Branch.objects.values_list("pk", flat=True)) >= {-1, 0, 1}
    assert Space.objects.get(pk=1).name == "all"
    viewer = Group.objects.get(name="lamingui-viewer").permissions
    assert viewer.filter(codename="view_record").exists()
    assert not viewer.filter(codename="change_record").exists()
    admin = Group.objects.get(name="lamingui-admin").permissions
    assert admin.filter(codename="purge_trash").exists()
    curator = Group.objects.get(name="lamingui-curator").permissions
    assert curator.filter(codename="view_trash").exists()
    assert not curator.filter(codename="purge_trash").exists()


def test_groups_cover_the_biology_registries():
    call_command("lamingui_init", stdout=StringIO())
    viewer = Group.objects.get(name="lamingui-viewer").permissions
    curator = Group.objects.get(name="lamingui-curator").permissions
    for app, model in [("bionty", "celltype"), ("pertdb", "compound")]:
        assert viewer.filter(
            content_type__app_label=app, codename=f"view_{model}"
        ).exists()
        assert not viewer.filter(
            content_type__app_label=app, codename=f"add_{model}"
        ).exists()
        assert curator.filter(
            content_type__app_label=app, codename=f"add_{model}"
        ).exists()


def test_admin_page_assets_local(gui):
    response = gui.client("curator").get(reverse("admin:index"))
    body = response.content.decode()
    assert "admin-interface" in body
    assert "lamingui/js/htmx.min.js" in body
    assert 'data-testid="search-input"' in body
    assert not re.search(r"<script[^>]+src=\"https?:", body)
    assert not re.search(r"<link[^>]+href=\"https?:", body)


def _slots(client, url) -> list[str]:
    return re.findall(
        r'data-testid="panel-slot-([a-z-]+)"', client.get(url).content.decode()
    )


def test_panel_slots_per_registry(admin_client, storage_root, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n")
    artifact = ln.Artifact(path, key="x.csv").save()
    record = make_record()
    art_url = reverse("admin:lamingui_artifact_change", args=[artifact.pk])
    rec_url = reverse("admin:lamingui_record_change", args=[record.pk])
    assert _slots(admin_client, art_url) == ["notes", "versions"]
    assert _slots(admin_client, rec_url) == ["notes", "types", "graph"]
    assert _slots(admin_client, reverse("admin:lamingui_record_add")) == []
    assert _slots(admin_client, rec_url + "?_popup=1") == []
    body = admin_client.get(rec_url).content.decode()
    form_end = body.index("</form>", body.index('id="record_form"'))
    assert body.index('data-testid="panel-host"') > form_end


def test_changelist_defaults(admin_client):
    trashed = make_record(name="in the trash")
    trashed.delete()
    archived = make_record(name="in the archive")
    ln.Record.objects.filter(pk=archived.pk).update(branch_id=0)
    live = make_record(name="on main")
    url = reverse("admin:lamingui_record_changelist")
    shown = {r.pk for r in admin_client.get(url).context["cl"].result_list}
    assert live.pk in shown and not {trashed.pk, archived.pk} & shown
    trash = admin_client.get(url, {"branch": "trash"}).context["cl"].result_list
    assert {r.pk for r in trash} == {trashed.pk}
    first = make_transform(key="v.py")
    second = ln.Transform(key="v.py", revises=first).save()
    t_url = reverse("admin:lamingui_transform_changelist")
    latest = {r.pk for r in admin_client.get(t_url).context["cl"].result_list}
    assert second.pk in latest and first.pk not in latest
    every = admin_client.get(t_url, {"versions": "all"}).context["cl"].result_list
    assert {first.pk, second.pk} <= {r.pk for r in every}
    kind = make_ulabel(name="A kind", is_type=True)
    make_ulabel(name="not a kind")
    response = admin_client.get(reverse("admin:lamingui_ulabel_changelist"))
    type_filter = next(
        f for f in response.context["cl"].filter_specs if f.parameter_name == "type"
    )
    assert [name for _, name in type_filter.lookup_choices] == [kind.name]


# -- HTMX contract ---------------------------------------------------------------------


@pytest.fixture
def panel_urls(db):
    first = make_transform(key="hx.py", source_code="a\n")
    second = ln.Transform(key="hx.py", source_code="b\n", revises=first).save()
    kind = make_record(name="HX kind", is_type=True)
    make_record(name="HX member", type=kind)
    label = make_ulabel(name="HX label")
    diff = reverse("admin:lamingui_transform_versions_diff", args=[second.pk])
    return {
        "versions": reverse("admin:lamingui_transform_versions", args=[second.pk]),
        "versions-diff": f"{diff}?a={first.pk}&b={second.pk}",
        "types": reverse("admin:lamingui_record_types", args=[kind.pk]),
        "types-children": reverse(
            "admin:lamingui_record_types_children", args=[kind.pk]
        ),
        "graph": reverse("admin:lamingui_ulabel_graph", args=[label.pk]),
        "trash-preview": reverse("admin:lamingui_record_trash_preview", args=[kind.pk]),
    }


@pytest.mark.parametrize(
    "panel",
    ["versions", "versions-diff", "types", "types-children", "graph", "trash-preview"],
)
def test_htmx_contract(admin_client, panel_urls, panel, settings):
    settings.LAMINGUI_GRAPH_RENDERER = "html"
    url = panel_urls[panel]
    fragment = admin_client.get(url, headers=HX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]
    page = admin_client.get(url)
    assert page.status_code == 200
    assertContains(page, "<html")
    assertContains(page, "admin-interface")


def test_404_matrix(gui, panel_urls):
    secret = make_record(name="HX secret", is_type=True, space=gui.restricted)
    names = ["types", "types_children", "graph", "trash_preview", "notes"]
    client = gui.client("outsider")
    for name in names:
        for pk in (999999, secret.pk):
            url = reverse(f"admin:lamingui_record_{name}", args=[pk])
            assert client.get(url, headers=HX).status_code == 404, (name, pk)
    unknown = "/lamingui/nosuchregistry/1/graph/"
    assert client.get(unknown, headers=HX).status_code == 404


def test_csrf_on_all_posts(gui):
    record = make_record(name="csrf target")
    record.delete()
    user = gui.users["admin"]
    posts = [
        reverse("admin:lamingui_trash_restore", args=["record", record.pk]),
        reverse("admin:lamingui_trash_delete", args=["record", record.pk]),
        reverse("admin:lamingui_trash_restore_many"),
        reverse("admin:lamingui_trash_purge"),
        reverse("admin:lamingui_record_changelist"),
        reverse("admin:lamingui_record_change", args=[record.pk]),
        reverse("admin:lamingui_record_delete", args=[record.pk]),
    ]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    for url in posts:
        assert strict.post(url, {}).status_code == 403, url
    strict.get(reverse("admin:index"))  # sets the CSRF cookie
    token = strict.cookies["csrftoken"].value
    response = strict.post(posts[0], {}, headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert ln.Record.objects.get(pk=record.pk).branch_id == 1
