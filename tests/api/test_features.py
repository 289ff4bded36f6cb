"""Writing feature values: ``add_values``, ``set_values`` and their validation.

api.md §7.0, §7.1, mostly on record hosts; other hosts, reading, removing and
``describe`` are in ``test_features_hosts.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from django.db import IntegrityError

import lamingui as ln
from lamingui import context
from lamingui.errors import ValidationError
from tests.factories import (
    make_feature,
    make_project,
    make_record,
    make_run,
    make_schema,
    make_ulabel,
)

pytestmark = pytest.mark.django_db

HINT = (
    "   ▶ Hint: Consider setting `feature.coerce = True` to attempt coercing values "
    "during validation to the required dtype."
)


# -- add_values and get_values ------------------------------------------------


def test_get_values_round_trips_the_spec_example_on_a_record(db):
    type1 = make_record(name="Type1", is_type=True)
    make_record(name="e1", type=type1)
    make_record(name="e2", type=type1)
    make_feature(name="feature_str", dtype="str")
    make_feature(name="feature_int", dtype="int")
    make_feature(name="feature_type1s", dtype=f"list[cat[Record[{type1.uid}]]]")
    record = make_record()
    values = {"feature_str": "a", "feature_int": 42, "feature_type1s": ["e1", "e2"]}
    record.features.add_values(values)
    assert record.features.get_values() == values


def test_add_values_converts_every_simple_dtype(simple):
    record = make_record()
    aware = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
    record.features.add_values(
        {
            "f_int": 3,
            "f_float": 2,  # an int is a valid float, stored as 2.0
            "f_num": 2.5,
            "f_bool": False,
            "f_str": "x",
            "f_dict": {"a": [1]},
            "f_list[int]": [1, 2],
            "f_date": dt.date(2024, 1, 1),
            "f_date_coerced": "2024-12-01",
            "f_datetime": "2024-12-01 10:00:00",
            "f_utc": aware,
            "f_path": Path("/data/x.csv"),
        }
    )
    values = record.features.get_values()
    assert values["f_float"] == 2.0 and isinstance(values["f_float"], float)
    assert values["f_bool"] is False
    assert values["f_list[int]"] == [1, 2] and values["f_dict"] == {"a": [1]}
    assert values["f_date"] == dt.date(2024, 1, 1)
    assert values["f_date_coerced"] == dt.date(2024, 12, 1)
    assert values["f_datetime"] == dt.datetime(2024, 12, 1, 10)
    assert values["f_utc"] == aware and values["f_utc"].tzinfo is not None
    assert values["f_path"] == "/data/x.csv"


def test_get_values_of_an_unsaved_host_is_empty(tmp_path):
    assert ln.Record(name="unsaved").features.get_values() == {}


def test_add_values_on_an_unsaved_host_asks_for_a_save(simple):
    with pytest.raises(ValueError, match="Please save the record before"):
        ln.Record(name="unsaved").features.add_values({"f_int": 1})


def test_add_values_accepts_feature_keys_and_skips_none(simple):
    record = make_record()
    f_int = ln.Feature.get(name="f_int")
    record.features.add_values({f_int: 1, "f_str": None})
    assert record.features.get_values() == {"f_int": 1}


def test_add_values_rejects_keys_of_other_types(simple):
    with pytest.raises(
        TypeError,
        match=r"Feature-value dictionary keys must be `str` or `Feature`, got "
        r"<class 'int'>",
    ):
        make_record().features.add_values({1: "x"})


def test_add_values_rejects_an_unsaved_feature_key(db):
    # without a primary key Django refuses to hash it, so it can't even be a key
    feature = ln.Feature(name="draft", dtype="int", id=10**6)
    with pytest.raises(ValidationError, match="Please save feature 'draft' before"):
        make_record().features.add_values({feature: 1})


def test_add_values_conflicting_values_for_one_feature(simple):
    f_int = ln.Feature.get(name="f_int")
    record = make_record()
    with pytest.raises(
        ValidationError, match=r"^Conflicting values for feature name 'f_int'\.$"
    ):
        record.features.add_values({f_int: 1, "f_int": 2})
    with pytest.raises(
        ValidationError, match=r"^Conflicting values for feature 'f_int'"
    ):
        record.features.add_values({f_int: 1, f_int.uid: 2}, feature_field="uid")
    record.features.add_values({f_int: 1, "f_int": 1})  # the same value is fine
    assert record.features.get_values() == {"f_int": 1}


def test_add_values_unknown_keys_suggest_features(db, caplog):
    record = make_record(name="value record")
    values = {
        "project": "p",
        "is_validated": True,
        "n": 3,
        "x": 1.5,
        "day": "2024-01-01",
        "moment": "2024-01-01T10:00:00",
        "aware": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        "rec": record,
        "meta": {"a": 1},
        "ns": [1, 2],
        "names": ["a", "b"],
        "recs": [record],
        "mixed": [1, "a"],
    }
    with (
        caplog.at_level(logging.WARNING, logger="lamingui"),
        pytest.raises(ValidationError) as error,
    ):
        make_record().features.add_values(values)
    hints = [
        "project', dtype='cat ? str'",
        "is_validated', dtype='bool'",
        "n', dtype='int'",
        "x', dtype='float'",
        "day', dtype='date'",
        "moment', dtype='datetime'",
        "aware', dtype='datetime64[ns, UTC]'",
        "rec', dtype='cat[Record]'",
        "meta', dtype='dict'",
        "ns', dtype='list[int]'",
        "names', dtype='list[cat ? str]'",
        "recs', dtype='list[cat[Record]]'",
        "mixed', dtype='?'",
    ]
    lines = str(error.value).splitlines()
    assert lines[:3] == [
        f"These keys could not be validated: {list(values)}",
        "Here is how to create a feature:",
        "",
    ]
    assert lines[3:] == [f"  ln.Feature(name='{h}).save()" for h in hints]
    assert "cannot infer feature type of: [1, 'a']" in caplog.text


def test_add_values_unknown_keys_exact_message(db):
    with pytest.raises(ValidationError) as error:
        make_record().features.add_values({"project": "x", "is_validated": True})
    assert str(error.value) == (
        "These keys could not be validated: ['project', 'is_validated']\n"
        "Here is how to create a feature:\n\n"
        "  ln.Feature(name='project', dtype='cat ? str').save()\n"
        "  ln.Feature(name='is_validated', dtype='bool').save()"
    )


def test_add_values_unknown_keys_hint_at_a_feature_type_when_tracking(db):
    run = make_run()
    with context.acting_as(run_id=run.pk), pytest.raises(ValidationError) as error:
        make_record().features.add_values({"n": 1})
    name = f"{run.transform.kind}[{run.transform.key}]"
    assert str(error.value).endswith(
        f"  feature_type = ln.Feature(name='{name}', is_type=True).save()\n"
        "  ln.Feature(name='n', dtype='int', type=feature_type).save()"
    )


def test_add_values_prefers_the_top_most_feature_of_a_name(db):
    lab_a = make_feature(name="LabA", is_type=True)
    lab_b = make_feature(name="LabB", is_type=True)
    make_feature(name="score", dtype="str", type=lab_a)
    top = make_feature(name="score", dtype="int")
    record = make_record()
    record.features.add_values({"score": 1})
    assert ln.models.RecordJson.objects.get(record=record).feature == top
    make_feature(name="level", dtype="int", type=lab_a)
    make_feature(name="level", dtype="int", type=lab_b)
    with pytest.raises(ValidationError) as error:
        record.features.add_values({"level": 2})
    assert str(error.value) == (
        "Ambiguous match for Feature 'level': found 2 features at depth 1 "
        "(under types: ['LabA', 'LabB'])"
    )
    make_feature(name="other", dtype="int")
    make_feature(name="other", dtype="int")
    with pytest.raises(ValidationError) as error:
        record.features.add_values({"other": 2})
    assert str(error.value) == (
        "Ambiguous match for Feature 'other': found 2 root-level features"
    )


# -- validation of values -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("f_int", "x"),
        ("f_int", 2.5),
        ("f_int", True),
        ("f_float", "1.0"),
        ("f_bool", 1),
        ("f_str", 3),
        ("f_date", "2024-01-01"),
        ("f_date", dt.datetime(2024, 1, 1)),
        ("f_utc", dt.datetime(2024, 1, 1)),
        ("f_dict", [1]),
        ("f_list[int]", [1, "a"]),
        ("f_int", [1, 2]),
    ],
)
def test_add_values_rejects_wrong_simple_types_with_a_coerce_hint(simple, name, value):
    with pytest.raises(ValidationError) as error:
        make_record().features.add_values({name: value})
    message = str(error.value)
    dtype = ln.Feature.get(name=name)._dtype_str
    assert message.startswith(
        f"WRONG_DATATYPE: expected dtype '{dtype}' for feature '{name}', got "
    )
    assert message.endswith(HINT)


def test_add_values_coerces_when_the_feature_says_so(simple):
    ln.Feature.filter(name__in=["f_int", "f_bool", "f_str"]).update(coerce=True)
    record = make_record()
    record.features.add_values({"f_int": "7", "f_bool": "true", "f_str": 3})
    assert record.features.get_values() == {"f_int": 7, "f_bool": True, "f_str": "3"}
    with pytest.raises(ValidationError) as error:
        record.features.add_values({"f_datetime": "not a date"})
    assert "WRONG_DATATYPE" in str(error.value)
    assert HINT not in str(error.value)  # coerce is already on


def test_add_values_reports_categorical_values_not_found(cell):
    record = make_record()
    with pytest.raises(ValidationError) as error:
        record.features.add_values({"cell": ["T", "X", "Y"]})
    assert str(error.value) == (
        "2 terms not validated in feature 'cell': 'X', 'Y'\n"
        "    → fix typos, remove non-existent values, or save terms via: objects = "
        "ln.Record.from_values(['X', 'Y'], field='name', create=True).save()\n"
        "    → a valid label for subtype 'Cell' has to be one of ['T', 'B']"
    )
    assert record.features.get_values() == {}  # nothing written


def test_add_values_accepts_labels_of_sub_types_only(cell):
    cell_type, _ = cell
    sub = make_record(name="Lymphocyte", is_type=True, type=cell_type)
    make_record(name="NK", type=sub)
    make_record(name="Stranger")
    stranger = make_record(name="Stranger2")
    record = make_record()
    record.features.add_values({"cell": "NK"})
    with pytest.raises(ValidationError, match=r"^1 term not validated in feature"):
        record.features.add_values({"cell": "Stranger"})
    with pytest.raises(ValidationError, match="'Stranger2'"):
        record.features.add_values({"cell": stranger})
    assert record.features.get_values() == {"cell": "NK"}


@pytest.mark.parametrize("value", [3, 2.5, True])
def test_add_values_refuses_numbers_for_categorical_features(cell, value):
    with pytest.raises(TypeError) as error:
        make_record().features.add_values({"cell": value})
    assert str(error.value) == (
        "Type mismatch: identifiers are 'numeric' but field_values are "
        "'str/categorical'."
    )


def test_add_values_refuses_unsaved_and_foreign_labels(cell):
    with pytest.raises(ValidationError, match=r"^Record draft is not saved\.$"):
        make_record().features.add_values({"cell": ln.Record(name="draft")})
    with pytest.raises(ValidationError) as error:
        make_record().features.add_values({"cell": make_ulabel(name="u")})
    assert str(error.value).startswith(
        "Label type ULabel is not valid for Feature(name='cell', dtype='cat[Record["
    )


def test_add_values_names_registries_lamingui_lacks(db):
    make_feature(name="organism", dtype="cat[notinstalled.Organism]")
    with pytest.raises(ValidationError) as error:
        make_record().features.add_values({"organism": "mouse"})
    assert "'notinstalled.Organism' is not available" in str(error.value)
    assert "'notinstalled' module" in str(error.value)


def test_add_values_names_the_feature_of_an_invalid_dtype(db):
    make_feature(name="legacy", dtype="object")
    with pytest.raises(ValidationError, match=r"^Feature 'legacy': Invalid dtype"):
        make_record().features.add_values({"legacy": 1})


def test_add_values_applies_the_filters_of_a_dtype(db):
    make_feature(name="kept", dtype="cat[ULabel[description='keep']]")
    make_ulabel(name="yes", description="keep")
    make_ulabel(name="no", description="drop")
    record = make_record()
    with pytest.raises(ValidationError, match=r"^1 term not validated .*: 'no'"):
        record.features.add_values({"kept": ["yes", "no"]})
    record.features.add_values({"kept": "yes"})
    assert record.features.get_values() == {"kept": "yes"}


def test_add_values_upgrades_a_bare_cat_dtype_to_ulabel(db):
    feature = make_feature(name="perturbation", dtype="cat")
    make_ulabel(name="DMSO")
    record = make_record()
    record.features.add_values({"perturbation": "DMSO"})
    feature.refresh_from_db()
    assert feature._dtype_str == "cat[ULabel]"
    assert record.features.get_values() == {"perturbation": "DMSO"}


def test_add_values_resolves_union_and_field_dtypes(db):
    make_feature(name="either", dtype="cat[ULabel|Project]")
    make_feature(name="by_uid", dtype="cat[ULabel.uid]")
    label, project = make_ulabel(name="u1"), make_project(name="p1")
    record = make_record()
    record.features.add_values({"either": ["u1", "p1"], "by_uid": label.uid})
    values = record.features.get_values()
    assert values == {"either": {"u1", "p1"}, "by_uid": label.uid}
    assert set(record.features["either"]) == {label, project}


def test_add_values_ignores_duplicate_labels_and_accumulates_new_ones(cell):
    record = make_record()
    record.features.add_values({"cell": ["T", "T"]})
    record.features.add_values({"cell": "T"})
    assert ln.models.RecordRecord.objects.filter(record=record).count() == 1
    record.features.add_values({"cell": "B"})  # multiplicity is not enforced
    assert record.features.get_values() == {"cell": {"T", "B"}}


def test_add_values_twice_for_a_simple_record_feature_violates_uniqueness(simple):
    record = make_record()
    record.features.add_values({"f_int": 1})
    with pytest.raises(IntegrityError):
        record.features.add_values({"f_int": 2})
    record.features.set_values({"f_int": 2})
    assert record.features.get_values() == {"f_int": 2}


def test_get_values_skips_labels_in_the_trash(cell):
    _, labels = cell
    record = make_record()
    record.features.add_values({"cell": ["T", "B"]})
    labels["B"].delete()
    assert record.features.get_values() == {"cell": "T"}


def test_get_values_refuses_categorical_values_stored_as_json(cell):
    record = make_record()
    feature = ln.Feature.get(name="cell")
    ln.models.RecordJson(record=record, feature=feature, value="Human").save()
    with pytest.raises(ValidationError) as error:
        record.features.get_values()
    assert str(error.value) == (
        "invalid entry for feature 'cell': it has the categorical dtype "
        "'cat[Record[Cell]]', so its value must be stored as a relational link (in a "
        "link table such as RecordRecord), but the value 'Human' was found stored as "
        "raw JSON in the RecordJson link table. This typically happens when a value "
        "is written without going through the validated API. Fix it by re-writing "
        "the value via the validated API, e.g.\n"
        "    record.features.set_values({'cell': <value>})"
    )


# -- schemas ------------------------------------------------------------------


def test_add_values_with_a_schema_checks_membership_and_required_features(simple):
    f_int, f_str, f_bool = (
        ln.Feature.get(name=n) for n in ("f_int", "f_str", "f_bool")
    )
    schema = make_schema(features=[f_int, f_str])
    record = make_record()
    with pytest.raises(ValidationError) as error:
        record.features.add_values({f_bool: True}, schema=schema)
    assert str(error.value) == (
        "These feature keys are not in the provided schema: ['f_bool']"
    )
    with pytest.raises(ValidationError, match="These keys could not be validated"):
        record.features.add_values({"f_bool": True}, schema=schema)
    with pytest.raises(ValidationError) as error:
        record.features.add_values({"f_int": 1}, schema=schema)
    assert "COLUMN_NOT_IN_DATAFRAME" in str(error.value)
    assert "column 'f_str' not in dataframe" in str(error.value)
    schema.optionals.add(f_str)
    record.features.add_values({"f_int": 1}, schema=schema)
    assert record.features.get_values() == {"f_int": 1}


def test_add_values_validates_against_the_record_types_schema(simple):
    f_int = ln.Feature.get(name="f_int")
    sheet = make_record(name="Sheet", schema=make_schema(features=[f_int]))
    record = make_record(type=sheet)
    with pytest.raises(AssertionError, match=r"Cannot pass schema if record\.type has"):
        record.features.add_values({"f_int": 1}, schema=sheet.schema)
    with pytest.raises(ValidationError, match="column 'f_int' not in dataframe"):
        record.features.add_values({})
    record.features.add_values({"f_int": 1})
    assert record.features.get_values() == {"f_int": 1}


# -- writing through save() and ln.save() ------------------------------------


def test_record_save_writes_init_features_in_one_transaction(cell, simple):
    record = ln.Record(name="with", features={"f_int": 1, "cell": "T"}).save()
    assert record.features.get_values() == {"cell": "T", "f_int": 1}
    failing = ln.Record(name="failing", features={"cell": "nope"})
    with pytest.raises(ValidationError, match="not validated in feature 'cell'"):
        failing.save()
    assert failing.pk is None and not ln.Record.filter(name="failing").exists()


def test_ln_save_writes_init_features_after_the_bulk_insert(cell, simple):
    records = [ln.Record(name=f"bulk{i}", features={"f_int": i}) for i in range(3)]
    ln.save(records)
    assert [r.features.get_values() for r in records] == [
        {"f_int": i} for i in range(3)
    ]
    sheet = make_record(name="Sheet", schema=make_schema())
    mixed = [ln.Record(name="a", type=sheet, features={"f_int": 1})]
    mixed.append(ln.Record(name="b", features={"f_int": 2}))
    with pytest.raises(ValidationError, match="requires all records to have the same"):
        ln.save(mixed)


def test_add_values_costs_a_bounded_number_of_queries(
    cell, simple, artifact, django_assert_max_num_queries
):
    ulabel_feature = make_feature(name="tags", dtype="cat[ULabel]")
    tags = [make_ulabel(name=f"tag{i}").name for i in range(8)]
    numbers = {f"n{i}": make_feature(name=f"n{i}", dtype="int") for i in range(10)}
    values = {
        ulabel_feature: tags,
        "cell": "T",
        "cells": ["T", "B"],
        **dict.fromkeys(numbers, 5),
    }
    for host in (make_record(), artifact):
        with django_assert_max_num_queries(16):
            host.features.add_values(values)
        assert len(host.features.get_values()) == 13
