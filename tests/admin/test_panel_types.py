"""The type hierarchy panel on HasType registries (issue 5 item 4)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from lamingui.models import Record
from tests.factories import make_record, make_ulabel

#: the breadcrumb separator
CRUMB = "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"


def types_url(record) -> str:
    return reverse("admin:lamingui_record_types", args=[record.pk])


def children_url(record) -> str:
    return reverse("admin:lamingui_record_types_children", args=[record.pk])


def test_types_panel_breadcrumb_runs_from_the_root(admin_client, record_type_tree):
    top, _middle, _leaf, members = record_type_tree
    response = admin_client.get(types_url(members[0]), headers={"HX-Request": "true"})
    assertTemplateUsed(response, "lamingui/panels/types.html")
    assertContains(response, 'id="panel-types"')
    crumbs = re.search(
        r'data-testid="type-breadcrumb">(.*?)</ol>', response.content.decode(), re.S
    ).group(1)
    # root, then each type down to the record itself (not a link: the current page)
    text = " ".join(re.sub(r"<[^>]+>", "", crumbs).split())
    assert text.split(f" {CRUMB} ") == ["Sample", "Tissue sample", "Biopsy", "B0"]
    assert f'<li aria-current="page">{members[0].name}</li>' in crumbs
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
    assertContains(response, "(0 members · 1 sub-type)")
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
    assertContains(response, "(3 members · 0 sub-types)")
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


def _node_names(response) -> list[str]:
    """Names of the tree nodes in the response, in page order."""
    pks = re.findall(
        r'data-testid="type-node" data-pk="(\d+)"', response.content.decode()
    )
    names = dict(Record.objects.filter(pk__in=pks).values_list("pk", "name"))
    return [names[int(pk)] for pk in pks]


def test_type_members_pagination(admin_client, db):
    """AC-TYPE-2: 120 members: pages of 50, 50 and 20; "Load more" until the last."""
    kind = make_record(name="Big type", is_type=True)
    names = [f"m{i:03d}" for i in range(120)]
    for name in reversed(names):  # created out of order: the pages sort by name
        make_record(name=name, type=kind)
    hx = {"HX-Request": "true"}
    first = admin_client.get(children_url(kind), headers=hx)
    assertTemplateUsed(first, "lamingui/panels/types_children.html")
    assert _node_names(first) == names[:50]
    assertContains(first, 'data-testid="load-more"', count=1)
    assertContains(first, f'hx-get="{children_url(kind)}?page=2"')
    assertContains(first, 'hx-swap="outerHTML"')
    assertContains(first, "(70 more)")
    # the panel of the type shows the same first page and button
    panel = admin_client.get(types_url(kind), headers=hx)
    assert _node_names(panel) == names[:50]
    assertContains(panel, f'hx-get="{children_url(kind)}?page=2"')
    # a later page is only rows (appended in place of the button), no <ul>
    second = admin_client.get(f"{children_url(kind)}?page=2", headers=hx)
    assertTemplateUsed(second, "lamingui/panels/types_rows.html")
    assertNotContains(second, "<ul")
    assert _node_names(second) == names[50:100]
    assertContains(second, f'hx-get="{children_url(kind)}?page=3"')
    third = admin_client.get(f"{children_url(kind)}?page=3", headers=hx)
    assert _node_names(third) == names[100:]
    assertNotContains(third, 'data-testid="load-more"')
    # without htmx a page is a themed page with the whole list
    plain = admin_client.get(f"{children_url(kind)}?page=3")
    assertContains(plain, "admin-interface")
    assert _node_names(plain) == names[100:]


def test_type_pages_put_subtypes_first_across_the_page_boundary(admin_client, db):
    kind = make_record(name="Mixed", is_type=True)
    subtypes = [
        make_record(name=f"z-sub{i:02d}", is_type=True, type=kind) for i in range(48)
    ]
    make_record(name="leaf", type=subtypes[0])
    members = [make_record(name=f"a-member{i}", type=kind).name for i in range(5)]
    first = admin_client.get(children_url(kind))
    names = _node_names(first)
    assert names == [s.name for s in subtypes] + members[:2]
    assertContains(first, "(1 member · 0 sub-types)", count=1)
    assertContains(first, "(0 members · 0 sub-types)", count=47)
    second = admin_client.get(
        f"{children_url(kind)}?page=2", headers={"HX-Request": "true"}
    )
    assert _node_names(second) == members[2:]


def test_type_pages_reject_bad_page_numbers(admin_client, record_type_tree):
    leaf = record_type_tree[2]
    for bad in ("x", "0", "-1", "1.5"):
        response = admin_client.get(f"{children_url(leaf)}?page={bad}")
        assert response.status_code == 400, bad
    assert admin_client.get(f"{children_url(leaf)}?page=2").status_code == 404
    roots = admin_client.get(f"{roots_url()}?page=x")
    assert roots.status_code == 400


def test_types_roots_load_more(admin_client, db):
    for i in range(53):
        make_record(name=f"root {i:02d}", is_type=True)
    page = admin_client.get(roots_url())
    assertContains(page, 'data-testid="type-node"', count=50)
    assertContains(page, f'hx-get="{roots_url()}?page=2"')
    more = admin_client.get(f"{roots_url()}?page=2", headers={"HX-Request": "true"})
    assertTemplateUsed(more, "lamingui/panels/types_rows.html")
    assert _node_names(more) == ["root 50", "root 51", "root 52"]
    assertNotContains(more, 'data-testid="load-more"')


@pytest.mark.parametrize("pages", [1, 3])
def test_type_pages_cost_the_same_queries(
    admin_client, db, django_assert_max_num_queries, pages
):
    kind = make_record(name="Counted", is_type=True)
    for i in range(50 * pages):
        sub = make_record(name=f"sub{i:03d}", is_type=True, type=kind)
        make_record(name=f"m{i}", type=sub)
    url = f"{children_url(kind)}?page={pages}"
    admin_client.get(url)  # first visit links the lamindb user
    with django_assert_max_num_queries(8):
        response = admin_client.get(url, headers={"HX-Request": "true"})
    assertContains(response, 'data-testid="type-node"', count=50)


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
