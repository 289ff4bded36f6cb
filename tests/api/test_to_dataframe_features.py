"""``to_dataframe(features=...)`` and ``include="features"`` (api.md §1.6)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import lamingui as ln
from tests.factories import make_record, make_run, make_ulabel


@pytest.fixture
def annotated(db):
    ln.Feature(name="score", dtype="int").save()
    ln.Feature(name="ok", dtype="bool").save()
    ln.Feature(name="day", dtype="date").save()
    ln.Feature(name="cell", dtype="cat[ULabel]").save()
    ln.Feature(name="unused", dtype="str").save()
    t_cell = make_ulabel(name="T cell")
    first = make_record(name="first")
    first.features.add_values(
        {"score": 3, "ok": True, "day": dt.date(2024, 1, 2), "cell": t_cell}
    )
    second = make_record(name="second")
    second.features.add_values({"score": 5})
    return first, second


def test_features_by_name_add_typed_columns(annotated):
    first, second = annotated
    df = ln.Record.filter(name__in=["first", "second"]).to_dataframe(
        features=["score", "cell", "ok", "day"]
    )
    assert list(df.columns) == ["uid", "name", "score", "cell", "ok", "day"]
    assert str(df["score"].dtype) == "Int64"
    assert df.loc[first.pk, "score"] == 3 and df.loc[second.pk, "score"] == 5
    assert df["cell"].dtype == "category"
    assert df.loc[first.pk, "cell"] == "T cell"
    assert pd.isna(df.loc[second.pk, "cell"])
    assert str(df["ok"].dtype) == "boolean"
    assert df.loc[first.pk, "day"] == dt.date(2024, 1, 2)


def test_include_features_takes_the_features_in_use(annotated):
    df = ln.Record.filter(name__in=["first", "second"]).to_dataframe(include="features")
    assert {"score", "cell", "ok", "day"} <= set(df.columns)
    assert "unused" not in df.columns


def test_several_labels_become_a_set(annotated):
    first, _ = annotated
    b_cell = make_ulabel(name="B cell")
    first.features.add_values({"cell": b_cell})
    df = ln.Record.filter(name="first").to_dataframe(features=["cell"])
    assert df.loc[first.pk, "cell"] == {"T cell", "B cell"}


def test_features_true_is_a_deprecated_alias(annotated):
    with pytest.warns(DeprecationWarning, match="features=True"):
        df = ln.Record.filter(name="first").to_dataframe(features=True)
    assert "score" in df.columns


def test_features_on_other_registries_are_refused(db):
    make_ulabel(name="x")
    with pytest.raises(
        ValueError, match="only applicable for Artifact, Record, and Run"
    ):
        ln.ULabel.filter().to_dataframe(features=["score"])


def test_run_values_from_json_links(db):
    ln.Feature(name="threshold", dtype="float").save()
    run = make_run()
    run.features.add_values({"threshold": 0.5})
    df = ln.Run.filter(id=run.id).to_dataframe(include="features")
    assert df.loc[run.pk, "threshold"] == 0.5


def test_missing_feature_names_are_logged(annotated, caplog):
    df = ln.Record.filter(name="first").to_dataframe(features=["score", "nope"])
    assert "score" in df.columns and "nope" not in df.columns
    assert "not found" in caplog.text


def test_feature_columns_cost_no_query_per_object(annotated):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            ln.Record.filter().to_dataframe(include="features", limit=None)
        return len(captured)

    few = queries()
    for i in range(20):
        make_record(name=f"more{i}").features.add_values({"score": i})
    assert queries() == few
