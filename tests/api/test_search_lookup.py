"""``search()`` (api.md §1.7) and ``lookup()`` (api.md §1.8)."""

from __future__ import annotations

import logging

import pytest

import lamingui as ln
from tests.factories import make_record, make_ulabel

pytestmark = pytest.mark.django_db

CELLS = ("T cell", "my T cell line", "PT cell", "T-cell regulator", "Tcells")


@pytest.fixture
def cells(db):
    # created in reverse so that ranking, not insertion order, puts "T cell" first
    return {name: make_ulabel(name=name) for name in reversed(CELLS)}


# -- search ---------------------------------------------------------------------


def test_search_example_of_the_spec(cells):
    assert [u.name for u in ln.ULabel.search("T cell")] == [
        "T cell",
        "my T cell line",
        "PT cell",
    ]


def test_search_puts_the_exact_match_first(cells):
    names = [u.name for u in ln.ULabel.search("T cell")]
    assert names[:3] == ["T cell", "my T cell line", "PT cell"]
    assert "T-cell regulator" not in names


def test_search_limit(cells):
    assert len(ln.ULabel.search("cell", limit=1)) == 1
    assert len(ln.ULabel.search("cell", limit=2)) == 2
    assert len(ln.ULabel.search("cell", limit=None)) == len(CELLS)


def test_search_is_case_insensitive_by_default(cells):
    assert ln.ULabel.search("t cell")[0].name == "T cell"
    assert ln.ULabel.search("  T CELL ")[0].name == "T cell"  # stripped, any case


def test_search_case_sensitive_finds_only_exact_case(cells):
    assert list(ln.ULabel.search("t cell", case_sensitive=True)) == []


def test_search_case_sensitive_ranks_exact_case_first(cells):
    assert ln.ULabel.search("T cell", case_sensitive=True)[0].name == "T cell"


def test_search_returns_a_query_set_not_a_dataframe(cells):
    result = ln.ULabel.search("cell")
    assert isinstance(result, ln.models.BasicQuerySet)
    assert result.count() == len(result)


def test_search_hides_trashed_records(cells):
    cells["T cell"].delete()
    assert "T cell" not in [u.name for u in ln.ULabel.search("T cell")]


def test_search_within_a_query_set(cells):
    result = ln.ULabel.filter(name__startswith="my").search("cell")
    assert [u.name for u in result] == ["my T cell line"]
    assert ln.ULabel.objects.search("PT cell")[0].name == "PT cell"


def test_search_by_field(cells):
    other = make_ulabel(name="unrelated", description="about T cell biology")
    assert list(ln.ULabel.search("biology", field="description")) == [other]
    assert list(ln.ULabel.search("biology", field=ln.ULabel.description)) == [other]
    assert list(ln.ULabel.search("biology", field=ln.ULabel.name)) == []
    assert other in ln.ULabel.search("biology")  # default: every string field


def test_search_ties_keep_ascending_id():
    first = make_ulabel(name="cell a")
    second = make_ulabel(name="cell b")
    assert list(ln.ULabel.search("cell")) == [first, second]


def test_search_for_none_is_a_value_error():
    with pytest.raises(ValueError) as error:
        ln.ULabel.search(None)
    assert (
        str(error.value) == "Cannot search for None value! Please pass a valid string."
    )


def test_search_with_a_non_field_is_a_type_error():
    with pytest.raises(TypeError) as error:
        ln.ULabel.search("x", field=ln.ULabel)
    assert str(error.value) == (
        "Please pass a SQLRecord string field, e.g., `CellType.name`!"
    )


# -- lookup ---------------------------------------------------------------------


@pytest.fixture
def experiments(db):
    names = ("Experiment 1", "exp-2 (A)", "1st class", "class")
    return {name: make_record(name=name) for name in names}


def test_lookup_sanitises_names(experiments):
    lk = ln.Record.lookup()
    assert lk.experiment_1 == experiments["Experiment 1"]
    assert lk.exp_2_a_ == experiments["exp-2 (A)"]
    assert lk.ln_1st_class == experiments["1st class"]
    assert lk.class_ == experiments["class"]
    assert type(lk).__name__ == "Lookup"
    assert lk._fields == ("experiment_1", "exp_2_a_", "ln_1st_class", "class_", "dict")


def test_lookup_dict_maps_original_values(experiments):
    mapping = ln.Record.lookup().dict()
    assert mapping == experiments


def test_lookup_return_field_and_field(experiments):
    rec = experiments["Experiment 1"]
    assert ln.Record.lookup(return_field="uid").experiment_1 == rec.uid
    assert ln.Record.lookup(return_field=ln.Record.uid).experiment_1 == rec.uid
    user = ln.User.objects.get(pk=rec.created_by_id)
    found = ln.User.filter(handle=user.handle).lookup(field=ln.User.handle)
    key = user.handle.lower().replace("-", "_")
    assert getattr(found, key).handle == user.handle


def test_lookup_skips_empty_values_and_hides_trash():
    make_record(name="kept")
    make_record(name=None, description="no name")
    make_record(name="trashed").delete()
    assert ln.Record.lookup()._fields == ("kept", "dict")


def test_lookup_collisions_follow_keep(caplog):
    first = make_record(name="Dup")
    second = make_record(name="dup")
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        assert ln.Record.lookup().dup == first
    assert "2 records found for 'dup'. Returning based on keep='first'." in caplog.text
    assert ln.Record.lookup(keep="last").dup == second
    assert ln.Record.lookup(keep=False).dup == [first, second]
    assert ln.Record.lookup(keep=False, return_field="name").dup == ["Dup", "dup"]
    assert ln.Record.lookup().dict() == {"Dup": first, "dup": second}


def test_lookup_on_a_related_manager():
    parent = make_record(name="Parent Record")
    child = make_record(name="child")
    child.parents.add(parent)
    assert child.parents.lookup().parent_record == parent


def test_lookup_warns_about_a_collision_on_first_access_only(caplog):
    make_record(name="Twin")
    make_record(name="twin")
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        lk = ln.Record.lookup()
        assert "records found for 'twin'" not in caplog.text
        assert lk.twin == lk.twin
    assert caplog.text.count("2 records found for 'twin'") == 1


def test_lookup_behaves_as_a_namedtuple(experiments):
    lk = ln.Record.lookup()
    assert isinstance(lk, tuple)
    assert list(lk)[:4] == list(experiments.values())
    assert lk._asdict()["class_"] == experiments["class"]
    assert callable(lk[-1]) and lk.dict is lk[-1]
    assert repr(lk).startswith("Lookup(experiment_1=Record(")
    assert "class_" in dir(lk)


def test_lookup_records_load_their_other_fields_on_access(experiments):
    rec = experiments["exp-2 (A)"]
    found = ln.Record.lookup().exp_2_a_
    assert found.pk == rec.pk
    assert found.created_at == rec.created_at
    assert found.is_type is False
    found.description = "edited"
    found.save()
    assert ln.Record.get(rec.pk).description == "edited"


def test_lookup_keeps_dict_for_the_mapping_when_a_value_is_dict():
    rec = make_record(name="dict")
    lk = ln.Record.lookup()
    assert lk.dict_ == rec
    assert lk.dict() == {"dict": rec}


def test_lookup_with_a_relational_return_field(experiments):
    rec = experiments["class"]
    assert ln.Record.lookup(return_field="type").class_ == rec.type
    users = ln.User.lookup(return_field="uid")
    assert getattr(users, ln.User.objects.get(pk=rec.created_by_id).handle) == (
        ln.User.objects.get(pk=rec.created_by_id).uid
    )
