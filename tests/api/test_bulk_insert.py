"""The lean INSERT behind ``ln.save`` stores exactly what ``save()`` would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import lamingui as ln
from lamingui.models._bulk_insert import insert_rows
from tests.factories import make_record


@pytest.mark.django_db
def test_bulk_insert_round_trips_every_kind_of_value():
    kind = make_record(name="Kind", is_type=True)
    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    records = [
        ln.Record(
            name=f"r{i}",
            type=kind,
            extra_data={"i": i, "tags": ["a", "b"]},
            description=None,
            _aux={"ei": "🧪"},
        )
        for i in range(3)
    ]
    records[1].created_at = when
    ln.save(records)
    assert all(r.pk is not None and not r._state.adding for r in records)
    stored = ln.Record.get(records[1].uid)
    assert stored.pk == records[1].pk
    assert stored.extra_data == {"i": 1, "tags": ["a", "b"]}
    assert stored.type == kind
    assert stored.created_at == when
    assert stored.emoji == "🧪"
    assert stored.branch_id == 1 and stored.is_locked is False


@pytest.mark.django_db
def test_bulk_insert_sets_ids_in_row_order():
    records = [ln.Record(name=f"ordered{i}") for i in range(250)]
    ln.save(records, batch_size=7)
    by_pk = dict(
        ln.Record.objects.filter(name__startswith="ordered").values_list("pk", "name")
    )
    assert all(by_pk[r.pk] == r.name for r in records)


@pytest.mark.django_db
def test_bulk_insert_uses_one_statement_per_batch():
    records = [ln.ULabel(name=f"label{i}") for i in range(100)]
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(ln.ULabel, records, "default")
    assert len([q for q in queries if q["sql"].startswith("INSERT")]) == 1


@pytest.mark.django_db
def test_bulk_insert_leaves_explicit_ids_to_django():
    record = ln.Record(name="explicit", id=987654)
    assert insert_rows(ln.Record, [record], "default") is False
    ln.save([record, ln.Record(name="other")])
    assert ln.Record.objects.get(pk=987654).name == "explicit"


def _analyze_statements(records: list) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        ln.save(records)
    return [
        q["sql"] for q in queries if "ANALYZE" in q["sql"] or "optimize" in q["sql"]
    ]


@pytest.mark.django_db
def test_a_large_bulk_save_refreshes_the_planner_statistics():
    """A grown table is re-analysed: plans for search/get stay index-based."""
    statements = _analyze_statements([ln.ULabel(name=f"u{i}") for i in range(1000)])
    if connection.vendor == "postgresql":
        assert statements == ['ANALYZE "lamindb_ulabel"']
    else:
        assert statements == ["PRAGMA optimize"]


@pytest.mark.django_db
def test_a_small_bulk_save_leaves_the_statistics_alone():
    assert _analyze_statements([ln.ULabel(name=f"u{i}") for i in range(10)]) == []
