"""What trashing and restoring write (api.md §2.3): the branch, not pending edits."""

from __future__ import annotations

import lamingui as ln
from tests.factories import make_record


def test_trash_and_restore_write_the_branch_and_update_time(db):
    record = make_record(name="to-trash")
    before = ln.Record.objects.get(pk=record.pk).updated_at
    record.delete()
    stored = ln.Record.objects.get(pk=record.pk)
    assert stored.branch_id == -1
    assert stored.updated_at > before
    record.restore()
    assert ln.Record.objects.get(pk=record.pk).branch_id == 1


def test_trash_leaves_unsaved_edits_of_the_object_unsaved(db):
    record = make_record(name="pending", description="old")
    record.description = "new"
    record.delete()
    stored = ln.Record.objects.get(pk=record.pk)
    assert (stored.branch_id, stored.description) == (-1, "old")
    record.restore()
    assert ln.Record.objects.get(pk=record.pk).description == "old"
    record.save()
    assert ln.Record.objects.get(pk=record.pk).description == "new"


def test_trashing_a_version_head_writes_is_latest(db):
    v1 = ln.Transform(key="trash-writes.py").save()
    v2 = ln.Transform(key="trash-writes.py", revises=v1).save()
    v2.delete()
    stored = ln.Transform.objects.get(pk=v2.pk)
    assert (stored.branch_id, stored.is_latest) == (-1, False)
    assert ln.Transform.objects.get(pk=v1.pk).is_latest


def test_restore_of_an_unsaved_record_saves_it_on_main(db):
    record = ln.Record(name="never saved")
    record.restore()
    assert ln.Record.get(name="never saved").branch_id == 1
