"""``validate_frame``: column mapping, categorical and scalar checks (gui.md §7.1)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import lamingui as ln
from lamingui.curators import FrameReport, validate_frame
from lamingui.errors import ValidationError
from tests.factories import make_feature, make_record, make_ulabel


def table(**columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns, dtype=str)


def test_exact_synonym_and_fuzzy_values(curation):
    df = table(
        __lamindb_record_name__=["r1", "r2", "r3", "r4"],
        cell_type=["T cell", "T-cell", "Tcel", "T cell"],
        score=["1.5", "abc", "2", ""],
    )
    report = validate_frame(df, curation["schema"])
    cell = report.column("cell_type")
    assert (cell.kind, cell.match, cell.feature) == ("cat", "exact", "cell_type")
    assert (cell.n_values, cell.n_validated) == (4, 2)
    assert (cell.n_unique, cell.n_unique_validated) == (3, 1)
    by_value = {v.value: v for v in cell.nonvalidated}
    assert by_value["T-cell"].synonym == "T cell"
    assert by_value["T-cell"].choice == "map:T cell"  # pre-selected
    assert by_value["Tcel"].synonym is None
    assert by_value["Tcel"].choice is None  # suggested, never pre-selected
    assert by_value["Tcel"].suggestions[0][0] == "T cell"
    assert by_value["Tcel"].suggestions[0][1] >= 80
    score = report.column("score")
    assert score.kind == "scalar"
    assert score.invalid == [[2, "abc"]]
    assert (score.n_values, score.n_validated, score.n_empty) == (3, 2, 1)
    assert report.column("__lamindb_record_name__").kind == "name"
    # 'Tcel' (row 3) and 'abc' (row 2) block their rows
    assert report.n_rows_blocked == 2
    assert report.n_blocking == 2
    assert report.frac_validated == pytest.approx(4 / 7)


def test_mapping_choices_resolve_values(curation):
    df = table(cell_type=["Tcel", "NK cell", "?"], score=["1", "2", "3"])
    mapping = {
        "values": {"cell_type": {"Tcel": "map:T cell", "NK cell": "new", "?": "empty"}}
    }
    report = validate_frame(df, curation["schema"], curation["type"], mapping)
    assert report.n_blocking == 0
    assert report.to_create == {"ULabel": ["NK cell"]}
    choices = {v.value: v.choice for v in report.column("cell_type").nonvalidated}
    assert choices == {"Tcel": "map:T cell", "NK cell": "new", "?": "empty"}
    # a mapping to a name that does not exist stays unresolved
    bad = {"values": {"cell_type": {"Tcel": "map:no such label"}}}
    report = validate_frame(df, curation["schema"], mapping=bad)
    assert report.column("cell_type").n_unresolved == 3


def test_any_value_choice_and_not_creatable(curation):
    df = table(cell_type=["X", "Y"], score=["1", "2"])
    mapping = {"values": {"cell_type": {"*": "new"}}}
    report = validate_frame(df, curation["schema"], mapping=mapping)
    assert report.to_create == {"ULabel": ["X", "Y"]}
    report = validate_frame(df, curation["schema"], mapping=mapping, creatable=set())
    assert report.column("cell_type").n_unresolved == 2
    assert not report.column("cell_type").can_create


def test_leave_empty_needs_a_nullable_feature(db):
    strict = make_feature(name="strict", dtype="cat[ULabel]", nullable=False)
    schema = ln.Schema(name="strict", features=[strict]).save()
    df = table(strict=["nope", ""])
    report = validate_frame(df, schema, mapping={"values": {"strict": {"*": "empty"}}})
    column = report.column("strict")
    assert column.n_unresolved == 1
    assert any("not nullable" in p for p in column.problems)
    assert report.n_rows_blocked == 2


def test_column_mapping_exact_synonym_suggested_and_ignored(db):
    a = make_feature(name="cell_type", dtype="str")
    b = make_feature(name="temperature", dtype="float", synonyms="temp|Temp.")
    c = make_feature(name="donor_age", dtype="int")
    schema = ln.Schema(name="mapping", features=[a, b, c]).save()
    df = table(cell_type=["x"], TEMP=["1"], donor_ag=["3"], other=["?"])
    report = validate_frame(df, schema)
    matches = {c.column: (c.feature, c.match) for c in report.columns}
    assert matches == {
        "cell_type": ("cell_type", "exact"),
        "TEMP": ("temperature", "synonym"),
        "donor_ag": ("donor_age", "suggested"),
        "other": (None, "none"),
    }
    report = validate_frame(df, schema, mapping={"columns": {"donor_ag": None}})
    assert report.column("donor_ag").match == "ignored"
    assert report.missing_required == [
        "Required feature 'donor_age' has no column in the table"
    ]
    assert report.n_rows_blocked == 1


def test_record_type_subtree_limits_validation(db):
    cell = make_record(name="Cell", is_type=True)
    sub = make_record(name="Immune", is_type=True, type=cell)
    make_record(name="T", type=sub)
    make_record(name="Outside")  # same registry, not in the subtree
    feature = make_feature(name="cell", dtype=f"cat[Record[{cell.uid}]]")
    schema = ln.Schema(name="typed", features=[feature]).save()
    report = validate_frame(table(cell=["T", "Outside", "T"]), schema)
    column = report.column("cell")
    assert column.registry == "Record[Cell]"
    assert (column.n_validated, column.n_values) == (2, 3)
    assert [v.value for v in column.nonvalidated] == ["Outside"]


def test_scalar_dtypes(db):
    features = [
        make_feature(name=n, dtype=d)
        for n, d in (("i", "int"), ("b", "bool"), ("d", "date"), ("s", "str"))
    ]
    schema = ln.Schema(name="scalars", features=features).save()
    df = table(
        i=["1", "2.5", "x", "4"],
        b=["yes", "No", "TRUE", "maybe"],
        d=["2024-01-02", "2024/01/03", "soon", ""],
        s=["a", "", "c", "d"],
    )
    report = validate_frame(df, schema)
    assert report.column("i").invalid == [[2, "2.5"], [3, "x"]]
    assert report.column("b").invalid == [[4, "maybe"]]
    assert report.column("d").invalid == [[3, "soon"]]
    assert report.column("s").invalid == []
    assert report.column("s").n_empty == 1


def test_report_round_trips_json_and_to_dataframe(curation):
    df = table(cell_type=["T cell", "Tcel", "T-cell"], score=["1", "x", "2"])
    report = validate_frame(df, curation["schema"])
    data = json.loads(json.dumps(report.to_dict()))
    again = FrameReport.from_dict(data)
    assert again.to_dict() == report.to_dict()
    assert again.n_blocking == report.n_blocking
    frame = report.to_dataframe()
    assert frame["__validated__"].dtype == bool
    rows = {
        (c, v): ok
        for c, v, ok in zip(
            frame["column"], frame["value"], frame["__validated__"], strict=True
        )
    }
    assert rows[("cell_type", "T cell")]
    assert not rows[("cell_type", "Tcel")]
    assert not rows[("score", "x")]


def test_validation_writes_nothing_and_queries_stay_bounded(curation):
    small = table(cell_type=["T cell", "Tcel"] * 5, score=["1"] * 10)
    big = table(cell_type=["T cell", "Tcel"] * 500, score=["1"] * 1000)
    counts = []
    for df in (small, big):
        with CaptureQueriesContext(connection) as queries:
            validate_frame(df, curation["schema"])
        counts.append(len(queries))
        assert not [q for q in queries if not q["sql"].lstrip().startswith("SELECT")]
    assert counts[0] == counts[1]


def test_bad_input_raises_clear_errors(curation, db):
    schema = curation["schema"]
    with pytest.raises(ValidationError, match="no features to validate"):
        validate_frame(table(a=["1"]), ln.Schema(name="empty", itype="Feature").save())
    with pytest.raises(ValidationError, match="is_type=True"):
        validate_frame(table(a=["1"]), schema, make_record(name="plain"))
    with pytest.raises(ValidationError, match="not in the schema"):
        validate_frame(table(a=["1"]), schema, mapping={"columns": {"a": "nope"}})
    with pytest.raises(ValidationError, match="not in the table"):
        validate_frame(table(a=["1"]), schema, mapping={"index_column": "zz"})
    with pytest.raises(TypeError, match="DataFrame"):
        validate_frame([["a"]], schema)
    label = make_ulabel(name="unused")
    assert label.pk
