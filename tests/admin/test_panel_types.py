"""The type hierarchy panel on HasType registries (issue 5 item 4)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from tests.factories import make_record, make_ulabel


def types_url(record) -> str:
    return reverse("admin:lamingui_record_types", args=[record.pk])


def children_url(record) -> str:
    return reverse("admin:lamingui_record_types_children", args=[record.pk])


def test_types_panel_lists_ancestors_nearest_first(admin_client, record_type_tree):
    top, middle, leaf, members = record_type_tree
    response = admin_client.get(types_url(members[0]), headers={"HX-Request": "true"})
    assertTemplateUsed(response, "lamingui/panels/types.html")
    assertContains(response, 'id="panel-types"')
    body = response.content.decode()
    assert body.index(leaf.name) < body.index(middle.name) < body.index(top.name)
    assertContains(response, 'data-testid="type-ancestor"', count=3)
    assertContains(response, reverse("admin:lamingui_record_change", args=[top.pk]))
    assertNotContains(response, "type-trash-warning")


def test_type_panel_and_children_counts_and_lazy_grandchildren(
    admin_client, record_type_tree
):
    top, middle, _leaf, _ = record_type_tree
    make_record(name="Loose member", type=top)
    response = admin_client.get(types_url(top))
    assertContains(response, 'data-testid="type-node"', count=2)  # middle + loose
    assertContains(response, "Tissue sample")
    assertContains(response, "(type, 1 member)")
    # the grandchild is loaded lazily, not rendered
    assertNotContains(response, "Biopsy")
    assertContains(response, f'hx-get="{children_url(middle)}"')
    assertContains(response, f'id="type-children-{middle.pk}"')


def test_children_fragment_loads_one_level(admin_client, record_type_tree):
    _top, middle, leaf, _members = record_type_tree
    response = admin_client.get(children_url(middle), headers={"HX-Request": "true"})
    assertTemplateUsed(response, "lamingui/panels/types_children.html")
    assertContains(response, 'data-testid="type-node"', count=1)
    assertContains(response, "Biopsy")
    assertContains(response, "(type, 3 members)")
    response = admin_client.get(children_url(leaf))
    assertContains(response, 'data-testid="type-node"', count=3)
    assertNotContains(response, "lamingui-type-expand")


def test_trash_warning_counts_all_members_recursively(admin_client, record_type_tree):
    top, *_ = record_type_tree
    response = admin_client.get(types_url(top))
    # middle, leaf and the three members
    assertContains(response, "Deleting this type also moves 5 records to the trash.")


def test_trashed_records_are_left_out(admin_client, record_type_tree):
    top, middle, leaf, members = record_type_tree
    members[0].delete()
    response = admin_client.get(children_url(leaf))
    assertContains(response, 'data-testid="type-node"', count=2)
    assertContains(admin_client.get(types_url(top)), "moves 4 records")
    leaf.delete()  # trashes the remaining members too
    assertContains(admin_client.get(children_url(middle)), "type-node", count=0)
    assert admin_client.get(children_url(leaf)).status_code == 404


def test_untyped_record_has_the_empty_state(admin_client, db):
    record = make_record(name="alone")
    response = admin_client.get(types_url(record))
    assertContains(response, "Not part of a type hierarchy.")


def test_change_page_hosts_the_types_panel(admin_client, record_type_tree):
    top, *_ = record_type_tree
    response = admin_client.get(reverse("admin:lamingui_record_change", args=[top.pk]))
    assertContains(response, types_url(top))


def test_other_hastype_registries_have_the_panel(admin_client, db):
    label_type = make_ulabel(name="Colour", is_type=True)
    make_ulabel(name="red", type=label_type)
    url = reverse("admin:lamingui_ulabel_types", args=[label_type.pk])
    assertContains(admin_client.get(url), "red")


def test_more_link_leads_to_the_filtered_changelist(
    admin_client, record_type_tree, monkeypatch
):
    _, _, leaf, _ = record_type_tree
    monkeypatch.setattr("lamingui.panels.types.MAX_CHILDREN", 2)
    response = admin_client.get(children_url(leaf))
    assertContains(response, "… and 1 more")
    changelist = reverse("admin:lamingui_record_changelist")
    link = f"{changelist}?type__id__exact={leaf.pk}"
    assertContains(response, link)
    assert admin_client.get(link).status_code == 200


def test_types_panel_requires_login(client, record_type_tree):
    for url in (types_url(record_type_tree[0]), children_url(record_type_tree[0])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response.url


def test_types_panel_unknown_id_is_404(admin_client, db):
    for name in ("admin:lamingui_record_types", "admin:lamingui_record_types_children"):
        assert admin_client.get(reverse(name, args=[999999])).status_code == 404


def test_children_of_a_non_type_is_404(admin_client, record_type_tree):
    member = record_type_tree[3][0]
    assert admin_client.get(children_url(member)).status_code == 404


def test_types_panel_refuses_post(admin_user, record_type_tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    top = record_type_tree[0]
    assert client.post(types_url(top)).status_code in {403, 405}
    admin = Client()
    admin.force_login(admin_user)
    assert admin.post(types_url(top)).status_code == 405
    assert admin.post(children_url(top)).status_code == 405


@pytest.mark.parametrize("n", [5, 40])
def test_types_panel_queries_do_not_grow_with_children(
    admin_client, record_type_tree, django_assert_max_num_queries, n
):
    top = record_type_tree[0]
    for i in range(n):
        sub = make_record(name=f"sub{i}", is_type=True, type=top)
        make_record(name=f"m{i}", type=sub)
    admin_client.get(types_url(top))  # first visit links the lamindb user
    with django_assert_max_num_queries(14):
        admin_client.get(types_url(top))
    with django_assert_max_num_queries(8):
        admin_client.get(children_url(top))


def roots_url(registry: str = "record") -> str:
    return reverse(f"admin:lamingui_{registry}_types_roots")


def test_types_roots_page_lists_root_types_lazily(admin_client, record_type_tree):
    top, middle, _leaf, _ = record_type_tree
    make_record(name="Untyped one")
    other_root = make_record(name="Another root", is_type=True)
    response = admin_client.get(roots_url())
    assertTemplateUsed(response, "lamingui/types/roots.html")
    assertContains(response, "admin-interface")  # a themed page
    nodes = response.content.decode().count('data-testid="type-node"')
    assert nodes == 2  # the two root types; nothing below them yet
    assertContains(response, top.name)
    assertContains(response, other_root.name)
    assertNotContains(response, middle.name)  # loaded on expand
    assertContains(response, children_url(top))
    assertContains(response, 'data-testid="untyped-count">1 record without a type')


def test_types_roots_hide_trash_and_unreadable_spaces(gui):
    visible = make_record(name="Open root", is_type=True)
    secret = make_record(name="Secret root", is_type=True, space=gui.restricted)
    trashed = make_record(name="Trashed root", is_type=True)
    trashed.delete()
    outsider = gui.client("outsider").get(roots_url())
    assertContains(outsider, visible.name)
    assertNotContains(outsider, secret.name)
    assertNotContains(outsider, "Trashed root")
    assertContains(gui.client("viewer").get(roots_url()), secret.name)


def test_changelist_links_to_the_types_roots(admin_client, db):
    response = admin_client.get(reverse("admin:lamingui_record_changelist"))
    assertContains(response, f'href="{roots_url()}"')
    ulabels = admin_client.get(reverse("admin:lamingui_ulabel_changelist"))
    assertContains(ulabels, f'href="{roots_url("ulabel")}"')
    artifacts = admin_client.get(reverse("admin:lamingui_artifact_changelist"))
    assertNotContains(artifacts, 'data-testid="types-roots-link"')


def test_types_roots_queries_do_not_grow_with_roots(
    admin_client, db, django_assert_max_num_queries
):
    for i in range(30):
        kind = make_record(name=f"root {i}", is_type=True)
        make_record(name=f"member {i}", type=kind)
    admin_client.get(roots_url())  # first visit links the lamindb user
    with django_assert_max_num_queries(12):
        response = admin_client.get(roots_url())
    assert response.content.decode().count('data-testid="type-node"') == 30


def test_types_roots_requires_login_and_get(client, admin_client, db):
    response = client.get(roots_url())
    assert response.status_code == 302 and "/login/" in response.url
    assert admin_client.post(roots_url()).status_code == 405


def test_type_cycle_guard(admin_client, db):
    """AC-TYPE-3: a type cycle written around the model layer is shown, not looped."""
    a = make_record(name="Cycle A", is_type=True)
    b = make_record(name="Cycle B", is_type=True, type=a)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # its trigger refuses cycles
            cursor.execute("SET LOCAL session_replication_role = replica")
        type(a).objects.filter(pk=a.pk).update(type_id=b.pk)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")
    response = admin_client.get(types_url(b), headers={"HX-Request": "true"})
    assertContains(response, 'data-testid="type-cycle"')
    assertContains(response, "Cycle A")
    plain = admin_client.get(types_url(make_record(name="plain", is_type=True)))
    assertNotContains(plain, 'data-testid="type-cycle"')
