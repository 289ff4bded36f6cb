"""``record.save()`` and ``ln.save(records)`` (api.md §2.1, §2.2)."""

from __future__ import annotations

import logging

import pytest
from django.db import DatabaseError, IntegrityError, connection

import lamingui as ln
from lamingui import context
from tests.factories import make_record, make_ulabel

pytestmark = pytest.mark.django_db


def _names(prefix: str) -> list[str]:
    return sorted(ln.Record.objects.filter(name__startswith=prefix).to_list("name"))


def test_save_returns_the_record():
    record = ln.Record(name="chained")
    assert record.save() is record
    assert record.pk is not None
    assert ln.Record.get(record.uid).name == "chained"


def test_save_sets_created_by_to_the_current_user():
    record = make_record()
    assert record.created_by_id == context.current_user_id()
    assert record.created_by.handle == context.current_handle()


def test_ln_save_bulk_inserts_and_sets_primary_keys():
    records = [ln.Record(name=f"Record {i} new") for i in range(3)]
    assert ln.save(records) is None
    assert ln.Record.filter(name__in=[r.name for r in records]).count() == 3
    assert all(r.pk is not None and not r._state.adding for r in records)
    assert {r.pk for r in records} == set(
        ln.Record.filter(name__endswith=" new").values_list("pk", flat=True)
    )


def test_ln_save_bulk_updates_saved_records():
    records = [ln.Record(name=f"Record {i} new") for i in range(3)]
    ln.save(records)
    records[0].name = "Record 0 updated"
    records[1].description = "changed"
    ln.save(records)
    assert _names("Record ") == ["Record 0 updated", "Record 1 new", "Record 2 new"]
    assert ln.Record.get(records[1].uid).description == "changed"


def test_ln_save_mixes_new_and_saved_records_of_several_registries():
    old = make_record(name="old")
    old.name = "old renamed"
    label = ln.ULabel(name="fresh label")
    ln.save([old, ln.Record(name="new"), label])
    assert _names("") == ["new", "old renamed"]
    assert ln.ULabel.filter(name="fresh label").count() == 1
    assert label.pk is not None


def test_ln_save_in_batches(caplog):
    records = [ln.Record(name=f"batch {i}") for i in range(5)]
    with caplog.at_level(logging.INFO, logger="lamingui"):
        ln.save(records, batch_size=2)
    assert ln.Record.filter(name__startswith="batch ").count() == 5
    assert "starting creation of 5 Record records in batches of 2" in caplog.text


def test_ln_save_ignore_conflicts_skips_duplicates():
    existing = make_record(name="original")
    duplicate = ln.Record(name="copy", uid=existing.uid)
    ln.save([duplicate, ln.Record(name="other")], ignore_conflicts=True)
    assert _names("") == ["original", "other"]


def test_ln_save_refuses_a_single_record():
    record = ln.Record(name="single")
    with pytest.raises(ValueError) as error:
        ln.save(record)
    assert str(error.value) == "Please use record.save() if saving a single record."
    assert ln.Record.objects.count() == 0
    assert record.pk is None


def test_ln_save_is_one_transaction_not_null():
    """A failing row rolls back the whole call, inserts and updates alike."""
    saved = make_ulabel(name="saved")
    saved.name = "renamed in the failing call"
    before = ln.ULabel.objects.count()
    labels = [ln.ULabel(name=f"label {i}") for i in range(100)]
    labels[57].name = None  # NOT NULL column: fails inside the bulk insert
    with pytest.raises(IntegrityError):
        ln.save([saved, *labels])
    assert ln.ULabel.objects.count() == before
    assert ln.ULabel.objects.get(pk=saved.pk).name == "saved"


def test_ln_save_is_one_transaction_too_long_value():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce varchar lengths")
    before = ln.ULabel.objects.count()
    labels = [ln.ULabel(name=f"label {i}") for i in range(100)]
    labels[99].name = "x" * 1000  # ULabel.name is varchar(150)
    with pytest.raises(DatabaseError):
        ln.save(labels)
    assert ln.ULabel.objects.count() == before


def test_ln_save_rolls_back_earlier_registries():
    before = ln.Record.objects.count()
    bad = ln.ULabel(name="bad")
    bad.name = None
    with pytest.raises(IntegrityError):
        ln.save([ln.Record(name="would be first"), bad])
    assert ln.Record.objects.count() == before


def test_sqlrecordlist_save_returns_the_list():
    records = ln.models.SQLRecordList([ln.Record(name="l1"), ln.Record(name="l2")])
    assert records.save() is records
    assert _names("l") == ["l1", "l2"]
    assert all(r.pk is not None for r in records)
