"""Link models (models.md §4): every one of the 46 is checked against the catalogue."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError

from tests.factories import build_link, make_feature

from ._models import LINKS, params

pytestmark = pytest.mark.django_db

C, P = models.CASCADE, models.PROTECT


def _annotation(owner: str, target: str, rev_owner: str, rev_target: str) -> dict:
    return {owner: (C, rev_owner), target: (P, rev_target)}


def _value(rev: str, target_rev: str) -> dict:
    """``RecordX``: the record's feature values (feature required, UT with feature)."""
    return {"record": (C, rev), "value": (P, target_rev)}


# models.md §4.2: name -> (foreign keys {field: (on_delete, related_name)},
#                          feature column None | "null" | "req", unique rule)
# unique rule: ("P", a, b) for the partial pair, or ("UT", fields, ...) per together
CATALOGUE: dict[str, tuple[dict[str, tuple[Any, str]], str | None, tuple]] = {
    "ArtifactArtifact": (
        {"artifact": (C, "links_artifact"), "value": (C, "links_value")},
        "null",
        ("P", "artifact", "value"),
    ),
    "ArtifactJsonValue": (
        _annotation("artifact", "jsonvalue", "links_jsonvalue", "links_artifact"),
        None,
        ("UT", ("artifact", "jsonvalue")),
    ),
    "ArtifactProject": (
        _annotation("artifact", "project", "links_project", "links_artifact"),
        "null",
        ("P", "artifact", "project"),
    ),
    "ArtifactRecord": (
        _annotation("artifact", "record", "links_record", "links_artifact"),
        "null",
        ("P", "artifact", "record"),
    ),
    "ArtifactReference": (
        _annotation("artifact", "reference", "links_reference", "links_artifact"),
        "null",
        ("P", "artifact", "reference"),
    ),
    "ArtifactRun": (
        {"artifact": (C, "links_run"), "run": (C, "links_artifact")},
        "null",
        ("P", "artifact", "run"),
    ),
    "ArtifactSchema": (
        _annotation("artifact", "schema", "_links_schema", "_links_artifact"),
        None,
        ("UT", ("artifact", "slot"), ("artifact", "slot", "schema")),
    ),
    "ArtifactULabel": (
        _annotation("artifact", "ulabel", "links_ulabel", "links_artifact"),
        "null",
        ("P", "artifact", "ulabel"),
    ),
    "ArtifactUser": (
        _annotation("artifact", "user", "links_user", "links_artifact"),
        "null",
        ("P", "artifact", "user"),
    ),
    "CollectionArtifact": (
        _annotation("collection", "artifact", "links_artifact", "links_collection"),
        None,
        ("UT", ("collection", "artifact")),
    ),
    "CollectionProject": (
        _annotation("collection", "project", "links_project", "links_collection"),
        None,
        ("UT", ("collection", "project")),
    ),
    "CollectionReference": (
        _annotation("collection", "reference", "links_reference", "links_collection"),
        None,
        ("UT", ("collection", "reference")),
    ),
    "CollectionULabel": (
        _annotation("collection", "ulabel", "links_ulabel", "links_collection"),
        "null",
        ("UT", ("collection", "ulabel")),
    ),
    "CollectionRecord": (
        _annotation("collection", "record", "links_record", "links_collection"),
        "null",
        ("P", "collection", "record"),
    ),
    "RunJsonValue": (
        _annotation("run", "jsonvalue", "links_jsonvalue", "links_run"),
        None,
        ("UT", ("run", "jsonvalue")),
    ),
    "RunProject": (
        _annotation("run", "project", "links_project", "links_run"),
        None,
        ("UT", ("run", "project")),
    ),
    "RunULabel": (
        _annotation("run", "ulabel", "links_ulabel", "links_run"),
        None,
        ("UT", ("run", "ulabel")),
    ),
    "RunRecord": (
        _annotation("run", "record", "links_record", "links_run"),
        "null",
        ("P", "run", "record"),
    ),
    "TransformProject": (
        _annotation("transform", "project", "links_project", "links_transform"),
        None,
        ("UT", ("transform", "project")),
    ),
    "TransformReference": (
        _annotation("transform", "reference", "links_reference", "links_transform"),
        None,
        ("UT", ("transform", "reference")),
    ),
    "TransformULabel": (
        _annotation("transform", "ulabel", "links_ulabel", "links_transform"),
        None,
        ("UT", ("transform", "ulabel")),
    ),
    "TransformTransform": (
        {"successor": (C, "links_predecessor"), "predecessor": (C, "links_successor")},
        None,
        ("UT", ("successor", "predecessor")),
    ),
    "TransformRecord": (
        _annotation("transform", "record", "links_record", "links_transform"),
        "null",
        ("P", "transform", "record"),
    ),
    "FeatureProject": (
        _annotation("feature", "project", "links_project", "links_feature"),
        None,
        ("UT", ("feature", "project")),
    ),
    "BlockProject": (
        _annotation("block", "project", "links_project", "links_block"),
        None,
        ("UT", ("block", "project")),
    ),
    "ULabelProject": (
        _annotation("ulabel", "project", "links_project", "links_ulabel"),
        None,
        ("UT", ("ulabel", "project")),
    ),
    "SchemaProject": (
        _annotation("schema", "project", "links_project", "links_schema"),
        None,
        ("UT", ("schema", "project")),
    ),
    "ProjectRecord": (
        _annotation("record", "project", "links_project", "links_record"),
        "null",
        ("P", "project", "record"),
    ),
    "SchemaComponent": (
        _annotation("composite", "component", "links_component", "links_composite"),
        None,
        ("UT", ("composite", "slot"), ("composite", "slot", "component")),
    ),
    "SchemaFeature": (
        _annotation("schema", "feature", "links_feature", "links_schema"),
        None,
        ("UT", ("schema", "feature")),
    ),
    "ReferenceRecord": (
        _annotation("record", "reference", "links_reference", "links_record"),
        "null",
        ("P", "reference", "record"),
    ),
    "RecordArtifact": (
        _value("values_artifact", "links_in_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "RecordCollection": (
        _value("values_collection", "links_in_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "RecordJson": (
        {"record": (C, "values_json")},
        "req",
        ("UT", ("record", "feature")),
    ),
    "RecordProject": (
        _value("values_project", "links_in_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "RecordRecord": (
        _value("values_record", "links_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "RecordReference": (
        _value("values_reference", "links_in_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "RecordRun": (
        _value("values_run", "links_in_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "RecordTransform": (
        _value("values_transform", "links_in_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "RecordULabel": (
        _value("values_ulabel", "links_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "RecordUser": (
        _value("values_user", "links_record"),
        "req",
        ("UT", ("record", "feature", "value")),
    ),
    "BranchUser": (
        _annotation("branch", "user", "links_user", "links_branch"),
        None,
        ("UT", ("branch", "user", "role")),
    ),
    "BranchULabel": (
        _annotation("branch", "ulabel", "links_ulabel", "links_branch"),
        None,
        ("UT", ("branch", "ulabel")),
    ),
    "BranchProject": (
        _annotation("branch", "project", "links_project", "links_branch"),
        None,
        ("UT", ("branch", "project")),
    ),
    "ProjectUser": (
        _annotation("project", "user", "links_user", "links_project"),
        None,
        ("UT", ("project", "user", "role")),
    ),
    "RunArtifact": (
        {"run": (C, "values_artifact"), "artifact": (P, "links_in_run")},
        "null",
        ("P", "run", "artifact"),
    ),
}

#: foreign keys every link may carry for bookkeeping (models.md §4.1 "Track")
TRACKING = {"created_by", "run"}


def test_link_catalogue_is_complete():
    assert {m.__name__ for m in LINKS} == set(CATALOGUE)
    assert len(CATALOGUE) == 46


def _link_fks(model: type) -> dict[str, Any]:
    """The link's own foreign keys: tracking columns and ``feature`` left out."""
    fks, feature, _ = CATALOGUE[model.__name__]
    out = {}
    for field in model._meta.concrete_fields:
        if not field.is_relation or (field.name == "feature" and feature is not None):
            continue
        if field.name in TRACKING and field.name not in fks:
            continue
        out[field.name] = field
    return out


@pytest.mark.parametrize("model", params(LINKS))
def test_link_columns_follow_the_catalogue(model):
    fks, feature, _ = CATALOGUE[model.__name__]
    fields = _link_fks(model)
    assert set(fields) == set(fks)
    for name, (on_delete, related_name) in fks.items():
        assert fields[name].remote_field.on_delete is on_delete, name
        assert fields[name].remote_field.related_name == related_name, name
        assert not fields[name].null, name
    assert type(model._meta.pk) is models.BigAutoField
    if feature is None:
        return
    column = model._meta.get_field("feature")
    assert column.null is (feature == "null")
    assert column.remote_field.on_delete is P
    assert column.remote_field.related_name == f"links_{model.__name__.lower()}"


@pytest.mark.parametrize("model", params(LINKS))
def test_link_is_created_between_saved_objects(model, folder):
    link = build_link(model, folder).save()
    assert link.pk is not None
    fks = CATALOGUE[model.__name__][0]
    for name, (on_delete, related_name) in fks.items():
        target = getattr(link, name)
        assert target.pk is not None
        if on_delete is C:  # the annotated side reaches its links
            assert getattr(target, related_name).filter(pk=link.pk).exists(), name


def _violates(model: type, folder: Any, **values: Any) -> bool:
    try:
        with transaction.atomic():
            build_link(model, folder, **values).save()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "model", params([m for m in LINKS if CATALOGUE[m.__name__][2][0] == "P"])
)
def test_link_pair_once_per_feature_and_once_without(model, folder):
    _, a, b = CATALOGUE[model.__name__][2]
    f1, f2 = make_feature(), make_feature()
    first = build_link(model, folder, feature=f1).save()
    pair = {a: getattr(first, a), b: getattr(first, b)}
    assert _violates(model, folder, **pair, feature=f1)
    assert not _violates(model, folder, **pair, feature=f2)
    assert not _violates(model, folder, **pair)  # feature is NULL
    assert _violates(model, folder, **pair)
    assert model.objects.filter(**pair).count() == 3


@pytest.mark.parametrize(
    "model", params([m for m in LINKS if CATALOGUE[m.__name__][2][0] == "UT"])
)
def test_link_unique_together(model, folder):
    _, feature, (_, *keys) = CATALOGUE[model.__name__]
    extra: dict[str, Any] = {}
    if any("slot" in key for key in keys):
        extra["slot"] = "obs"  # NULL slots never collide
    if feature == "null":  # the feature is not part of the key: vary it
        extra["feature"] = make_feature()
    first = build_link(model, folder, **extra).save()
    for key in keys:
        values = {name: getattr(first, name) for name in key}
        if feature == "null":
            values.setdefault("feature", make_feature())
        assert _violates(model, folder, **values), key
    if "role" in keys[0]:  # another role is another row
        values = {n: getattr(first, n) for n in keys[0] if n != "role"}
        assert not _violates(model, folder, **values, role="viewer")
    if "feature" in keys[0]:  # another feature is another row
        values = {n: getattr(first, n) for n in keys[0] if n != "feature"}
        assert not _violates(model, folder, **values, feature=make_feature())


def _delete(record: Any) -> None:
    with transaction.atomic():
        record.delete(permanent=True)


@pytest.mark.parametrize("model", params(LINKS))
def test_link_owner_delete_cascades_and_target_is_protected(model, folder):
    fks, feature, _ = CATALOGUE[model.__name__]
    for name, (on_delete, _related) in fks.items():
        link = build_link(model, folder).save()
        target = getattr(link, name)
        if on_delete is C:
            _delete(target)
            assert not model.objects.filter(pk=link.pk).exists(), name
        else:
            with pytest.raises(ProtectedError):
                _delete(target)
            assert model.objects.filter(pk=link.pk).exists(), name
    if feature is not None:  # a feature in use by a link cannot be deleted
        link = build_link(model, folder, feature=make_feature()).save()
        with pytest.raises(ProtectedError):
            _delete(link.feature)
