"""A failed annotation write rolls back completely (issue 4, acceptance check 3)."""

from __future__ import annotations

import pytest

import lamingui as ln
from lamingui.errors import ValidationError
from lamingui.models import ArtifactJsonValue, ArtifactULabel, feature_manager
from lamingui.models._annotation_links import (
    insert_ignoring_conflicts,
    link_json_values_and_labels,
)


@pytest.fixture
def features(db):
    ln.Feature(name="count", dtype="int").save()
    ln.Feature(name="tissue", dtype="cat[ULabel]").save()
    ln.ULabel(name="liver").save()


def _rows(artifact) -> tuple[int, int, int]:
    return (
        ln.JsonValue.objects.filter(feature__name="count").count(),
        ArtifactJsonValue.objects.filter(artifact=artifact).count(),
        ArtifactULabel.objects.filter(artifact=artifact).count(),
    )


def test_add_values_failing_after_the_json_rows_rolls_back(
    features, artifact, monkeypatch
):
    calls = []

    def fail_on_labels(model, objs, using, **kwargs):
        calls.append(model.__name__)
        if model is ArtifactULabel:
            raise RuntimeError("connection lost")
        return insert_ignoring_conflicts(model, objs, using, **kwargs)

    def fail_after_writing(*args, **kwargs):  # PostgreSQL: one statement
        link_json_values_and_labels(*args, **kwargs)
        calls.append("JsonValue")
        raise RuntimeError("connection lost")

    monkeypatch.setattr(feature_manager, "insert_ignoring_conflicts", fail_on_labels)
    monkeypatch.setattr(
        feature_manager, "link_json_values_and_labels", fail_after_writing
    )
    with pytest.raises(RuntimeError, match="connection lost"):
        artifact.features.add_values({"count": 3, "tissue": "liver"})
    assert "JsonValue" in calls  # the JSON rows were written before the failure
    assert _rows(artifact) == (0, 0, 0)


def test_set_values_failing_keeps_the_old_values(features, artifact, monkeypatch):
    artifact.features.add_values({"count": 1, "tissue": "liver"})
    before = artifact.features.get_values()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(feature_manager, "insert_ignoring_conflicts", fail)
    monkeypatch.setattr(feature_manager, "link_json_values_and_labels", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        artifact.features.set_values({"count": 2})
    assert artifact.features.get_values() == before


def test_invalid_values_write_nothing(features, artifact):
    with pytest.raises(ValidationError) as error:
        artifact.features.add_values({"count": "three", "tissue": "kidney"})
    message = str(error.value)
    assert "expected dtype 'int' for feature 'count', got 'three' (str)" in message
    assert "not validated in feature 'tissue': 'kidney'" in message
    assert _rows(artifact) == (0, 0, 0)
