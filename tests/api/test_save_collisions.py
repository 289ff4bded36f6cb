"""``save()`` of a record whose unique column exists already (api.md §2.1), and
many-to-many access on unsaved records (api.md §3.4)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

import lamingui as ln


@pytest.mark.django_db
def test_same_uid_on_the_main_branch_returns_the_stored_record(caplog):
    stored = ln.Record(name="stored", description="kept").save()
    with caplog.at_level("WARNING", logger="lamingui"):
        again = ln.Record(name="new", uid=stored.uid).save()
    assert again.pk == stored.pk
    assert again._state.adding is False
    assert (again.name, again.description) == ("stored", "kept")
    assert ln.Record.objects.filter(uid=stored.uid).count() == 1
    assert ln.Record.objects.get(pk=stored.pk).name == "stored"
    assert "returning Record record with same ['uid']" in caplog.text
    again.name = "renamed"  # the object behaves as the stored row
    again.save()
    assert ln.Record.objects.get(pk=stored.pk).name == "renamed"


@pytest.mark.django_db
def test_same_uid_in_the_trash_is_moved_back_with_the_new_values(caplog):
    stored = ln.Record(name="old", description="old text").save()
    created_at = stored.created_at
    stored.delete()
    with caplog.at_level("WARNING", logger="lamingui"):
        again = ln.Record(name="new", uid=stored.uid).save()
    assert again.pk == stored.pk
    row = ln.Record.objects.get(pk=stored.pk)
    assert (row.branch_id, row.name, row.description) == (1, "new", None)
    assert row.created_at == created_at
    assert (again.branch_id, again.name) == (1, "new")
    assert ln.Record.filter(name="new").count() == 1
    assert "from branch -1" in caplog.text


@pytest.mark.django_db
def test_other_unique_columns_collide_the_same_way():
    me = ln.settings.user
    again = ln.User(handle=me.handle, name="someone else").save()
    assert again.pk == me.pk
    assert again.name == me.name
    assert ln.User.objects.filter(handle=me.handle).count() == 1


@pytest.mark.django_db(transaction=True)
def test_collision_outside_a_transaction():
    stored = ln.ULabel(name="stored").save()
    assert ln.ULabel(name="new", uid=stored.uid).save().pk == stored.pk
    assert ln.ULabel.objects.count() == 1


@pytest.mark.django_db
def test_constraints_over_expressions_still_raise_and_write_nothing():
    ln.Space(name="Lab").save()
    before = ln.Space.objects.count()
    with pytest.raises(IntegrityError):
        ln.Space(name="lab").save()
    # the savepoint was rolled back: the transaction is still usable
    assert ln.Space.objects.count() == before


UNSAVED = (
    "You are trying to access the many-to-many relationships of an unsaved {} "
    "object. Please save it first using '.save()'."
)


@pytest.mark.django_db
def test_many_to_many_of_an_unsaved_record_raises_lamindbs_error(tmp_path):
    record = ln.Record(name="unsaved")
    with pytest.raises(ValueError) as error:
        record.parents  # noqa: B018
    assert str(error.value) == UNSAVED.format("Record")
    label = ln.ULabel(name="unsaved")
    with pytest.raises(ValueError) as error:
        label.artifacts.add(1)  # a reverse many-to-many accessor
    assert str(error.value) == UNSAVED.format("ULabel")
    path = tmp_path / "a.txt"
    path.write_text("a")
    artifact = ln.Artifact(path, key="a.txt")
    saved_label = ln.ULabel(name="x").save()
    with pytest.raises(ValueError) as error:
        artifact.ulabels.add(saved_label)
    assert str(error.value) == UNSAVED.format("Artifact")
    assert not ln.Artifact.ulabels.through.objects.exists()
    record.save()
    assert record.parents.count() == 0  # once saved, the accessor works
