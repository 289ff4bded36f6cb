"""Per-registry construction, validation, naming and default rows (models.md §0-§3)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import IntegrityError as DjangoIntegrityError
from django.db import models, transaction

import lamingui as ln
from lamingui import context
from lamingui.errors import FieldValidationError, SynonymsNotSupported, ValidationError
from lamingui.models.ids import BASE62, base62, hash_dict, hash_string
from tests.factories import (
    make_any,
    make_branch,
    make_feature,
    make_project,
    make_record,
    make_space,
    make_transform,
    make_ulabel,
    make_user,
)

from ._models import ALL_MODELS, ATTACHED_BLOCKS, LINKS, REGISTRIES, has_field, params

pytestmark = pytest.mark.django_db


# -- construction and save ------------------------------------------------------


@pytest.mark.parametrize("model", params(ALL_MODELS))
def test_registry_builds_and_saves(model, folder):
    record = make_any(model, folder)
    assert isinstance(record, model)
    assert record.pk is not None and not record._state.adding
    assert record.save() is record  # save() is chainable
    assert model.objects.filter(pk=record.pk).count() == 1


def _missing(name: str) -> Any:
    """Constructor calls that leave out the required fields of models.md §0."""
    return {
        "Artifact": lambda: ln.Artifact(
            uid=base62(20), storage=ln.Storage.objects.first()
        ),
        "Collection": lambda: ln.Collection(description="no key"),
        "Feature": lambda: ln.Feature(dtype="str"),
        "Project": lambda: ln.Project(description="no name"),
        "Reference": lambda: ln.Reference(description="no name"),
        "Storage": lambda: ln.Storage(description="no root"),
        "Transform": lambda: ln.Transform(description="no key"),
        "ULabel": lambda: ln.ULabel(description="no name"),
        "User": lambda: ln.User(name="no handle"),
        "ProjectUser": lambda: ln.models.ProjectUser(
            project=make_project(), user=make_user()
        ),
        "BranchUser": lambda: ln.models.BranchUser(
            branch=make_branch(), user=make_user()
        ),
        "RecordJson": lambda: ln.models.RecordJson(
            record=make_record(), feature=make_feature()
        ),
    }[name]


REQUIRED = {
    "Artifact": ["suffix", "_key_is_virtual", "_overwrite_versions"],
    "Collection": ["key"],
    "Feature": ["name"],
    "Project": ["name"],
    "Reference": ["name"],
    "Storage": ["root", "type"],
    "Transform": ["key"],
    "ULabel": ["name"],
    "User": ["handle"],
    "ProjectUser": ["role"],
    "BranchUser": ["role"],
    "RecordJson": ["value"],
}


@pytest.mark.parametrize("name", REQUIRED)
def test_registry_required_fields_are_enforced(name):
    message = f"{REQUIRED[name]} are required."
    with pytest.raises(FieldValidationError, match=re.escape(message)):
        _missing(name)()


def test_registry_required_fields_are_checked_on_save_too():
    label = make_ulabel()
    label.name = None
    with pytest.raises(FieldValidationError, match=re.escape("['name'] are required.")):
        label.save()


@pytest.mark.parametrize(
    "model", params([m for m in ALL_MODELS if m not in ATTACHED_BLOCKS])
)
def test_registry_unknown_keyword_raises(model):
    error = ValueError if model.__name__ == "Block" else FieldValidationError
    with pytest.raises(error, match="'not_a_field'"):
        model(not_a_field=1)


@pytest.mark.parametrize("model", params(ATTACHED_BLOCKS))
def test_block_unknown_keyword_raises_value_error(model):
    # api.md §8.2: blocks refuse unknown arguments with ValueError
    with pytest.raises(ValueError, match="'color'"):
        model(content="x", kind="readme", color="red")


def test_registry_positional_arguments_only_where_allowed():
    with pytest.raises(FieldValidationError, match="keyword arguments only"):
        ln.ULabel("a label")
    transform = make_transform()
    assert ln.Run(transform).transform == transform
    with pytest.raises(FieldValidationError, match="one positional argument"):
        ln.Run(transform, "surplus")


def test_registry_branch_and_branch_id_together_raise():
    with pytest.raises(ValueError):
        ln.Record(name="x", branch=ln.Branch.objects.get(id=1), branch_id=1)
    with pytest.raises(ValueError):
        ln.Record(name="x", space=ln.Space.objects.get(id=1), space_id=1)


def test_registry_new_rows_go_to_the_current_branch_and_space():
    branch, space = make_branch(), make_space()
    with context.acting_as(branch_id=branch.id, space_id=space.id):
        record = make_record()
        block = ln.models.RecordBlock(record=record, content="x", kind="readme")
        storage = ln.Storage("/tmp/lamingui-branch-test-root")  # noqa: S108
    assert (record.branch_id, record.created_on_id, record.space_id) == (
        branch.id,
        branch.id,
        space.id,
    )
    assert (block.branch_id, block.created_on_id) == (branch.id, branch.id)
    assert storage.branch_id == 1  # storage is not branch-defaulted
    assert make_record().branch_id == 1


# -- uids -------------------------------------------------------------------------

#: models.md §1.2: (max_length, length of a new uid)
UID_LENGTHS = {
    "User": (8, 8),
    "ULabel": (8, 8),
    "Space": (12, 12),
    "Branch": (12, 12),
    "Storage": (12, 12),
    "Feature": (12, 12),
    "Project": (12, 12),
    "Reference": (12, 12),
    "Record": (16, 16),
    "Schema": (20, 16),
    "Run": (20, 16),
    "Transform": (16, 16),
    "Artifact": (20, 20),
    "Collection": (20, 20),
    "Block": (20, 20),
    **{m.__name__: (20, 20) for m in ATTACHED_BLOCKS},
}


@pytest.mark.parametrize("model", params(ALL_MODELS))
def test_registry_uid_lengths(model, folder):
    if model in LINKS or model.__name__ == "JsonValue":
        assert not has_field(model, "uid")
        return
    max_length, length = UID_LENGTHS[model.__name__]
    field = model._meta.get_field("uid")
    assert (field.max_length, field.unique, field.editable) == (max_length, True, False)
    uid = make_any(model, folder).uid
    assert len(uid) == length
    assert set(uid) <= set(BASE62)


CHECKED_UID = [
    "Artifact",
    "Collection",
    "Transform",
    "Run",
    "ULabel",
    "Feature",
    "Schema",
]


@pytest.mark.parametrize("name", CHECKED_UID)
def test_registry_uid_length_is_checked(name):
    model = getattr(ln, name)
    n = model._meta.get_field("uid").max_length
    with pytest.raises(
        ValidationError, match=f"`uid` must be exactly {n} characters long, got 5."
    ):
        model(uid="abcde")


def test_registry_uid_of_the_right_length_is_kept():
    assert ln.ULabel(uid="abcdefgh", name="x").save().uid == "abcdefgh"
    # schemas keep lamindb's 20-character column: new uids have 16 characters,
    # legacy ones 20 (models.md §1.2), and both can be saved on every backend
    legacy = ln.Schema(uid=base62(20), features=[make_feature()]).save()
    assert len(ln.Schema.get(legacy.uid).uid) == 20
    assert len(ln.Schema(uid=base62(16), is_type=True).save().uid) == 16


# -- tables, keys and default rows ----------------------------------------------


@pytest.mark.parametrize("model", params(ALL_MODELS))
def test_registry_table_name_is_lamindbs(model):
    assert model._meta.db_table == f"lamindb_{model.__name__.lower()}"
    assert model._meta.app_label == "lamingui"


AUTO_M2M_TABLES = {
    ("Artifact", "_actions"): "lamindb_artifact__actions",
    ("Artifact", "input_of_runs"): "lamindb_artifact_input_of_runs",
    ("Artifact", "recreating_runs"): "lamindb_artifact_recreating_runs",
    ("Collection", "_actions"): "lamindb_collection__actions",
    ("Collection", "input_of_runs"): "lamindb_collection_input_of_runs",
    ("Collection", "recreating_runs"): "lamindb_collection_recreating_runs",
    ("Record", "input_of_runs"): "lamindb_record_input_of_runs",
    ("Record", "parents"): "lamindb_record_parents",
    ("ULabel", "parents"): "lamindb_ulabel_parents",
    ("Project", "parents"): "lamindb_project_parents",
    ("Project", "predecessors"): "lamindb_project_predecessors",
    ("Project", "references"): "lamindb_project_references",
}


@pytest.mark.parametrize(("owner", "field"), AUTO_M2M_TABLES)
def test_registry_auto_m2m_table_names(owner, field):
    through = getattr(ln, owner)._meta.get_field(field).remote_field.through
    assert through._meta.auto_created
    assert through._meta.db_table == AUTO_M2M_TABLES[owner, field]


def _pk_class(model: type) -> type:
    if model.__name__ == "Space":
        return models.SmallAutoField
    big = {"Run", "JsonValue", "Block", *(m.__name__ for m in ATTACHED_BLOCKS)}
    if model in LINKS or model.__name__ in big:
        return models.BigAutoField
    return models.AutoField


@pytest.mark.parametrize("model", params(ALL_MODELS))
def test_registry_primary_key_type(model):
    assert type(model._meta.pk) is _pk_class(model)  # models.md §1.1


def test_registry_default_rows_exist():
    space = ln.Space.objects.get(id=1)
    assert (space.uid, space.name) == ("aaaaaaaaaaaa", "all")
    branches = {b.id: (b.uid, b.name) for b in ln.Branch.objects.filter(id__lte=1)}
    assert branches == {
        -1: ("tttttttttttt", "trash"),
        0: ("aaaaaaaaaaaa", "archive"),
        1: ("mmmmmmmmmmmm", "main"),
    }
    assert ln.User.objects.filter(id=1).exists()
    assert space.created_by_id == 1
    assert ln.Storage.objects.exists()


def test_registry_registries_cover_the_spec():
    names = {m.__name__ for m in REGISTRIES} - {m.__name__ for m in ATTACHED_BLOCKS}
    assert names == {
        "Artifact", "Block", "Branch", "Collection", "Feature", "JsonValue",
        "Project", "Record", "Reference", "Run", "Schema", "Space", "Storage",
        "Transform", "ULabel", "User",
    }  # fmt: skip
    assert len(ATTACHED_BLOCKS) == 11
    assert len(LINKS) == 46


@pytest.mark.parametrize("name", ["Transform", "Artifact", "Collection"])
@pytest.mark.parametrize("key", ["a\\b.csv", "a/../b.csv", "./b.csv", "a/./b.csv"])
def test_registry_key_must_be_a_clean_relative_path(name, key, folder):
    with pytest.raises(ValueError, match="key"):
        getattr(ln, name)(key=key)


def test_block_key_must_be_a_known_page():
    assert ln.Block(key="__lamindb_record__", content="x", kind="readme").save()
    with pytest.raises(ValueError, match="block key"):
        ln.Block(key="notes.md", content="x", kind="readme")


# -- status codes (models.md §1.9) --------------------------------------------------


def test_run_status():
    run = ln.Run(make_transform()).save()
    assert (run.status, run._status_code) == ("scheduled", -3)
    run.status = "completed"
    assert run._status_code == 0
    run.save()
    assert ln.Run.filter(status="completed").get() == run
    assert ln.Run(make_transform(), status="started")._status_code == -1
    with pytest.raises(ValueError):
        run.status = "finished"
    with pytest.raises(ValueError):
        ln.Run(make_transform(), status="completed")  # new runs are scheduled/started


def test_run_requires_a_saved_transform():
    with pytest.raises(TypeError):
        ln.Run(name="no transform")
    with pytest.raises(ValueError, match="save the transform"):
        ln.Run(ln.Transform(key="unsaved.py"))


def test_branch_status():
    branch = make_branch()
    assert branch.status == "standalone"
    branch.status = "draft"
    assert branch._status_code == 1
    branch._status_code = 42
    assert branch.status == "standalone"  # unknown codes read as standalone
    with pytest.raises(ValueError):
        branch.status = "open"


def test_project_status():
    project = make_project()
    assert (project.status, project._status_code) == ("planned", -3)
    project.status = "active"
    project.save()
    assert ln.Project.filter(status="active").get() == project
    assert list(ln.Project.filter(status__in=["active", "paused"])) == [project]
    project._status_code = 99
    assert project.status == "completed"  # unknown codes read as completed
    with pytest.raises(ValueError):
        project.status = "done"


# -- Feature (models.md §3.9, §5.2, §5.4) -------------------------------------------


def test_feature_rename_records_synonyms_and_history():
    feature = make_feature(name="temperature")
    feature.name = "temp_celsius"
    feature.save()
    feature.refresh_from_db()
    assert feature.synonyms == "temperature"
    [(stamp, old)] = feature._aux["renamed"].items()
    assert old == "temperature"
    assert dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    feature.name = "t"
    feature.save()
    assert feature.synonyms == "temperature|temp_celsius"
    # keyed by the second (as lamindb's trigger): renames in one second share a key
    assert "temp_celsius" in feature._aux["renamed"].values()
    feature.description = "no rename"
    feature.save()
    assert feature.synonyms == "temperature|temp_celsius"


def test_feature_rename_keeps_existing_synonyms_once():
    feature = make_feature(name="temperature", synonyms="temp|temperature")
    feature._aux = {"ei": "🌡"}
    feature.save()
    feature.name = "celsius"
    feature.save()
    assert feature.synonyms == "temp|temperature"
    assert feature._aux["ei"] == "🌡"


def test_feature_needs_a_dtype_unless_it_is_a_type():
    with pytest.raises(FieldValidationError, match="dtype"):
        ln.Feature(name="no dtype")
    a_type = ln.Feature(name="Measurements", is_type=True).save()
    assert a_type._dtype_str is None
    assert ln.Feature(name="x", dtype=int).save().nullable is True
    a_type.is_type = False  # the check constraint holds on every backend
    with pytest.raises(DjangoIntegrityError), transaction.atomic():
        a_type.save()


def test_feature_synonyms():
    feature = make_feature(name="temperature")
    feature.add_synonym(["temp", "Temp."])
    assert ln.Feature.objects.get(pk=feature.pk).synonyms == "temp|Temp."
    with pytest.raises(ValidationError):
        feature.add_synonym("a|b")
    with pytest.raises(ValidationError):
        make_feature(name="other").add_synonym("temp")
    feature.remove_synonym(["temp", "Temp."])
    assert ln.Feature.objects.get(pk=feature.pk).synonyms is None
    with pytest.raises(SynonymsNotSupported) as error:
        make_ulabel().add_synonym("x")
    assert isinstance(error.value, AttributeError | NotImplementedError)


# -- JsonValue, Reference, Project, Storage --------------------------------------


def test_jsonvalue_get_or_create_flags_inserts_only():
    feature = make_feature(dtype="dict")
    row, created = ln.JsonValue.get_or_create(feature, {"b": 1, "a": 2})
    assert created is True and row.pk is not None
    again, created = ln.JsonValue.get_or_create(feature, {"a": 2, "b": 1})
    assert (again.pk, created) == (row.pk, False)
    other, created = ln.JsonValue.get_or_create(feature, {"a": 3})
    assert created is True and other.pk != row.pk
    assert ln.JsonValue.objects.filter(feature=feature).count() == 2


def test_jsonvalue_hash_depends_on_the_value_type():
    feature = make_feature()
    assert ln.JsonValue(feature=feature, value=1.5).hash == hash_string("1.5")
    assert ln.JsonValue(feature=feature, value={"b": 1, "a": 2}).hash == hash_dict(
        {"a": 2, "b": 1}
    )


def test_reference_validates_doi_and_url():
    assert ln.Reference(name="ok", doi="10.1000/xyz123").save().doi == "10.1000/xyz123"
    assert ln.Reference(name="ok2", doi="https://doi.org/10.1/x", url="https://a.org")
    with pytest.raises(FieldValidationError) as error:
        ln.Reference(name="bad", doi="notadoi", url="nope")
    message = str(error.value)
    assert "url: nope is not valid" in message
    assert "→ Enter a valid URL." in message
    assert "doi: notadoi is not valid" in message
    assert "Must be a DOI (e.g., 10.1000/xyz123" in message


def test_project_validates_url_and_sets_abbr():
    with pytest.raises(FieldValidationError, match="url: not a url is not valid"):
        ln.Project(name="p", url="not a url")
    project = make_project(url="https://example.org")
    project.set_abbr("PRJ")
    assert ln.Project.objects.get(pk=project.pk).abbr == "PRJ"


def test_storage_root_is_normalised_and_reused(tmp_path):
    storage = ln.Storage(tmp_path / "a" / ".." / "store").save()
    assert (storage.root, storage.type) == (str(tmp_path / "store"), "local")
    assert ln.Storage(str(tmp_path / "store")) == storage
    assert ln.Storage("s3://bucket/prefix/").root == "s3://bucket/prefix"
    with pytest.raises(ValueError, match="scheme"):
        ln.Storage("ftp://host/x")


def test_transform_kind_is_validated():
    assert make_transform(kind="notebook").kind == "notebook"
    assert make_transform().kind == "pipeline"
    with pytest.raises(FieldValidationError, match="kind"):
        ln.Transform(key="x.py", kind="workflow")
