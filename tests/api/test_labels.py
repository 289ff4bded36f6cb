"""``artifact.labels`` and ``collection.labels`` (api.md §7.2)."""

from __future__ import annotations

import logging

import pytest

import lamingui as ln
from lamingui.errors import ValidationError
from lamingui.models._describe_features import join_limited
from tests.factories import (
    link_schema,
    make_artifact,
    make_collection,
    make_feature,
    make_file,
    make_project,
    make_record,
    make_reference,
    make_schema,
    make_transform,
    make_ulabel,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def experiment(db):
    """A ``cat[Record]`` feature and two experiments."""
    feature = make_feature(name="experiment", dtype="cat[Record]")
    return feature, [make_record(name=f"Experiment {i}") for i in (1, 2)]


# -- add ----------------------------------------------------------------------


def test_add_without_feature_links_through_the_host_relations(artifact, tmp_path):
    record, ulabel, project = make_record(), make_ulabel(), make_project()
    reference, user, other = make_reference(), make_user(), make_artifact(tmp_path)
    artifact.labels.add([record, ulabel, project, reference, user, other])
    assert list(artifact.records.all()) == [record]
    assert list(artifact.ulabels.all()) == [ulabel]
    assert list(artifact.projects.all()) == [project]
    assert list(artifact.references.all()) == [reference]
    assert list(artifact.users.all()) == [user]
    assert list(artifact.artifacts.all()) == [other]
    assert artifact.links_record.get().feature is None


def test_add_accepts_a_query_set_and_ignores_an_empty_one(artifact):
    labels = [make_ulabel(name=f"label {i}") for i in range(3)]
    artifact.labels.add(ln.ULabel.filter(name__startswith="label "))
    artifact.labels.add([])
    artifact.labels.add(ln.ULabel.filter(name="nope"))
    assert set(artifact.ulabels.all()) == set(labels)


def test_add_under_a_feature_links_once(artifact, experiment):
    feature, (first, _) = experiment
    artifact.labels.add(first, feature=feature)
    artifact.labels.add(first, feature=feature)
    link = ln.models.ArtifactRecord.objects.get(artifact=artifact)
    assert (link.record, link.feature) == (first, feature)
    assert artifact.features.get_values() == {"experiment": "Experiment 1"}


def test_add_refuses_an_unsaved_host(tmp_path, storage_root, experiment):
    unsaved = ln.Artifact(make_file(tmp_path), key="unsaved.csv")
    with pytest.raises(ValueError) as error:
        unsaved.labels.add(experiment[1][0])
    assert str(error.value) == (
        "Please save the artifact/collection before adding a label!"
    )


def test_add_needs_a_feature_for_strings(artifact):
    with pytest.raises(ValueError) as error:
        artifact.labels.add("Experiment 1")
    assert str(error.value) == (
        "Please pass a feature, e.g., via: label = ln.ULabel(name='my_label', "
        "feature=ln.Feature(name='my_feature'))"
    )


def test_add_resolves_strings_in_the_feature_registries(artifact, experiment):
    feature, (first, second) = experiment
    artifact.labels.add(["Experiment 1", "Experiment 2"], feature=feature)
    assert set(artifact.labels.get(feature)) == {first, second}
    with pytest.raises(ValueError) as error:
        artifact.labels.add("Experiment 9", feature=feature)
    assert str(error.value) == (
        "Please pass a record (a `SQLRecord` object), not a string, e.g., via: "
        "label = ln.Record(name='experiment_1')"
    )


def test_add_refuses_unsaved_records(artifact):
    draft = ln.Record(name="draft")
    with pytest.raises(ValidationError) as error:
        artifact.labels.add(draft)
    assert str(error.value) == (
        f"{draft!r} not validated. If it looks correct: record.save()"
    )


def test_add_refuses_registries_without_a_relation(artifact):
    transform = make_transform()
    with pytest.raises(ValueError) as error:
        artifact.labels.add(transform)
    assert str(error.value) == f"Can't add labels to {type(transform)} record!"


def test_add_checks_the_feature(artifact, experiment):
    _, (first, _) = experiment
    with pytest.raises(TypeError, match=r"^feature has to be of type Feature$"):
        artifact.labels.add(first, feature="experiment")
    draft = ln.Feature(name="draft", dtype="cat[Record]")
    with pytest.raises(ValidationError) as error:
        artifact.labels.add(first, feature=draft)
    assert str(error.value) == (
        "Feature not validated. If it looks correct: "
        "ln.Feature(name='draft', type='cat[Record]').save()"
    )
    extfeat = make_feature(name="extfeat", dtype="str")
    with pytest.raises(ValidationError) as error:
        artifact.labels.add(first, feature=extfeat)
    assert str(error.value) == (
        "Feature extfeat needs dtype='cat' for label annotation, currently has "
        "dtype='str'"
    )
    tissue = make_feature(name="tissue_simple", dtype="cat[ULabel]")
    with pytest.raises(ValidationError) as error:
        artifact.labels.add(first, feature=tissue)
    assert str(error.value) == (
        "Label type Record is not valid for Feature(name='tissue_simple', "
        "dtype='cat[ULabel]'), consider a feature with dtype='cat[ULabel|Record]'"
    )


def test_add_refuses_features_measured_within_the_dataset(artifact, experiment):
    feature, (first, _) = experiment
    link_schema(artifact, make_schema(features=[feature]), slot="obs")
    with pytest.raises(ValidationError) as error:
        artifact.labels.add(first, feature=feature)
    assert str(error.value) == (
        "Cannot manually annotate a feature measured *within* the dataset. "
        "Please use a Curator."
    )


# -- get ----------------------------------------------------------------------


def test_get_returns_the_labels_under_the_feature(artifact, experiment):
    feature, (first, second) = experiment
    other = make_feature(name="other experiment", dtype="cat[Record]")
    artifact.labels.add(first, feature=feature)
    artifact.labels.add(second, feature=other)
    artifact.labels.add(make_record(name="plain"))
    assert artifact.labels.get(feature).one().name == "Experiment 1"
    assert list(artifact.labels.get(other)) == [second]


def test_get_filters_every_registry_by_feature(artifact):
    feature = make_feature(name="funding", dtype="cat[Project]")
    funded, plain = make_project(name="funded"), make_project(name="plain")
    artifact.labels.add(funded, feature=feature)
    artifact.labels.add(plain)
    assert list(artifact.labels.get(feature)) == [funded]


def test_get_of_several_registries_returns_a_dict(artifact, caplog):
    feature = make_feature(name="tissue", dtype="cat[ULabel|Record]")
    organoid, tag = make_record(name="organoid"), make_ulabel(name="tag")
    artifact.labels.add([organoid, tag], feature=feature)
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        result = artifact.labels.get(feature)
    assert "labels come from multiple registries!" in caplog.text
    assert set(result) == {"ULabel", "Record"}
    assert set(result["Record"].to_list("name")) == {"organoid"}
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        artifact.labels.get(feature, mute=True)
    assert caplog.text == ""
    assert sorted(artifact.labels.get(feature, flat_names=True)) == ["organoid", "tag"]


def test_get_checks_the_feature(artifact):
    with pytest.raises(TypeError, match=r"^feature has to be of type Feature$"):
        artifact.labels.get("experiment")
    with pytest.raises(ValueError, match=r"^feature does not have linked labels$"):
        artifact.labels.get(make_feature(name="plain", dtype="int"))


def test_get_on_an_unsaved_host_is_empty(tmp_path, storage_root, experiment):
    unsaved = ln.Artifact(make_file(tmp_path), key="unsaved.csv")
    assert unsaved.labels.get(experiment[0]).count() == 0


def test_get_skips_trashed_labels(artifact, experiment):
    feature, (first, second) = experiment
    artifact.labels.add([first, second], feature=feature)
    second.delete()
    assert list(artifact.labels.get(feature)) == [first]


# -- describe -----------------------------------------------------------------


def test_describe_lists_one_row_per_relation(artifact, capsys):
    artifact.labels.add(make_record(name="Experiment X"))
    expected = "Labels\n└── .records             Record                    Experiment X"
    assert artifact.labels.describe() == expected
    assert repr(artifact.labels) == expected
    assert artifact.labels.describe(return_str=False) is None
    assert capsys.readouterr().out == expected + "\n"
    artifact.labels.add(make_ulabel(name="u"))
    lines = artifact.labels.describe().splitlines()
    assert lines[1].split() == ["└──", ".ulabels", "ULabel", "u"]
    assert lines[2].split() == [".records", "Record", "Experiment", "X"]


def test_describe_shows_ten_names_then_dots():
    assert join_limited(range(10)) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9"
    assert join_limited(range(11)) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ..."


def test_describe_without_labels_is_empty(artifact):
    assert artifact.labels.describe() == ""
    assert repr(artifact.labels) == ""


# -- collections ----------------------------------------------------------------


def test_collection_labels_add_get_and_describe(tmp_path, storage_root, experiment):
    feature, (first, second) = experiment
    collection = make_collection(tmp_path)
    collection.labels.add(first, feature=feature)
    collection.labels.add(make_ulabel(name="release"))
    assert list(collection.labels.get(feature)) == [first]
    assert collection.labels.describe().splitlines() == [
        "Labels",
        "└── .ulabels             ULabel                    release",
        "    .records             Record                    Experiment 1",
    ]
    funding = make_feature(name="funding", dtype="cat[Project]")
    with pytest.raises(ValueError, match=r"^Can't add labels to"):
        collection.labels.add(make_project(), feature=funding)
    unsaved = ln.Collection(collection.ordered_artifacts.first(), key="another")
    with pytest.raises(ValueError, match=r"^Please save the artifact/collection"):
        unsaved.labels.add(second)


def test_add_from_copies_labels_with_their_features(artifact, tmp_path):
    experiment = make_feature(name="experiment", dtype="cat[Record]")
    other = make_artifact(tmp_path)
    first, second = make_record(name="E1"), make_record(name="E2")
    other.labels.add(first, feature=experiment)
    other.records.add(second)
    artifact.labels.add_from(other)
    artifact.labels.add_from(other)  # twice: still one link each
    assert set(artifact.records.to_list("name")) == {"E1", "E2"}
    assert artifact.labels.get(experiment).one() == first
    links = ln.models.ArtifactRecord.objects.filter(artifact=artifact)
    assert links.count() == 2
    assert links.get(record=first).feature == experiment
    assert links.get(record=second).feature is None
