"""``schema.optionals`` (api.md §9.2)."""

from __future__ import annotations

import pytest

import lamingui as ln
from tests.factories import make_feature


@pytest.fixture
def schema(db):
    features = [make_feature(), make_feature()]
    return ln.Schema(features=features, name="with optionals").save(), features


def test_schema_optionals_start_empty(schema):
    s, _ = schema
    assert s.optionals.get_uids() == []
    assert list(s.optionals.get()) == []


def test_schema_optionals_add_set_remove_round_trip(schema):
    s, (f1, f2) = schema
    s.optionals.add(f1)
    assert s._aux == {"af": {"1": [f1.uid]}}
    s.optionals.set([f2])
    assert s.optionals.get_uids() == [f2.uid]
    assert list(s.optionals.get()) == [f2]
    s.optionals.remove(f2)
    assert s.optionals.get_uids() == []
    assert s._aux is None


def test_schema_optionals_reject_non_features(schema):
    s, (f1, _) = schema
    with pytest.raises(TypeError, match="features must be a list of Feature records!"):
        s.optionals.set(f1)
    with pytest.raises(TypeError, match="features must be a list of Feature records!"):
        s.optionals.add(["not a feature"])


def test_schema_optionals_remove_a_required_feature_raises(schema):
    s, (f1, _) = schema
    with pytest.raises(ValueError):
        s.optionals.remove(f1)


def test_schema_optionals_change_the_hash_and_reverting_restores_it(schema):
    s, (f1, _) = schema
    original = s.hash
    s.optionals.add(f1)
    s.save()
    assert s.hash != original
    s.optionals.remove(f1)
    s.save()
    assert s.hash == original
    assert ln.Schema.get(s.uid).hash == original
