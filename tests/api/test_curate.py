"""CanCurate (api.md §6): validate, inspect, standardize, from_values, synonyms."""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import lamingui as ln
from lamingui.errors import SynonymsNotSupported, ValidationError
from lamingui.models import InspectResult


def _messages(caplog) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", caplog.text)


@pytest.fixture
def labels(db):
    return ln.save([ln.ULabel(name=n) for n in ("A", "B", "C")]) or list(
        ln.ULabel.filter(name__in=["A", "B", "C"]).order_by("id")
    )


@pytest.fixture
def temperature(db):
    return ln.Feature(name="temperature", dtype="float", synonyms="temp|Temp.").save()


# -- validate -----------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        ["A", "zz", "a", "", None, "A"],
        pd.Series(["A", "zz", "a", "", None, "A"]),
        np.array(["A", "zz", "a", "", None, "A"], dtype=object),
        pd.Index(["A", "zz", "a", "", None, "A"]),
    ],
    ids=["list", "series", "ndarray", "index"],
)
def test_validate_is_exact_and_aligned_with_the_input(labels, values):
    result = ln.ULabel.validate(values, mute=True)
    assert isinstance(result, np.ndarray)
    assert result.tolist() == [True, False, False, False, False, True]


def test_validate_single_string_and_field_arguments(labels):
    assert ln.ULabel.validate("A", mute=True)
    assert not ln.ULabel.validate("a", mute=True)
    user = ln.User.get(handle="tester")
    assert ln.User.validate([user.handle, "Test User1"], "handle").tolist() == [
        True,
        False,
    ]
    assert ln.User.validate([user.id, 10**9], field=ln.User.id).sum() == 1
    assert ln.User.validate(user.handle, ln.User.handle)


def test_validate_flattens_nested_lists(labels):
    assert ln.ULabel.validate([["A", "x"], ["B"]], mute=True).tolist() == [
        True,
        False,
        True,
    ]


def test_validate_type_mismatch(labels):
    with pytest.raises(TypeError, match="identifiers are 'numeric'"):
        ln.ULabel.validate([1, 2])
    with pytest.raises(TypeError, match="identifiers are 'str/categorical'"):
        ln.User.validate(["abc"], field="id")


def test_validate_logs_statistics(labels, caplog):
    caplog.set_level(logging.INFO, logger="lamingui")
    ln.ULabel.validate(["A", "B", "zz", "A", ""])
    text = _messages(caplog)
    assert "received 3 unique terms, 2 empty/duplicated terms are ignored" in text
    assert "2 unique terms (66.67%) are validated for name" in text
    assert "1 unique term (33.33%) is not validated for name: 'zz'" in text


def test_validate_empty_registry_warns(db, caplog):
    assert ln.ULabel.validate(["x"]).tolist() == [False]
    assert "Your ULabel registry is empty, consider populating it first!" in (
        caplog.text
    )


def test_validate_ignores_trashed_records(labels):
    ln.ULabel.get(name="C").delete()
    assert ln.ULabel.validate(["C"], mute=True).tolist() == [False]


def test_class_only_methods_refuse_instances(labels):
    label = labels[0]
    for method in ("validate", "inspect", "standardize", "from_values"):
        with pytest.raises(TypeError, match=rf"ULabel.{method}\(\) is a class method"):
            getattr(label, method)(["A"])


def test_validate_costs_constant_queries_for_many_values(labels):
    def run(values):
        with CaptureQueriesContext(connection) as queries:
            result = ln.ULabel.validate(values, mute=True)
        return result, len(queries)

    # 1,000 values: one IN query whose list travels as one array parameter
    result, n = run([f"v{i}" for i in range(1000)] + ["A"])
    assert (n, int(result.sum()), bool(result[-1])) == (1, 1, True)
    # more values than registry rows: a count, then the registry's column
    result, n = run([f"v{i}" for i in range(20_000)] + ["A"])
    assert (n, int(result.sum())) == (2, 1)
    # a registry larger than the input: a count, then one IN query
    ln.save([ln.ULabel(name=f"v{i}") for i in range(0, 40_000, 2)])
    result, n = run([f"v{i}" for i in range(6000)])
    assert (n, int(result.sum())) == (2, 3000)
    assert result[0] and not result[1]


# -- inspect --------------------------------------------------------------------


def test_inspect_result_fields_as_api_md(db):
    ln.Record(name="Experiment 1").save()
    r = ln.Record.inspect(["Experiment 1", "experiment 1", "foo", "foo", "", None])
    assert isinstance(r, InspectResult)
    assert r.validated == ["Experiment 1"]
    assert r.non_validated == ["experiment 1", "foo"]
    assert r.frac_validated == 33.3
    assert r.n_unique == 3
    assert r.n_empty == 3
    assert r.synonyms_mapper == {}
    assert r["validated"] == r["mapped"] == ["Experiment 1"]
    assert r["non_validated"] == r["not_mapped"] == ["experiment 1", "foo"]
    with pytest.raises(KeyError, match="invalid key"):
        r["other"]
    assert r.df["__validated__"].tolist() == [True, False, False, False, False, False]
    assert r.df.index.tolist()[:3] == ["Experiment 1", "experiment 1", "foo"]
    with pytest.raises(AttributeError):
        r.validated = []


def test_inspect_detects_synonyms_and_casing(temperature, caplog):
    r = ln.Feature.inspect(["temp", "temperature", "TEMPERATURE", "pressure"])
    assert r.synonyms_mapper == {"temp": "temperature", "TEMPERATURE": "temperature"}
    text = _messages(caplog)
    assert "detected 2 unique terms with inconsistent casing/synonyms: temp" in text
    assert "→  standardize terms via .standardize()" in text
    assert "couldn't validate 1 term: 'pressure'" in text
    assert "create new record(s) via Feature() and save to your registry" in text


def test_inspect_zero_length_and_other_field(db, caplog):
    r = ln.User.inspect([], "name")
    assert r["validated"] == [] and r.n_unique == 0 and r.frac_validated == 0
    assert "input has zero length" in caplog.text
    assert ln.User.inspect(["user1", "user2"], "name", mute=True)["validated"] == []


# -- standardize ----------------------------------------------------------------


def test_standardize_examples_of_api_md(temperature):
    assert ln.Feature.standardize(["temp", "TEMPERATURE", "x", "Temp."]) == [
        "temperature",
        "temperature",
        "x",
        "temperature",
    ]
    assert ln.Feature.standardize(["temp", "TEMPERATURE", "x"], return_mapper=True) == {
        "temp": "temperature",
        "TEMPERATURE": "temperature",
    }
    assert ln.Feature.standardize("temp") == "temperature"
    assert ln.Feature.standardize(pd.Series(["temp"])) == ["temperature"]


def test_standardize_case_sensitive_and_return_field(temperature):
    assert ln.Feature.standardize(["TEMP", "Temp."], case_sensitive=True) == [
        "TEMP",
        "temperature",
    ]
    assert ln.Feature.standardize(["temp"], return_field="uid") == [temperature.uid]
    assert ln.Feature.standardize(
        ["temp", "temperature"], return_field=ln.Feature.uid, return_mapper=True
    ) == {"temp": temperature.uid, "temperature": temperature.uid}


def test_standardize_keep_for_shared_synonyms(db, caplog):
    first = ln.Feature(name="first", dtype="str", synonyms="shared").save()
    second = ln.Feature(name="second", dtype="str")
    second.add_synonym("shared", force=True)
    second.save()
    assert first.pk < second.pk
    assert ln.Feature.standardize(["shared"]) == ["first"]
    assert ln.Feature.standardize(["shared"], keep="last") == ["second"]
    assert ln.Feature.standardize(["shared"], keep=False) == [["first", "second"]]
    assert "returning list might contain lists when 'keep=False'" in caplog.text
    with pytest.raises(ValueError, match="keep must be"):
        ln.Feature.standardize(["shared"], keep="middle")


def test_standardize_is_a_no_op_without_synonyms_field(labels):
    assert ln.ULabel.standardize(["a", "A"]) == ["a", "A"]
    assert ln.ULabel.standardize(["a"], return_mapper=True) == {}


def test_standardize_logs_counts(temperature, caplog):
    caplog.set_level(logging.INFO, logger="lamingui")
    ln.Feature.standardize(["temp", "temperature", "x"])
    assert "standardized 1/3 term(s)" in caplog.text


def test_standardize_costs_constant_queries(temperature):
    values = [f"v{i}" for i in range(3000)] + ["temp", "TEMPERATURE"]
    with CaptureQueriesContext(connection) as queries:
        out = ln.Feature.standardize(values, mute=True)
    assert len(queries) == 3
    assert out[-2:] == ["temperature", "temperature"]


# -- from_values ----------------------------------------------------------------


def test_from_values_loads_existing_and_drops_the_rest(db, caplog):
    caplog.set_level(logging.INFO, logger="lamingui")
    ln.save([ln.Record(name=n) for n in ("A", "B")])
    found = ln.Record.from_values(["A", "B", "zz", "", None, "A"])
    assert found.to_list("name") == ["A", "B"]
    text = _messages(caplog)
    assert "loaded 2 Record record(s) matching name: 'A', 'B'" in text
    assert "did not create Record record(s) for 1 non-validated name(s): 'zz'" in text


def test_from_values_many_and_nothing_existing(db):
    names = [f"record{i}" for i in range(25)]
    ln.save([ln.Record(name=n) for n in names])
    assert len(ln.Record.from_values(names, field="name")) == 25
    assert len(ln.ULabel.from_values(["benchmark", "prediction"])) == 0


def test_from_values_maps_synonyms(temperature, caplog):
    found = ln.Feature.from_values(["temp", "pressure"])
    assert [f.pk for f in found] == [temperature.pk]
    assert "loaded 1 Feature record(s) matching synonyms: 'temp'" in _messages(caplog)
    assert len(ln.Feature.from_values(["temp"], standardize=False)) == 0


def test_from_values_create_keeps_duplicates_and_reuses_existing(db):
    existing = ln.Record(name="A").save()
    made = ln.Record.from_values(["A", "new1", "new1", ""], create=True)
    assert [r.name for r in made] == ["A", "new1", "new1"]
    assert made[0].pk == existing.pk
    assert made[1].pk is None and made[2].pk is None and made[1] is not made[2]
    assert ln.Record.filter(name="new1").count() == 0  # nothing saved


def test_from_values_seed_ulabel_example(db):
    assert len(ln.ULabel.from_values(["benchmark", "prediction", "test"])) == 0
    ulabels = ln.ULabel.from_values(
        ["benchmark", "prediction", "test"], create=True
    ).save()
    assert len(ulabels) == 3
    assert ln.ULabel.filter(name__in=["benchmark", "prediction", "test"]).count() == 3


def test_from_values_rejects_a_registry_as_field(db):
    with pytest.raises(TypeError, match="please pass a SQLRecord string field"):
        ln.Record.from_values(["A"], field=ln.Record)


def test_from_values_constant_queries(db):
    ln.save([ln.ULabel(name=f"l{i}") for i in range(2000)])
    values = [f"l{i}" for i in range(0, 4000, 2)]
    with CaptureQueriesContext(connection) as queries:
        found = ln.ULabel.from_values(values, mute=True)
    assert len(queries) == 1
    assert len(found) == 1000


# -- synonyms and abbreviations --------------------------------------------------


def test_add_synonym_conflicts_force_and_pipe(db, caplog):
    t = ln.Feature(name="t", dtype="str").save()
    b = ln.Feature(name="b", dtype="str").save()
    t.add_synonym(["my cell type"])
    assert "my cell type" in ln.Feature.get(pk=t.pk).synonyms
    with pytest.raises(ValidationError, match="you are trying to assign a synonym"):
        b.add_synonym("my cell type")
    assert "already associated with the following records" in caplog.text
    assert ln.Feature.get(pk=b.pk).synonyms is None  # nothing written
    b.add_synonym("my cell type", force=True)
    assert ln.Feature.get(pk=b.pk).synonyms == "my cell type"
    with pytest.raises(ValidationError, match=r"a synonym can't contain '\|'!"):
        t.add_synonym("my|celltype")


def test_add_synonym_no_ops_order_and_save_flag(db):
    t = ln.Feature(name="t", dtype="str", synonyms="x").save()
    for empty in ("", [], [""]):
        t.add_synonym(empty)
    assert t.synonyms == "x"
    t.add_synonym(pd.Series(["z", "y", "x"]))
    assert t.synonyms == "x|z|y"
    t.add_synonym("w", save=False)
    assert ln.Feature.get(pk=t.pk).synonyms == "x|z|y"
    t.remove_synonym(["x", "z", "y", "w"])
    assert ln.Feature.get(pk=t.pk).synonyms is None
    t.synonyms = None
    t.save()
    t.add_synonym(["my cell type"])
    assert t.synonyms == "my cell type"


def test_synonyms_unsupported_and_set_abbr(db):
    with pytest.raises(SynonymsNotSupported) as info:
        ln.ULabel(name="u").add_synonym("x")
    assert isinstance(info.value, AttributeError | NotImplementedError)
    project = ln.Project(name="my project").save()
    project.set_abbr(project.name)
    assert project.abbr == project.name
    project.set_abbr("MP")
    assert ln.Project.get(pk=project.pk).abbr == "MP"
    with pytest.raises(AttributeError, match="set_abbr"):
        ln.Record(name="r").set_abbr("x")
