"""Feature values on artifact and run hosts; reading, removing, describing them.

api.md §7.1; writing and validation are in ``test_features.py``.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest

import lamingui as ln
from lamingui.errors import ValidationError
from tests.factories import (
    link_schema,
    make_artifact,
    make_feature,
    make_record,
    make_run,
    make_schema,
    make_ulabel,
)

pytestmark = pytest.mark.django_db


# -- Artifact and Run hosts ----------------------------------------------------


def test_artifact_json_values_accumulate_into_a_set_and_share_rows(artifact, tmp_path):
    make_feature(name="temperature", dtype="num")
    make_feature(name="feature_date", dtype="date", coerce=True)
    artifact.features.add_values({"temperature": 27.2})
    artifact.features.add_values({"temperature": 100.0, "feature_date": "2024-01-01"})
    values = artifact.features.get_values()
    assert values == {
        "temperature": {27.2, 100.0},
        "feature_date": dt.date(2024, 1, 1),
    }
    other = make_artifact(tmp_path)
    other.features.add_values({"temperature": 27.2})
    assert ln.JsonValue.filter(feature__name="temperature").count() == 2
    artifact.features.set_values({"temperature": 99.0})
    assert artifact.features.get_values() == {"temperature": 99.0}


def test_artifact_with_an_external_schema_validates_in_set_values(artifact, simple):
    f_int = ln.Feature.get(name="f_int")
    artifact.schema = make_schema(features=[f_int])
    artifact.save()
    with pytest.raises(ValueError, match="Cannot add values if artifact has external"):
        artifact.features.add_values({"f_int": 1})
    with pytest.raises(ValidationError, match="These keys could not be validated"):
        artifact.features.set_values({"f_str": "x"})
    artifact.features.set_values({"f_int": 1})
    assert artifact.features.get_values() == {"f_int": 1}
    with pytest.raises(ValueError, match="Cannot remove values if artifact has"):
        artifact.features.remove_values("f_int")


def test_artifact_dataset_features_are_kept_apart(artifact, cell):
    make_feature(name="temperature", dtype="num")
    measured = ln.Feature.get(name="cell")
    schema = make_schema(features=[measured], name="obs schema")
    link_schema(artifact, schema, slot="obs")
    ln.models.ArtifactRecord(
        artifact=artifact, record=cell[1]["T"], feature=measured
    ).save()  # as a curator would write it
    artifact.features.add_values({"temperature": 1.0})
    assert artifact.features.slots == {"obs": schema}
    assert artifact.features.get_values(external_only=True) == {"temperature": 1.0}
    artifact.features.set_values({"temperature": 2.0})
    assert artifact.features.get_values() == {"cell": "T", "temperature": 2.0}
    with pytest.raises(
        ValueError, match=r"^Cannot remove values for dataset features\.$"
    ):
        artifact.features.remove_values(measured)
    assert artifact.features.describe(return_str=True).splitlines()[1:] == [
        "├── Dataset features",
        "│   └── obs (1)",
        "│       cell                Record[Cell]             T",
        "└── External features",
        "    └── temperature         num                      2.0",
    ]


def test_slots_of_other_hosts_are_empty(simple):
    assert make_record().features.slots == {}
    assert make_run().features.slots == {}


def test_run_features_store_json_and_record_values(cell, simple):
    run = make_run()
    run.features.add_values({"f_int": 1, "cell": "T"})
    run.features.add_values({"f_int": 2})
    assert run.features.get_values() == {"cell": "T", "f_int": {1, 2}}
    header = run.features.describe(return_str=True).splitlines()[0]
    assert header == f"Run: {run.uid[:7]} ({run.transform.key})"
    make_feature(name="tag", dtype="cat[ULabel]")
    make_ulabel(name="u")
    with pytest.raises(ValidationError, match="Run cannot hold ULabel values"):
        run.features.add_values({"tag": "u"})


# -- __getitem__, remove_values ----------------------------------------------


def test_getitem_returns_labels_and_values(cell, simple):
    _, labels = cell
    record = make_record()
    record.features.add_values({"cell": "T", "cells": ["B", "T"], "f_int": 4})
    assert record.features["cell"] == labels["T"]
    assert list(record.features["cells"]) == [labels["B"], labels["T"]]
    assert isinstance(record.features["cells"], ln.models.SQLRecordList)
    assert record.features["f_int"] == 4
    assert record.features["f_str"] is None  # a feature without a value
    record.features.add_values({"cell": "B"})
    assert set(record.features["cell"]) == set(labels.values())
    with pytest.raises(ValidationError, match=r"^Feature with name nope not found$"):
        record.features["nope"]


def test_remove_values_by_name_feature_list_and_dict(cell, simple):
    record = make_record()
    values = {"cell": "T", "cells": ["T"], "f_int": 1, "f_str": "a", "f_bool": True}
    record.features.add_values(values)
    record.features.remove_values("cell")
    record.features.remove_values(ln.Feature.get(name="cells"))
    record.features.remove_values(["f_int", "f_str"])
    record.features.remove_values({"f_bool": False})  # another value: kept
    assert record.features.get_values() == {"f_bool": True}
    record.features.remove_values({"f_bool": True})
    assert record.features.get_values() == {}


def test_remove_values_of_one_value_on_an_artifact(artifact, cell):
    _, labels = cell
    make_feature(name="temperature", dtype="num")
    artifact.features.add_values({"temperature": 1.0, "cell": ["T", "B"]})
    artifact.features.add_values({"temperature": 2.0})
    artifact.features.remove_values("temperature", value=1.0)
    artifact.features.remove_values("cell", value=labels["T"])
    assert artifact.features.get_values() == {"cell": "B", "temperature": 2.0}
    # only the link is removed, the shared JsonValue row stays
    assert ln.JsonValue.filter(feature__name="temperature").count() == 2
    with pytest.raises(TypeError) as error:
        artifact.features.remove_values("cell", value="4")
    assert str(error.value) == (
        "Expected a record for removing categorical feature value, got 4 of type "
        "<class 'str'>"
    )


def test_remove_values_errors(cell, simple):
    _, labels = cell
    record = make_record()
    record.features.add_values({"cell": "T"})
    with pytest.raises(
        AssertionError, match=r"^Only artifacts support passing a value"
    ):
        record.features.remove_values("cell", value=labels["T"])
    with pytest.raises(ValueError, match="Pass either `value=` or per-feature values"):
        record.features.remove_values({"cell": None}, value=labels["T"])
    with pytest.raises(ln.errors.ObjectDoesNotExist):
        record.features.remove_values("nope")


def test_remove_values_warns_and_goes_on_when_nothing_is_found(cell, simple, caplog):
    record = make_record()
    record.features.add_values({"f_int": 4, "cell": "T"})
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        record.features.remove_values(["f_str", "f_int"])
        record.features.remove_values("f_bool", value=4)
    assert f"no feature 'f_str' found on record '{record.uid}'!" in caplog.text
    assert f"no feature 'f_bool' with value '4' found on record '{record.uid}'!" in (
        caplog.text
    )
    assert record.features.get_values() == {"cell": "T"}  # f_int went anyway
    record.features.remove_values()
    assert record.features.get_values() == {}


# -- describe, writing through save() ------------------------------------------


def test_describe_prints_the_feature_tree(cell, simple, capsys):
    record = make_record(name="sample1")
    record.features.add_values({"cell": "T", "cells": ["T"], "f_str": "hi"})
    record.features.add_values({"f_int": 3, "f_datetime": "2024-12-01 00:00:00"})
    expected = (
        "Record: sample1\n"
        "└── Features\n"
        "    └── cell                Record[Cell]             T\n"
        "        cells               list[Record[Cell]]       ['T']\n"
        "        f_datetime          datetime                 2024-12-01 00:00:00\n"
        "        f_int               int                      3\n"
        "        f_str               str                      hi"
    )
    assert record.features.describe(return_str=True) == expected
    assert repr(record.features) == expected
    assert record.features.describe() is None
    assert capsys.readouterr().out == expected + "\n"


def test_describe_an_artifact_with_a_description_and_many_values(artifact):
    make_feature(name="temperature", dtype="num")
    artifact.description = "test"
    artifact.save()
    artifact.features.add_values({"temperature": 27.2})
    artifact.features.add_values({"temperature": 100.0})
    assert artifact.features.describe(return_str=True) == (
        f"Artifact: {artifact.key} (0000)\n"
        "|   description: test\n"
        "└── Features\n"
        "    └── temperature         num                      27.2, 100.0"
    )


# -- the one-statement write of PostgreSQL -------------------------------------


def test_artifact_writes_on_postgresql_are_one_statement(
    artifact, tmp_path, django_assert_num_queries
):
    from django.db import connection  # noqa: PLC0415 - vendor known once the db is set

    make_feature(name="count", dtype="int")
    make_feature(name="note", dtype="str")
    make_feature(name="tissue", dtype="cat[ULabel]")
    make_feature(name="tissues", dtype="list[cat[ULabel]]")
    for name in ("liver", "lung"):
        make_ulabel(name=name)
    artifact.features.add_values({"count": 3})  # this JsonValue now exists
    other = make_artifact(tmp_path)
    values = {
        "count": 3,
        "note": "new",
        "tissue": "liver",
        "tissues": ["lung", "liver"],
    }
    if connection.vendor == "postgresql":
        # features, labels, then one write, inside a savepoint (or BEGIN ... COMMIT)
        with django_assert_num_queries(5):
            other.features.add_values(values)
    else:
        other.features.add_values(values)
    assert other.features.get_values() == {
        "count": 3,
        "note": "new",
        "tissue": "liver",
        "tissues": ["lung", "liver"],
    }
    assert ln.JsonValue.filter(feature__name="count").count() == 1  # shared row
    other.features.add_values(values)  # again: nothing new, nothing duplicated
    assert ln.models.ArtifactJsonValue.objects.filter(artifact=other).count() == 2


def test_a_json_value_inserted_concurrently_is_still_linked(artifact, monkeypatch):
    """The one statement cannot see a JsonValue another writer committed after
    it started: it reports the missing link and the plain path adds it."""
    from lamingui.models import _annotation_links, feature_manager  # noqa: PLC0415

    make_feature(name="count", dtype="int")
    make_feature(name="tissue", dtype="cat[ULabel]")
    make_ulabel(name="liver")
    calls = []

    def unseen_value(link, host_row, values, labels, using):
        calls.append(len(values))
        _annotation_links.link_json_values_and_labels(link, host_row, [], labels, using)
        ln.JsonValue(feature=ln.Feature.get(name="count"), value=7).save()
        return False

    monkeypatch.setattr(feature_manager, "link_json_values_and_labels", unseen_value)
    from django.db import connection  # noqa: PLC0415 - vendor known once the db is set

    artifact.features.add_values({"count": 7, "tissue": "liver"})
    assert artifact.features.get_values() == {"count": 7, "tissue": "liver"}
    assert calls == ([1] if connection.vendor == "postgresql" else [])
