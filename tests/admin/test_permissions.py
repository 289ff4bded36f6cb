"""Login, roles and spaces at every enforcement point (gui.md §8, AC-AUTH-1/2)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import lamingui as ln
from lamingui import permissions
from tests.admin.conftest import HX
from tests.factories import make_record, make_ulabel

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model) -> str:
    return reverse(f"admin:lamingui_{model._meta.model_name}_changelist")


@pytest.fixture
def secret(gui):
    """A record type with one member, and a label, all in the restricted space."""
    kind = make_record(name="Secret kind", is_type=True, space=gui.restricted)
    member = make_record(name="Secret member", type=kind, space=gui.restricted)
    return kind, member


# -- AC-AUTH-1 ----------------------------------------------------------------------


def test_login_required_everywhere(gui, secret):
    kind, _ = secret
    anonymous = Client()
    urls = [
        reverse("admin:index"),
        reverse("admin:search"),
        reverse("admin:search_suggest") + "?q=se",
        reverse("admin:lamingui_trash"),
        changelist_url(ln.Record),
        change_url(kind),
        reverse("admin:lamingui_record_types", args=[kind.pk]),
        reverse("admin:lamingui_record_types_children", args=[kind.pk]),
        reverse("admin:lamingui_record_graph", args=[kind.pk]),
        reverse("admin:lamingui_record_trash_preview", args=[kind.pk]),
        reverse("admin:lamingui_record_notes", args=[kind.pk]),
    ]
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    assert anonymous.get("/health/").status_code == 200
    assert anonymous.get(reverse("admin:login")).status_code == 200


def test_non_staff_login_is_sent_to_login(gui):
    gui.users["viewer"].is_staff = False
    gui.users["viewer"].save()
    response = gui.client("viewer").get(changelist_url(ln.Record))
    assert response.status_code == 302


# -- AC-AUTH-2: the space matrix ------------------------------------------------------


def test_space_access_per_role(gui, rf):
    request = rf.get("/")
    expected = {
        "viewer": (True, False, False),
        "curator": (True, True, False),
        "outsider": (False, False, False),
        "space_admin": (True, True, True),
        "admin": (True, True, True),
    }
    space = gui.restricted.pk
    for name, (read, write, admin) in expected.items():
        request = rf.get("/")
        request.user = gui.users[name]
        access = permissions.space_access(request)
        assert (
            access.can_read(space),
            access.can_write(space),
            access.can_admin(space),
        ) == (read, write, admin), name
        assert access.can_read(1)


@pytest.mark.parametrize(
    ("user", "listed"),
    [("outsider", False), ("viewer", True), ("curator", True), ("admin", True)],
)
def test_permissions_changelist_get_queryset(gui, secret, user, listed):
    response = gui.client(user).get(changelist_url(ln.Record))
    assert response.status_code == 200
    assert ("Secret member" in response.content.decode()) is listed


@pytest.mark.parametrize(
    ("user", "outcome"),
    [
        ("outsider", "missing"),
        ("viewer", "read-only"),
        ("curator", "editable"),
        ("admin", "editable"),
    ],
)
def test_permissions_change_view(gui, secret, user, outcome):
    _, member = secret
    client = gui.client(user)
    response = client.get(change_url(member))
    if outcome == "missing":
        # exactly like a missing object: redirect to the admin index with a message
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
        return
    assert response.status_code == 200
    editable = 'name="name"' in response.content.decode()
    assert editable is (outcome == "editable")
    post = client.post(change_url(member), {"name": "renamed"})
    if outcome == "read-only":
        assert post.status_code == 403
        assert ln.Record.get(pk=member.pk).name == "Secret member"


def test_permissions_delete_needs_write(gui, secret):
    _, member = secret
    delete = reverse("admin:lamingui_record_delete", args=[member.pk])
    assert gui.client("viewer").post(delete, {"post": "yes"}).status_code == 403
    assert gui.client("outsider").post(delete, {"post": "yes"}).status_code == 302
    assert ln.Record.objects.get(pk=member.pk).branch_id == 1
    gui.client("curator").post(delete, {"post": "yes"})
    assert ln.Record.objects.get(pk=member.pk).branch_id == -1


def test_permissions_fk_choices(gui, secret):
    kind, _ = secret
    add = reverse("admin:lamingui_record_add")
    outsider = gui.client("outsider").get(add).context["adminform"].form
    curator = gui.client("curator").get(add).context["adminform"].form
    outsider_spaces = set(
        outsider.fields["space"].queryset.values_list("pk", flat=True)
    )
    curator_spaces = set(curator.fields["space"].queryset.values_list("pk", flat=True))
    assert outsider_spaces == {1}
    assert curator_spaces == {1, gui.restricted.pk}
    assert kind not in outsider.fields["type"].queryset
    assert kind in curator.fields["type"].queryset
    viewer = gui.client("viewer")
    viewer_form = viewer.get(change_url(make_record())).context["adminform"].form
    assert viewer_form is not None  # read-only form renders


def test_permissions_move_into_space_needs_write_on_both(gui, secret):
    _, member = secret
    mine = make_record(name="Public record")
    response = gui.client("outsider").post(
        change_url(mine), {"name": "Public record", "space": gui.restricted.pk}
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "space" in response.context["adminform"].form.errors
    assert ln.Record.get(pk=mine.pk).space_id == 1
    # the viewer reads the restricted space but cannot move things out of it
    response = gui.client("viewer").post(
        change_url(member), {"name": "Secret member", "space": 1}
    )
    assert response.status_code == 403
    assert ln.Record.objects.get(pk=member.pk).space_id == gui.restricted.pk


@pytest.mark.parametrize(
    ("user", "seen"),
    [("outsider", False), ("viewer", True), ("curator", True), ("admin", True)],
)
def test_permissions_link_rows_and_blocks_follow_their_host(gui, secret, user, seen):
    """Links and blocks have no space: their host's space decides (gui.md §8.3)."""
    _, member = secret
    project = ln.Project(name="Open project").save()
    hidden = ln.models.ProjectRecord(project=project, record=member).save()
    shown = ln.models.ProjectRecord(project=project, record=make_record()).save()
    note = ln.models.RecordBlock(record=member, content="secret", kind="readme").save()
    client = gui.client(user)
    links = client.get(changelist_url(ln.models.ProjectRecord))
    listed = {row.pk for row in links.context["cl"].result_list}
    assert shown.pk in listed
    assert (hidden.pk in listed) is seen
    blocks = client.get(changelist_url(ln.models.RecordBlock))
    assert (note.pk in {row.pk for row in blocks.context["cl"].result_list}) is seen
    for obj in (hidden, note):
        page = client.get(change_url(obj))
        assert (page.status_code == 200) is seen  # else the "missing" redirect


def test_permissions_link_rows_are_written_where_their_hosts_are(gui, secret, rf):
    _, member = secret
    project = ln.Project(name="Open project").save()
    link = ln.models.ProjectRecord(project=project, record=member).save()
    expected = {"viewer": (True, False), "curator": (True, True)}
    expected |= {"outsider": (False, False), "admin": (True, True)}
    for name, (read, write) in expected.items():
        request = rf.get("/")
        request.user = gui.users[name]
        assert permissions.readable(request, link) is read, name
        assert permissions.writable(request, link) is write, name
        queryset = ln.models.ProjectRecord.objects.filter(pk=link.pk)
        assert permissions.filter_writable(request, queryset).exists() is write, name
    assert permissions.host_fields(ln.Record) == ()
    assert permissions.host_fields(ln.models.RecordBlock) == (("record", False),)


def test_permissions_autocomplete_and_raw_id_lookup(gui, secret):
    # the raw-id lookup popup is the related changelist: space-filtered too
    url = changelist_url(ln.Record) + "?_popup=1&_to_field=id&is_type=1"
    assert "Secret kind" not in gui.client("outsider").get(url).content.decode()
    assert "Secret kind" in gui.client("viewer").get(url).content.decode()


def test_permissions_global_search(gui, secret):
    for user, found in (("outsider", False), ("viewer", True)):
        response = gui.client(user).get(
            reverse("admin:search_suggest"), {"q": "Secret member"}, headers=HX
        )
        hit = '<span class="lg-search-name"><mark>Secret member</mark></span>'
        assert (hit in response.content.decode()) is found
        page = gui.client(user).get(reverse("admin:search"), {"q": "Secret"})
        assert ("<mark>Secret</mark> member</a>" in page.content.decode()) is found


def test_permissions_versions_hide_members(gui):
    first = ln.Transform(key="pipe.py", source_code="a\n").save()
    second = ln.Transform(key="pipe.py", source_code="b\n", revises=first).save()
    second.space = gui.restricted
    second.save()
    url = reverse("admin:lamingui_transform_versions", args=[first.pk])
    response = gui.client("outsider").get(url, headers=HX)
    assertContains(response, 'data-testid="versions-hidden"')
    assertContains(response, "1 version hidden")
    assertNotContains(response, second.uid)
    response = gui.client("viewer").get(url, headers=HX)
    assertContains(response, second.uid)
    assertNotContains(response, 'data-testid="versions-hidden"')


def test_permissions_type_trees_and_counts(gui, secret):
    kind, _ = secret
    public = make_record(name="Public kind", is_type=True)
    make_record(name="Hidden member", type=public, space=gui.restricted)
    make_record(name="Open member", type=public)
    url = reverse("admin:lamingui_record_types", args=[public.pk])
    response = gui.client("outsider").get(url, headers=HX)
    assertContains(response, "Open member")
    assertNotContains(response, "Hidden member")
    assert response.context["total"] == 1
    assert gui.client("viewer").get(url, headers=HX).context["total"] == 2
    kind_url = reverse("admin:lamingui_record_types", args=[kind.pk])
    assert gui.client("outsider").get(kind_url, headers=HX).status_code == 404


def test_permissions_graph_neighbours(gui):
    root = make_ulabel(name="Open root")
    hidden = make_ulabel(name="Hidden child", space=gui.restricted)
    hidden.parents.add(root)
    url = reverse("admin:lamingui_ulabel_graph", args=[root.pk])
    response = gui.client("outsider").get(url, {"direction": "children"}, headers=HX)
    assertNotContains(response, "Hidden child")
    assertContains(response, 'data-testid="graph-hidden"')
    response = gui.client("viewer").get(url, {"direction": "children"}, headers=HX)
    assertContains(response, "Hidden child")


def test_permissions_notes_panel(gui, secret):
    _, member = secret
    url = reverse("admin:lamingui_record_notes", args=[member.pk])
    assert gui.client("outsider").get(url, headers=HX).status_code == 404
    assert gui.client("viewer").get(url, headers=HX).status_code == 200


def test_permissions_trash_listing_and_actions(gui, secret):
    _, member = secret
    member.delete()
    trash = reverse("admin:lamingui_trash")
    assert gui.client("viewer").get(trash).status_code == 403  # no view_trash
    assertNotContains(gui.client("outsider").get(trash), "Secret member")
    assertContains(gui.client("curator").get(trash), "Secret member")
    restore = reverse("admin:lamingui_trash_restore", args=["record", member.pk])
    assert gui.client("outsider").post(restore).status_code == 404
    purge = reverse("admin:lamingui_trash_delete", args=["record", member.pk])
    assert gui.client("curator").post(purge, {"confirm": "yes"}).status_code == 403
    gui.client("curator").post(restore)
    assert ln.Record.objects.get(pk=member.pk).branch_id == 1


def test_permissions_home_recent_changes_are_own(gui, secret):
    from django.contrib.admin.models import CHANGE, LogEntry  # noqa: PLC0415

    _, member = secret
    LogEntry.objects.log_actions(
        gui.users["curator"].pk,
        ln.Record.objects.filter(pk=member.pk),
        CHANGE,
        change_message="renamed",
        single_object=True,
    )
    recent = "Secret member</a>"
    assert recent in gui.client("curator").get(reverse("admin:index")).content.decode()
    assert (
        recent
        not in gui.client("outsider").get(reverse("admin:index")).content.decode()
    )


def test_permissions_space_memberships_inline(gui):
    url = change_url(gui.restricted)
    response = gui.client("space_admin").get(url)
    assert response.status_code == 200
    inlines = response.context["inline_admin_formsets"]
    assert [type(i.opts).__name__ for i in inlines] == ["SpaceMembershipInline"]
    assert inlines[0].has_add_permission
    viewer = gui.client("viewer").get(url)
    assert viewer.status_code == 200  # a member reads the list, read-only
    assert not any(
        i.has_add_permission for i in viewer.context["inline_admin_formsets"]
    )
    assert not viewer.context["has_change_permission"]
    assert gui.client("outsider").get(url).status_code == 302  # unreadable space
