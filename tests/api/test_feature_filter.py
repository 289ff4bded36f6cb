"""Filtering Artifacts, Runs and Records by feature values (api.md §1.4)."""

from __future__ import annotations

import datetime as dt

import pytest

import lamingui as ln
from lamingui.errors import InvalidArgument, ObjectDoesNotExist
from tests.factories import make_artifact, make_record, make_run


@pytest.fixture
def features(db):
    return {
        "score": ln.Feature(name="score", dtype="int").save(),
        "note": ln.Feature(name="note", dtype="str").save(),
        "when": ln.Feature(name="when", dtype="date").save(),
        "cell": ln.Feature(name="cell", dtype="cat[ULabel]").save(),
    }


@pytest.fixture
def records(features):
    t_cell = ln.ULabel(name="T cell").save()
    b_cell = ln.ULabel(name="B cell").save()
    first = make_record(name="first")
    first.features.add_values(
        {"score": 42, "note": "hi there", "when": dt.date(2024, 1, 2), "cell": t_cell}
    )
    second = make_record(name="second")
    second.features.add_values({"score": 100, "cell": b_cell})
    third = make_record(name="third")
    return first, second, third


def test_feature_equality_finds_the_record(records):
    first, _, _ = records
    assert ln.Record.filter(score=42).one() == first


def test_numeric_comparisons_are_numeric_not_lexicographic(records):
    first, second, _ = records
    assert set(ln.Record.filter(score__gt=50)) == {second}
    assert set(ln.Record.filter(score__lte=42)) == {first}
    assert ln.Record.filter(score__gt=1000).one_or_none() is None


def test_dates_compare_as_iso_strings(records):
    first, _, _ = records
    assert ln.Record.filter(when__gte="2024-01-01").one() == first
    assert ln.Record.filter(when=dt.date(2024, 1, 2)).one() == first
    assert not ln.Record.filter(when__lt="2024-01-01").exists()


def test_text_lookups_are_case_insensitive_contains(records, caplog):
    first, _, _ = records
    assert ln.Record.filter(note__icontains="HI").one() == first
    assert ln.Record.filter(note__contains="THERE").one() == first
    assert "using `__icontains` instead" in caplog.text


def test_isnull_splits_records_with_and_without_a_value(records):
    first, second, third = records
    assert set(ln.Record.filter(note__isnull=False)) == {first}
    without = set(ln.Record.filter(note__isnull=True, name__in=["second", "third"]))
    assert without == {second, third}
    assert set(ln.Record.filter(cell__isnull=True, name="third")) == {third}


def test_categorical_values_resolve_through_the_label_registry(records):
    first, second, _ = records
    assert ln.Record.filter(cell="T cell").one() == first
    assert ln.Record.filter(cell__contains="B").one() == second
    label = ln.ULabel.get(name="B cell")
    assert ln.Record.filter(cell=label).one() == second


def test_unknown_categorical_value_raises_did_not_find(records):
    with pytest.raises(ObjectDoesNotExist, match="Did not find a ULabel matching"):
        ln.Record.filter(cell="nope")


def test_unknown_feature_name_raises_invalid_argument(records):
    with pytest.raises(
        InvalidArgument, match="Or fix invalid feature names: score_typo"
    ):
        ln.Record.filter(score_typo=1)


def test_feature_and_field_keys_combine(records):
    first, _, _ = records
    assert ln.Record.filter(score__gte=40, name="first").one() == first
    assert ln.Record.filter(score__gte=40, name="second").first().name == "second"
    assert not ln.Record.filter(score=42, name="second").exists()


def test_artifacts_and_runs_filter_by_json_values(features, storage_root, tmp_path):
    artifact = make_artifact(tmp_path)
    artifact.features.add_values({"score": 7})
    run = make_run()
    run.features.add_values({"score": 8})
    assert ln.Artifact.filter(score=7).one() == artifact
    assert ln.Run.filter(score__gt=7).one() == run
    assert not ln.Artifact.filter(score=8).exists()


def test_query_count_does_not_grow_with_values(records, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        list(ln.Record.filter(score__gt=0, note__isnull=False))
