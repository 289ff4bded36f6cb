"""Feature predicates, ``using()``, ``_to_basic``/``_to_non_basic``, ``get(path=,
is_run_input=)`` and ``_add_to_version_family`` (api.md §1.4, §1.9, §3.1, §3.2, §4.6).
"""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import FieldError

import lamingui as ln
from lamingui.context import acting_as
from lamingui.models._feature_predicates import FeatureComparisons, FeaturePredicate
from lamingui.models.querysets import BasicQuerySet, QuerySet
from tests.factories import make_artifact, make_collection, make_record, make_run

predicate_operators = pytest.mark.skipif(
    not issubclass(ln.Feature, FeatureComparisons),
    reason="Feature does not list FeatureComparisons among its bases yet",
)


@pytest.fixture
def scored(db):
    score = ln.Feature(name="score", dtype="int").save()
    cell = ln.Feature(name="cell", dtype="cat[ULabel]").save()
    t_cell = ln.ULabel(name="T cell").save()
    low, high, none = (make_record(name=n) for n in ("low", "high", "none"))
    low.features.add_values({"score": 3, "cell": t_cell})
    high.features.add_values({"score": 42})
    return score, cell, t_cell, (low, high, none)


# -- feature predicates -------------------------------------------------------


def test_predicates_filter_like_the_keyword_form(scored):
    score, _, _, (low, high, _) = scored
    names = ["low", "high", "none"]

    def found(predicate: FeaturePredicate) -> set:
        return set(ln.Record.filter(predicate, name__in=names))

    assert found(FeaturePredicate(score, "gt", 10)) == {high}
    assert found(FeaturePredicate(score, "gte", 42)) == {high}
    assert found(FeaturePredicate(score, "lt", 42)) == {low}
    assert found(FeaturePredicate(score, "lte", 42)) == {low, high}
    assert found(FeaturePredicate(score, "", 3)) == {low}


def test_not_equal_keeps_objects_without_a_value(scored):
    score, _, _, (_, high, none) = scored
    ne = FeaturePredicate(score, "", 3, negate=True)
    assert set(ln.Record.filter(ne, name__in=["low", "high", "none"])) == {high, none}


def test_is_null_predicate_and_categorical_equality(scored):
    score, cell, t_cell, (low, high, none) = scored
    names = ["low", "high", "none"]
    assert set(
        ln.Record.filter(FeaturePredicate(score, "isnull", True), name__in=names)
    ) == {none}
    assert set(ln.Record.filter(FeaturePredicate(score, "isnull", False))) == {
        low,
        high,
    }
    assert ln.Record.filter(FeaturePredicate(cell, "", "T cell")).one() == low
    assert ln.Record.filter(FeaturePredicate(cell, "", t_cell)).one() == low


def test_a_predicate_in_a_boolean_context_raises(scored):
    score = scored[0]
    with pytest.raises(TypeError, match="cannot be used as booleans"):
        bool(FeaturePredicate(score, "gt", 1))


def test_predicates_on_other_registries_raise_field_error(scored):
    with pytest.raises(FieldError, match="only supported for Artifact, Run, and "):
        ln.ULabel.filter(FeaturePredicate(scored[0], "gt", 1))


def test_predicates_work_on_runs_and_artifacts(db, tmp_path, storage_root):
    temperature = ln.Feature(name="temperature", dtype="float").save()
    artifact = make_artifact(tmp_path)
    artifact.features.add_values({"temperature": 25.0})
    run = make_run()
    run.features.add_values({"temperature": 18.5})
    warm = FeaturePredicate(temperature, "gt", 21)
    assert ln.Artifact.filter(warm, key=artifact.key).one() == artifact
    assert ln.Run.filter(FeaturePredicate(temperature, "lt", 21)).one() == run


@predicate_operators
def test_feature_operators_build_predicates(scored):
    score, cell, t_cell, (low, high, _) = scored
    assert isinstance(score > 3, FeaturePredicate)
    assert set(ln.Record.filter(score > 3)) == {high}
    assert set(ln.Record.filter(score >= 3, name="low")) == {low}
    assert set(ln.Record.filter(score < 42)) == {low}
    assert set(ln.Record.filter(score <= 42)) == {low, high}
    assert ln.Record.filter(score == 42).one() == high
    assert ln.Record.filter(cell == t_cell).one() == low
    assert high not in set(ln.Record.filter(score != 42))
    assert set(ln.Record.filter(score.is_null(False))) == {low, high}


@predicate_operators
def test_feature_equality_between_models_stays_boolean(scored):
    score, cell, _, (low, _, _) = scored
    assert (score == score) is True
    assert (score == cell) is False
    assert (score != cell) is True
    assert (cell == low) is False  # a Record is not in cell's dtype (ULabel)
    assert {score, cell} == {cell, score}  # still hashable


@predicate_operators
def test_is_null_rejects_a_non_bool(scored):
    with pytest.raises(TypeError, match=r"Feature.is_null\(\) expects a bool value"):
        scored[0].is_null("false")


# -- using() ------------------------------------------------------------------


def test_using_is_a_deprecated_alias_of_connect(db):
    make_record(name="via-using")
    with pytest.warns(DeprecationWarning, match="Use connect instead of using"):
        qs = ln.Record.using("default")
    assert isinstance(qs, QuerySet)
    assert qs.db == "default"
    assert qs.filter(name="via-using").count() == 1


# -- _to_basic / _to_non_basic ------------------------------------------------


def test_to_basic_drops_branch_scoping_of_later_filters(db):
    kept = make_record(name="conv-kept")
    trashed = make_record(name="conv-trashed")
    trashed.delete()
    rich = ln.Record.filter(name__startswith="conv-")
    basic = rich._to_basic()
    assert type(basic) is BasicQuerySet
    assert type(rich) is QuerySet  # copied by default
    assert list(basic) == [kept]  # the existing filter keeps its scope
    fresh = ln.Record.objects.all()._to_non_basic()
    assert type(fresh) is QuerySet
    assert set(fresh.filter(name__startswith="conv-")) == {kept}
    assert set(fresh._to_basic().filter(name__startswith="conv-")) == {kept, trashed}


def test_conversion_without_copy_changes_the_query_set_itself(db):
    qs = ln.Record.objects.all()
    assert qs._to_non_basic(copy=False) is qs
    assert type(qs) is QuerySet


# -- get(path=..., is_run_input=...) ------------------------------------------


def test_get_by_path_finds_the_artifact(db, tmp_path, storage_root):
    artifact = make_artifact(tmp_path)
    assert ln.Artifact.get(path=artifact.path) == artifact
    assert ln.Artifact.filter().get(path=str(artifact.path)) == artifact
    virtual = ln.Artifact(_file(tmp_path), description="no key").save()
    assert ln.Artifact.get(path=virtual.path) == virtual


def _file(folder):
    path = folder / "unkeyed.csv"
    path.write_text("x\n1\n")
    return path


def test_get_by_path_of_a_missing_file_raises_does_not_exist(db, tmp_path):
    with pytest.raises(ln.Artifact.DoesNotExist, match="No Artifact is stored at"):
        ln.Artifact.get(path=tmp_path / "nowhere.csv")


def test_get_by_path_on_other_registries_raises(db):
    with pytest.raises(ValueError, match="Querying by path is only possible for"):
        ln.Record.filter().get(path="data/x.csv")


def test_get_with_is_run_input_links_the_run(db, tmp_path, storage_root):
    artifact = make_artifact(tmp_path)
    run = make_run()
    assert ln.Artifact.get(artifact.uid, is_run_input=run) == artifact
    assert list(run.input_artifacts.all()) == [artifact]
    other = make_run()
    with acting_as(run_id=other.id):
        ln.Artifact.get(key=artifact.key, is_run_input=True)
    assert list(other.input_artifacts.all()) == [artifact]


def test_get_with_is_run_input_of_a_collection(db, tmp_path, storage_root):
    collection = make_collection(tmp_path)
    run = make_run()
    ln.Collection.get(collection.uid, is_run_input=run)
    assert list(run.input_collections.all()) == [collection]


def test_is_run_input_without_a_tracked_run_warns(db, tmp_path, storage_root, caplog):
    artifact = make_artifact(tmp_path)
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        assert ln.Artifact.get(artifact.uid, is_run_input=True) == artifact
    assert "no run is tracked" in caplog.text
    assert not artifact.input_of_runs.exists()


def test_is_run_input_on_other_registries_raises(db):
    record = make_record()
    with pytest.raises(ValueError, match="only possible for artifacts and collec"):
        ln.Record.get(record.uid, is_run_input=True)


# -- _add_to_version_family ---------------------------------------------------


def test_add_to_version_family_moves_a_record_into_the_family(db, caplog):
    v1 = ln.Transform(key="family.py").save()
    v2 = ln.Transform(key="family.py", revises=v1).save()
    stray = ln.Transform(key="stray.py").save()
    old_uid = stray.uid
    with caplog.at_level(logging.INFO, logger="lamingui"):
        stray._add_to_version_family(v2, version_tag="3")
    assert stray.uid == v1.stem_uid + "0002"
    assert stray.version == "3"
    assert f"updated uid from {old_uid} to {stray.uid}!" in caplog.text
    stray.refresh_from_db()
    v2.refresh_from_db()
    assert stray.is_latest and not v2.is_latest
    assert ln.Transform.get(v1.stem_uid) == stray


def test_add_to_version_family_promotes_in_the_old_family(db):
    a1 = ln.Transform(key="a.py").save()
    a2 = ln.Transform(key="a.py", revises=a1).save()
    target = ln.Transform(key="b.py").save()
    a2._add_to_version_family(target)
    a1.refresh_from_db()
    assert a1.is_latest
    assert a2.stem_uid == target.stem_uid


def test_add_to_version_family_renames_a_file_stored_by_uid(db, tmp_path, storage_root):
    first = ln.Artifact(_file(tmp_path), description="first").save()
    other_path = tmp_path / "other.csv"
    other_path.write_text("y\n2\n")
    other = ln.Artifact(other_path, description="other").save()
    old_path = other.path
    other._add_to_version_family(first)
    assert other.uid.startswith(first.stem_uid)
    assert not old_path.exists()
    assert other.path.read_text() == "y\n2\n"


def test_add_to_version_family_rejects_bad_arguments(db):
    transform = ln.Transform(key="x.py").save()
    with pytest.raises(TypeError, match="`revises` has to be of type `Transform`"):
        transform._add_to_version_family(make_record())
    with pytest.raises(ValueError, match="must be saved"):
        ln.Transform(key="y.py")._add_to_version_family(transform)
    with pytest.raises(ValueError, match="its own version family"):
        transform._add_to_version_family(transform)
    other = ln.Transform(key="z.py").save()
    with pytest.raises(ValueError, match="must be `None` or `str`"):
        other._add_to_version_family(transform, version_tag=2)
    assert other.uid.endswith("0000")
