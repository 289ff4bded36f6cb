"""Documented parameters and errors the other API tests did not reach (api.md §1-4).

See ``tests/api/COVERAGE.md`` for the whole table.
"""

from __future__ import annotations

import logging

import pandas as pd
import pytest

import lamingui as ln
from lamingui.models._dataframe import DEFAULT_DATAFRAME_LIMIT
from lamingui.models._is_versioned import bump_version, set_version
from lamingui.models._names import get_name_field
from tests.factories import make_artifact, make_record, make_run, make_transform

# -- filter: keyword re-mapping (§1.1) ------------------------------------------


def test_artifact_filter_by_transform_goes_through_the_run(db, tmp_path, storage_root):
    transform = make_transform()
    run = make_run(transform=transform)
    artifact = make_artifact(tmp_path, run=run)
    make_artifact(tmp_path)
    assert ln.Artifact.filter(transform=transform).one() == artifact
    assert ln.Artifact.filter(transform__key=transform.key).one() == artifact


def test_branch_status_names_map_to_codes(db):
    draft = ln.Branch(name="draft-branch")
    draft.status = "draft"
    draft.save()
    assert ln.Branch.filter(status="draft").one() == draft
    assert draft in ln.Branch.filter(status__in=["draft", "review"])
    with pytest.raises(ValueError, match=r"Invalid Branch status 'nope'\. Expected"):
        ln.Branch.filter(status="nope")


def test_project_status_values_pass_through(db):
    project = ln.Project(name="status-project").save()
    code = project._status_code
    assert project in ln.Project.filter(status=code)


# -- QuerySet.last, describe (§3.2) ---------------------------------------------


def test_last_follows_django(db):
    first = make_record(name="last-a")
    second = make_record(name="last-b")
    qs = ln.Record.filter(name__startswith="last-")
    assert qs.order_by("id").last() == second
    assert qs.order_by("-id").last() == first
    assert ln.Record.filter(name="no such").last() is None


def test_queryset_describe_delegates_to_the_registry(db):
    text = ln.User.objects.all().describe(return_str=True)
    assert text.startswith("User\n  Simple fields")
    assert ln.Record.filter().describe(return_str=True) == ln.Record.describe(
        return_str=True
    )


# -- to_dataframe (§1.6) ---------------------------------------------------------


def test_default_limit_constant_is_the_seed_value():
    assert DEFAULT_DATAFRAME_LIMIT == 100


def test_order_by_an_unknown_field_is_ignored(db):
    older = make_record(name="ord-1")
    newer = make_record(name="ord-2")
    df = ln.Record.filter(name__startswith="ord-").to_dataframe(order_by="no_field")
    assert set(df.index) == {older.pk, newer.pk}
    df = ln.Record.filter(name__startswith="ord-").to_dataframe(order_by=None)
    assert len(df) == 2


def test_internal_artifact_kinds_are_hidden_unless_asked_for(
    db, tmp_path, storage_root
):
    shown = make_artifact(tmp_path)
    hidden = make_artifact(tmp_path, kind="__lamindb_run__")
    df = ln.Artifact.filter().to_dataframe()
    assert shown.pk in df.index and hidden.pk not in df.index
    df = ln.Artifact.filter(kind="__lamindb_run__").to_dataframe()
    assert list(df.index) == [hidden.pk]


def test_explicitly_requested_ambiguous_features_raise(db):
    kind_a = ln.Feature(name="KindA", is_type=True).save()
    kind_b = ln.Feature(name="KindB", is_type=True).save()
    ln.Feature(name="twin", dtype="int", type=kind_a).save()
    ln.Feature(name="twin", dtype="str", type=kind_b).save()
    make_record(name="amb")
    with pytest.raises(ValueError, match=r"^Ambiguous feature names passed in"):
        ln.Record.filter(name="amb").to_dataframe(features=["twin"])


def test_requested_features_that_do_not_exist_warn(db, caplog):
    make_record(name="missing-feature")
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        df = ln.Record.filter(name="missing-feature").to_dataframe(
            features=["not_a_feature"]
        )
    assert "not_a_feature" in caplog.text
    assert isinstance(df, pd.DataFrame)


# -- name field (§0.2) -----------------------------------------------------------


def test_get_name_field_rules(db):
    assert get_name_field(ln.Record) == "name"
    assert get_name_field(ln.Artifact) == "key"
    assert get_name_field(ln.User) == "handle"
    assert get_name_field(ln.Run(make_transform())) == "started_at"
    assert get_name_field(ln.Record.filter()) == "name"
    assert get_name_field(ln.Record, field=ln.Record.uid) == "uid"
    with pytest.raises(TypeError, match="please pass a SQLRecord string field"):
        get_name_field(ln.Record, field=ln.Record)


# -- versions (§4.6) -------------------------------------------------------------


def test_bump_version_and_set_version():
    assert bump_version("2") == "2.1"
    assert bump_version("2", "major") == "3"
    assert bump_version("2.1") == "2.2"
    assert bump_version("2.1", "major") == "3"
    with pytest.raises(ValueError, match="Cannot auto-increment non-integer"):
        bump_version("v-two")
    with pytest.raises(ValueError, match="Cannot auto-increment non-integer"):
        bump_version("2", "patch")
    assert bump_version("v-two", behavior="ignore") == "?"
    assert set_version(None, "1.2") == "2"
    assert set_version("1.2.3", "0") == "1.2.3"
    assert set_version(None, None) is None


def test_versions_are_default_branch_scoped_newest_first(db):
    v1 = ln.Transform(key="scoped.py").save()
    v2 = ln.Transform(key="scoped.py", revises=v1).save()
    v3 = ln.Transform(key="scoped.py", revises=v2).save()
    assert list(v1.versions) == [v3, v2, v1]
    v2.delete()
    assert list(v3.versions) == [v3, v1]
    assert v1.versions.get(is_latest=True) == v3
    assert v3.version == v3.uid[-4:]
    v3.version = "3.0"
    assert v3.version_tag == "3.0"


# -- connect (§1.9) --------------------------------------------------------------


def test_connect_to_a_configured_alias_uses_it(db):
    from lamingui.models.querysets import QuerySet  # noqa: PLC0415 - the class itself

    qs = ln.Record.connect("default")
    assert isinstance(qs, QuerySet)
    assert qs.db == "default"
    assert ln.Record.connect(None).filter().db == "default"


# -- related managers (§3.4) -----------------------------------------------------


def test_related_manager_add_is_idempotent_and_set_clear_remove(db):
    child = make_record(name="rm-child")
    parents = [make_record(name=f"rm-parent-{i}") for i in range(3)]
    child.parents.add(parents[0])
    child.parents.add(parents[0])
    assert child.parents.count() == 1
    child.parents.set(parents)
    assert set(child.parents.to_list("name")) == {p.name for p in parents}
    child.parents.set(parents[:1], clear=True)
    assert child.parents.to_list() == parents[:1]
    child.parents.remove(parents[0])
    assert child.parents.count() == 0
    child.parents.add(*parents)
    child.parents.clear()
    assert not child.parents.exists()


def test_related_manager_through_defaults(db, tmp_path, storage_root):
    artifact = make_artifact(tmp_path)
    record = make_record(name="through")
    feature = ln.Feature(name="linked_by", dtype="cat[Record]").save()
    artifact.records.add(record, through_defaults={"feature": feature})
    link = ln.models.ArtifactRecord.objects.get(artifact=artifact, record=record)
    assert link.feature_id == feature.id
