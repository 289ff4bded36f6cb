"""AC-TRASH-3: a restore that clashes on main is a 409 fragment and restores nothing."""

from __future__ import annotations

from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import lamingui as ln
from lamingui.panels.trash_conflicts import restore_conflicts

from .conftest import HX


def restore_url(record, registry: str = "record") -> str:
    return reverse("admin:lamingui_trash_restore", args=[registry, record.pk])


def branch(record) -> int:
    return type(record).objects.get(pk=record.pk).branch_id


def test_restore_conflict_atomic(admin_client):
    kind = ln.Record(name="Sample", is_type=True).save()
    old = ln.Record(name="S1", type=kind).save()
    sibling = ln.Record(name="S2", type=kind).save()
    kind.delete()  # the type and both members go to the trash
    assert {branch(r) for r in (kind, old, sibling)} == {-1}
    # meanwhile a new type "Sample" with a member "S1" is made on main
    new_kind = ln.Record(name="Sample", is_type=True).save()
    ln.Record(name="S1", type=new_kind).save()
    assert new_kind.pk != kind.pk
    response = admin_client.post(
        restore_url(kind), {"with_descendants": "1"}, headers=HX
    )
    assertContains(response, 'data-testid="trash-conflict"', status_code=409)
    assertNotContains(response, "<html", status_code=409)
    assertContains(response, "Nothing was restored", status_code=409)
    assertContains(response, "a record named “Sample” already exists", 1, 409)
    # S1 has the same name as the new S1 but another type: no clash
    assertNotContains(response, "“S1”", status_code=409)
    # all or nothing: the members without a clash stay in the trash too
    assert {branch(r) for r in (kind, old, sibling)} == {-1}
    # once the new "Sample" (and its S1) are in the trash, nothing clashes
    new_kind.delete()
    response = admin_client.post(restore_url(kind), {"with_descendants": "1"})
    assert response.status_code == 302
    assert {branch(r) for r in (kind, old, sibling)} == {1}


def test_restore_clash_with_a_untyped_name_and_within_the_selection(admin_client):
    first = ln.ULabel(name="tissue").save()
    first.delete()
    ln.ULabel(name="tissue").save()  # de-duplication skips the trash: a new row
    response = admin_client.post(restore_url(first, "ulabel"), headers=HX)
    clash = "a ULabel named “tissue” already exists on the main branch"
    assertContains(response, clash, 1, 409)
    assert branch(first) == -1
    # two trashed rows with the same name cannot come back together
    a = ln.ULabel(name="organ", _search_names=False).save()
    b = ln.ULabel(name="organ", _search_names=False).save()
    ln.ULabel.objects.filter(pk__in=[a.pk, b.pk]).delete()
    conflicts = restore_conflicts(ln.ULabel, [branch_row(a), branch_row(b)])
    assert [c.label for c in conflicts] == ["organ"]
    assert "restored with it" in conflicts[0].reason
    # no clash: restored
    lone = ln.ULabel(name="unique label").save()
    lone.delete()
    assert admin_client.post(restore_url(lone, "ulabel")).status_code == 302
    assert branch(lone) == 1


def branch_row(record):
    return type(record).objects.filter(pk=record.pk, branch_id=-1).get()


def test_restore_action_refuses_a_clash(admin_client):
    gone = ln.Project(name="Atlas").save()
    gone.delete()
    ln.Project(name="Atlas").save()
    url = reverse("admin:lamingui_project_changelist") + "?branch=trash"
    response = admin_client.post(
        url,
        {"action": "restore_from_trash", "_selected_action": [gone.pk]},
        follow=True,
    )
    assertContains(response, "Nothing was restored")
    assertContains(response, "a project named “Atlas” already exists")
    assert branch(gone) == -1


def test_versions_of_one_key_do_not_clash(admin_client):
    first = ln.Transform(key="flow.py", source_code="a = 1\n").save()
    ln.Transform(key="flow.py", source_code="a = 2\n").save()
    first.delete()
    assert restore_conflicts(ln.Transform, [branch_row(first)]) == []
