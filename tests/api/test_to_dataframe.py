"""``to_dataframe()`` (api.md §1.6): default columns, index, include, limit, order."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

import lamingui as ln
from tests.factories import make_record, make_ulabel

pytestmark = pytest.mark.django_db

#: api.md §1.6, Record example
RECORD_COLUMNS = [
    "uid",
    "name",
    "description",
    "reference",
    "reference_type",
    "extra_data",
    "is_locked",
    "is_type",
    "created_at",
    "branch_id",
    "created_on_id",
    "space_id",
    "created_by_id",
    "type_id",
    "schema_id",
    "run_id",
]


def test_record_default_columns_and_index():
    first = make_record(name="first")
    second = make_record(name="second")
    df = ln.Record.to_dataframe()
    assert list(df.columns) == RECORD_COLUMNS
    assert df.index.name == "id"
    assert list(df.index) == [second.id, first.id]  # newest first
    assert df.loc[first.id, "uid"] == first.uid
    assert df.loc[second.id, "name"] == "second"


def test_default_columns_hide_updated_at_and_privates_show_dtype_str():
    make_ulabel()
    columns = list(ln.ULabel.to_dataframe().columns)
    assert "updated_at" not in columns
    assert not [c for c in columns if c.startswith("_")]
    ln.Feature(name="weight", dtype="float").save()
    assert "_dtype_str" in ln.Feature.to_dataframe().columns


def test_include_privates_shows_underscore_fields():
    make_record()
    assert "_aux" in ln.Record.to_dataframe(include="privates").columns


def test_to_dataframe_is_branch_scoped():
    live = make_record(name="live")
    make_record(name="gone").delete()
    assert list(ln.Record.to_dataframe().index) == [live.id]
    assert len(ln.Record.objects.to_dataframe()) == 2  # manager: no scoping


def test_include_to_many_path_gives_sets():
    parent = make_record(name="project")
    child = make_record(name="child")
    child.parents.add(parent)
    df = ln.Record.to_dataframe(include="parents__name")
    assert list(df.columns) == ["uid", "name", "parents__name"]
    assert df.loc[child.id, "parents__name"] == {"project"}
    assert df.loc[parent.id, "parents__name"] == {None}


def test_include_several_paths_keeps_their_order():
    parent = make_record(name="project")
    child = make_record(name="child")
    child.parents.add(parent)
    df = ln.Record.to_dataframe(include=["parents__name", "parents__created_by_id"])
    assert df.columns[2] == "parents__name"
    assert df.columns[3] == "parents__created_by_id"
    assert df.loc[child.id, "parents__created_by_id"] == {parent.created_by_id}


def test_include_to_one_path_gives_scalars():
    r = make_record(name="Project 0")
    df = ln.Record.filter(name="Project 0").to_dataframe(include="created_by__handle")
    assert df["created_by__handle"].iloc[0] == r.created_by.handle


def test_limit_counts_objects_and_keeps_the_newest():
    records = [make_record(name=f"n{i}") for i in range(5)]
    df = ln.Record.to_dataframe(limit=2)
    assert list(df.index) == [records[4].id, records[3].id]
    assert len(ln.Record.to_dataframe(limit=None)) == 5


def test_default_limit_is_100_and_warns_when_truncating(caplog):
    ln.save([ln.Record(name=f"bulk {i}") for i in range(101)])
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        df = ln.Record.to_dataframe()
    assert len(df) == 100
    assert "truncated query result to limit=100 Record objects" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        assert len(ln.Record.to_dataframe(limit=50)) == 50
    assert "truncated" not in caplog.text


def test_order_by():
    make_record(name="b")
    make_record(name="c")
    make_record(name="a")
    assert list(ln.Record.to_dataframe(order_by="name")["name"]) == ["a", "b", "c"]
    assert list(ln.Record.to_dataframe(order_by="-name")["name"]) == ["c", "b", "a"]
    # an ordered query set keeps its order; an unknown field is ignored
    ordered = ln.Record.filter().order_by("name").to_dataframe()
    assert list(ordered["name"]) == ["a", "b", "c"]
    assert len(ln.Record.to_dataframe(order_by="no_such_field")) == 3


def test_empty_result_has_id_as_a_column():
    df = ln.Record.filter(name="nobody").to_dataframe()
    assert df.empty
    assert list(df.columns) == ["id", *RECORD_COLUMNS]


def test_search_result_keeps_relevance_order():
    make_ulabel(name="my T cell line")
    make_ulabel(name="T cell")
    df = ln.ULabel.search("T cell").to_dataframe()
    assert list(df["name"]) == ["T cell", "my T cell line"]


def test_sqlrecordlist_to_dataframe():
    records = ln.models.SQLRecordList([make_record(name="x"), make_record(name="y")])
    df = records.to_dataframe()
    assert isinstance(df.index, pd.RangeIndex)
    attnames = [f.attname for f in ln.Record._meta.concrete_fields]
    assert list(df.columns) == attnames
    assert list(df["name"]) == ["x", "y"]
    assert list(df["id"]) == [r.id for r in records]
    assert ln.models.SQLRecordList([]).to_dataframe().empty


def test_deprecated_df_alias_warns():
    make_record()
    with pytest.deprecated_call(match="Use to_dataframe instead of df"):
        df = ln.Record.filter().df()
    assert list(df.columns) == RECORD_COLUMNS
