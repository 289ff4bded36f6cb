"""``ln.save(records)`` imports the source parents of bio records (bio.md §6.3).

``ln.save`` calls a registry's ``_after_bulk_save`` hook inside its transaction;
``BioRecord`` implements it with the same parent import as ``record.save()``.
"""

from __future__ import annotations

import pytest

import lamingui as ln
from lamingui.bio.models import _parents

pytestmark = pytest.mark.django_db

T_CELL_ANCESTORS = {
    "CL:0000542",
    "CL:0000842",
    "CL:0000226",
    "CL:0000738",
    "CL:0000219",
    "CL:0000255",
    "CL:0000988",
    "CL:0002242",
    "CL:0000000",
}


def test_ln_save_imports_the_ancestors(bt):
    records = bt.CellType.from_values(["T cell"])
    ln.save(records)
    t_cell = bt.CellType.get(ontology_id="CL:0000084")
    assert set(bt.CellType.filter().values_list("ontology_id", flat=True)) == {
        "CL:0000084",
        *T_CELL_ANCESTORS,
    }
    assert [p.ontology_id for p in t_cell.parents.all()] == ["CL:0000542"]
    assert t_cell.query_parents().count() == 9
    assert bt.CellType.parents.through.objects.count() == 14
    assert "_parents" not in records[0].__dict__  # a later save keeps edited parents


def test_ln_save_matches_record_list_save(bt):
    ln.save(bt.CellType.from_values(["T cell", "B cell"]))
    by_ln = {
        (c.ontology_id, p.ontology_id)
        for c in bt.CellType.filter()
        for p in c.parents.all()
    }
    bt.CellType.parents.through.objects.all().delete()
    bt.CellType.filter().delete(permanent=True)
    bt.CellType.from_values(["T cell", "B cell"]).save()
    by_list = {
        (c.ontology_id, p.ontology_id)
        for c in bt.CellType.filter()
        for p in c.parents.all()
    }
    assert by_ln == by_list
    assert ("CL:0000236", "CL:0000945") in by_ln  # B cell -> lymphocyte of B lineage


def test_failed_parent_import_writes_nothing(bt, monkeypatch):
    def broken(records, using):
        raise RuntimeError("parents failed")

    monkeypatch.setattr(_parents, "save_with_parents", broken)
    with pytest.raises(RuntimeError, match="parents failed"):
        ln.save(bt.CellType.from_values(["T cell"]))
    assert bt.CellType.filter().count() == 0


def test_records_without_source_parents_are_saved_plainly(bt):
    ln.save([bt.CellType(name="my cell"), bt.CellType(name="other cell")])
    assert bt.CellType.filter().count() == 2
    assert bt.CellType.parents.through.objects.count() == 0


def test_updating_saved_records_keeps_edited_parents(bt):
    records = bt.CellType.from_values(["T cell"])
    ln.save(records)
    t_cell = records[0]
    t_cell.parents.set([bt.CellType.get(ontology_id="CL:0000000")])
    t_cell.description = "edited"
    ln.save([t_cell])
    assert [p.ontology_id for p in t_cell.parents.all()] == ["CL:0000000"]
    assert bt.CellType.get(pk=t_cell.pk).description == "edited"
