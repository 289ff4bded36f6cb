"""Query sets, record lists and managers (api.md §3)."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist

import lamingui as ln
from lamingui.models import BasicQuerySet, QuerySet, SQLRecordList
from tests.factories import make_branch, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def labels(db):
    return [make_record(name=f"label_{i}") for i in range(3)]


def test_which_query_set_you_get():
    assert type(ln.Record.filter()) is QuerySet
    assert type(ln.Record.filter().filter(name="x")) is QuerySet
    assert isinstance(ln.Record.objects.all(), BasicQuerySet)
    assert not isinstance(ln.Record.objects.all(), QuerySet)
    assert not isinstance(ln.Record.objects.filter(name="x"), QuerySet)


# -- rows -----------------------------------------------------------------------


def test_one(labels):
    assert ln.Record.filter(name="label_1").one() == labels[1]
    with pytest.raises(ObjectDoesNotExist):
        ln.Record.filter(name="nobody").one()
    qs = ln.Record.filter(name__startswith="label_")
    with pytest.raises(MultipleObjectsReturned) as error:
        qs.one()
    assert str(error.value) == repr(qs)


def test_one_on_users():
    handle = ln.settings.user.handle
    assert ln.User.objects.filter(handle=handle).one().handle == handle
    with pytest.raises(ObjectDoesNotExist):
        ln.User.filter(handle="test-nobody").one()


def test_one_or_none(labels):
    assert ln.Record.filter(name="nobody").one_or_none() is None
    assert ln.Record.filter(name="label_2").one_or_none() == labels[2]
    with pytest.raises(MultipleObjectsReturned):
        ln.Record.filter(name__startswith="label_").one_or_none()


def test_first_orders_by_primary_key(labels):
    assert ln.Record.filter(name__startswith="label_").first() == labels[0]
    assert (
        ln.Record.filter(name__startswith="label_").order_by("-name").first()
        == (labels[2])
    )
    assert ln.Record.filter(name="nobody").first() is None


def test_to_list(labels):
    qs = ln.Record.filter(name__startswith="label_").order_by("id")
    assert qs.to_list() == labels
    assert qs.to_list("name") == ["label_0", "label_1", "label_2"]
    assert ln.Record.filter(name="nobody").to_list() == []


def test_django_query_set_api_keeps_working(labels):
    qs = ln.Record.filter(name__startswith="label_")
    assert qs.exclude(name="label_0").count() == 2
    assert qs.exists()
    assert list(qs.order_by("-id").values_list("name", flat=True)[:1]) == ["label_2"]
    assert (qs.filter(name="label_0") | qs.filter(name="label_1")).count() == 2
    assert qs.update(description="bulk") == 3


# -- delete and restore ---------------------------------------------------------


def test_delete_moves_rows_to_the_trash(labels, caplog):
    with caplog.at_level(logging.INFO, logger="lamingui"):
        assert ln.Record.filter(name__startswith="label_").delete() is None
    assert "moved records to trash (branch_id = -1)" in caplog.text
    assert ln.Record.filter(name__startswith="label_").count() == 0
    trashed = ln.Record.objects.filter(name__startswith="label_")
    assert sorted(trashed.values_list("branch_id", flat=True)) == [-1, -1, -1]


def test_delete_logs_the_trash_move_as_a_warning(labels, caplog):
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        ln.Record.filter(name__startswith="label_").delete()
    assert "moved records to trash (branch_id = -1)" in caplog.text


def test_delete_again_does_not_delete_trashed_rows(labels):
    ln.Record.filter(name__startswith="label_").delete()
    ln.Record.filter(name__startswith="label_", branch_id=-1).delete()
    assert ln.Record.objects.filter(name__startswith="label_").count() == 3


def test_delete_permanently(labels):
    ln.Record.filter(name__startswith="label_").delete(permanent=True)
    assert not ln.Record.objects.filter(name__startswith="label_").exists()


def test_restore_puts_rows_back_on_main(labels):
    ln.Record.filter(name__startswith="label_").delete()
    restored = ln.Record.filter(name__startswith="label_", branch_id=-1).restore()
    assert restored == 3
    assert ln.Record.filter(name__startswith="label_").count() == 3


def test_restore_of_one_record():
    record = make_record(name="back")
    record.delete()
    assert ln.Record.filter(name="back").count() == 0
    assert record.restore() is None
    assert ln.Record.filter(name="back").one().branch_id == 1


def test_record_delete_trash_then_permanent():
    record = ln.Record(name="test-delete")
    assert record.delete() is None  # unsaved: no effect
    assert record.branch_id == 1
    record.save()
    assert record.delete() is None
    assert record.branch_id == -1
    assert ln.Record.objects.get(pk=record.pk).branch_id == -1
    with pytest.raises(ln.errors.ConfirmationRequired, match="permanent=True"):
        record.delete()  # already trashed: never prompts, asks for permanent=True
    assert record.delete(permanent=False) is None
    assert ln.Record.objects.filter(pk=record.pk).exists()
    assert record.delete(permanent=True) == (1, {"lamingui.Record": 1})
    assert ln.Record.filter(name="test-delete", branch=None).exists() is False


def test_soft_delete_of_registries_without_trash_is_refused():
    make_branch()
    count = ln.Branch.objects.count()
    with pytest.raises(ValueError) as error:
        ln.Branch.filter().delete(permanent=False)
    assert str(error.value) == (
        "Soft delete is not possible for Branch, use 'permanent=True' for permanent "
        "deletion."
    )
    with pytest.raises(ValueError) as error:
        ln.Storage.filter().delete(permanent=False)
    assert str(error.value) == (
        "Soft delete is not possible for Storage, use 'permanent=True' or "
        "'permanent=None' for permanent deletion."
    )
    with pytest.raises(ValueError, match="Soft delete is not possible for Storage"):
        ln.Storage.filter().first().delete(permanent=False)
    assert ln.Branch.objects.count() == count


# -- managers -------------------------------------------------------------------


def test_manager_helpers_are_not_branch_scoped(labels):
    labels[0].delete()
    assert len(ln.Record.objects.to_list()) == 3
    assert sorted(ln.Record.objects.to_list("name")) == [
        "label_0",
        "label_1",
        "label_2",
    ]
    df = ln.Record.objects.to_dataframe()
    assert sorted(df["name"]) == ["label_0", "label_1", "label_2"]
    assert df.index.name == "id"


def test_related_manager_helpers(labels):
    child = make_record(name="child")
    child.parents.set(labels)
    assert len(child.parents.to_list()) == 3
    assert "label_1" in child.parents.to_list("name")
    assert child.parents.to_dataframe().shape[0] == 3
    assert isinstance(child.parents.all(), BasicQuerySet)
    labels[1].delete()  # a trashed parent still shows in the relation
    assert child.parents.count() == 3
    child.parents.remove(labels[0])
    assert sorted(child.parents.to_list("name")) == ["label_1", "label_2"]
    child.parents.clear()
    assert child.parents.to_list() == []


# -- SQLRecordList ----------------------------------------------------------------


def test_sqlrecordlist_to_list_and_one(labels):
    records = SQLRecordList(labels)
    assert records.to_list() == labels
    assert records.to_list("name") == ["label_0", "label_1", "label_2"]
    assert SQLRecordList(labels[:1]).one() == labels[0]
    with pytest.raises(ObjectDoesNotExist):
        SQLRecordList([]).one()
    with pytest.raises(MultipleObjectsReturned):
        records.one()
