"""CanCurate on query sets: the set, not the registry, is the reference (api.md §6)."""

from __future__ import annotations

import pytest

import lamingui as ln
from lamingui.errors import InvalidArgument

pytestmark = pytest.mark.django_db


@pytest.fixture
def labels():
    ln.save([ln.ULabel(name=n) for n in ("a", "b", "c")])


def test_validate_on_a_query_set_only_knows_its_rows(labels):
    assert ln.ULabel.validate(["a", "c"], mute=True).tolist() == [True, True]
    subset = ln.ULabel.filter(name__in=["a", "b"])
    assert subset.validate(["a", "c"], mute=True).tolist() == [True, False]


def test_inspect_on_a_query_set(labels):
    result = ln.ULabel.filter(name="a").inspect(["a", "b"], mute=True)
    assert result.validated == ["a"]
    assert result.non_validated == ["b"]


def test_from_values_on_a_query_set_returns_only_its_rows(labels):
    found = ln.ULabel.filter(name__in=["a", "c"]).from_values(["a", "b", "c"])
    assert sorted(found.to_list("name")) == ["a", "c"]


def test_standardize_on_a_query_set_uses_its_synonyms():
    ln.Feature(name="temperature", dtype=float, synonyms="temp|Temp.").save()
    ln.Feature(name="pressure", dtype=float, synonyms="press").save()
    only_pressure = ln.Feature.filter(name="pressure")
    assert only_pressure.standardize(["temp", "press"], mute=True) == [
        "temp",
        "pressure",
    ]
    assert ln.Feature.standardize(["temp", "press"], mute=True) == [
        "temperature",
        "pressure",
    ]


def test_the_user_example_of_api_md():
    ln.User(handle="testuser1").save()
    assert ln.User.filter(handle="testuser1").standardize(["user1", "user2"]) == [
        "user1",
        "user2",
    ]


def test_a_registry_without_curation_says_so():
    with pytest.raises(InvalidArgument, match="Run query sets have no validate"):
        ln.Run.filter().validate(["x"])
