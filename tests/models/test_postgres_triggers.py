"""The PostgreSQL triggers refuse what ``save()`` refuses, also for bulk updates."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

import lamingui as ln
from tests.factories import make_record, make_ulabel

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)


def _refused(update, match: str) -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        update()


@pytest.mark.django_db
def test_trigger_refuses_a_cycle_made_by_a_bulk_update():
    top = make_record(name="top", is_type=True)
    child = make_record(name="child", is_type=True, type=top)
    _refused(
        lambda: ln.Record.objects.filter(pk=top.pk).update(type_id=child.pk),
        "would create a cycle",
    )


@pytest.mark.django_db
def test_trigger_refuses_a_record_as_its_own_type():
    kind = make_ulabel(name="kind", is_type=True)
    _refused(
        lambda: ln.ULabel.objects.filter(pk=kind.pk).update(type_id=kind.pk),
        "cannot be its own type",
    )


@pytest.mark.django_db
def test_trigger_refuses_a_type_that_is_not_a_type():
    plain = make_record(name="plain")
    other = make_record(name="other")
    _refused(
        lambda: ln.Record.objects.filter(pk=other.pk).update(type_id=plain.pk),
        "is_type = true",
    )


@pytest.mark.django_db
def test_trigger_refuses_a_space_outside_a_single_space_type():
    space = ln.Space(name="lab").save()
    kind = make_record(name="kind", is_type=True, _aux={"ss": 1})
    member = make_record(name="member", type=kind)
    _refused(
        lambda: ln.Record.objects.filter(pk=member.pk).update(space_id=space.pk),
        "single-space type space",
    )


@pytest.mark.django_db
def test_trigger_lets_valid_type_changes_through():
    first = make_record(name="first", is_type=True)
    second = make_record(name="second", is_type=True)
    member = make_record(name="member", type=first)
    ln.Record.objects.filter(pk=member.pk).update(type_id=second.pk)
    member.refresh_from_db()
    assert member.type_id == second.pk
