"""The seed's examples for the registry and query API, run as written.

Two seed lines carry a typo (an extra bracket or parenthesis); they are run
with the typo removed. bionty examples belong to the ontology issue.
"""

from __future__ import annotations

import pandas as pd
import pytest

import lamingui as ln


@pytest.mark.django_db
def test_seed_filter_and_to_dataframe():
    ln.Project(name="my label").save()
    df = ln.Project.filter(name__startswith="my").to_dataframe()
    assert df["name"].tolist() == ["my label"]


@pytest.mark.django_db
def test_seed_get_by_uid_stub_and_name():
    made = ln.Record(name="my-label").save()
    assert ln.Record.get(made.uid[:8]) == made
    assert ln.Record.get(name="my-label") == made


@pytest.mark.django_db
def test_seed_to_dataframe_include_and_features(storage_root):
    ln.Record(name="x").save()
    df = ln.Record.to_dataframe(include="created_by__name")  # seed: stray "]"
    assert "created_by__name" in df.columns
    ln.Feature(name="cell_type_by_expert", dtype="cat[ULabel]").save()
    ln.Feature(name="cell_type_by_model", dtype="cat[ULabel]").save()
    artifact = ln.Artifact(pd.DataFrame(index=[0, 1])).save()
    artifact.features.add_values(
        {"cell_type_by_expert": ln.ULabel(name="T cell").save()}
    )
    assert "cell_type_by_expert" in ln.Artifact.to_dataframe(include="features")
    df = ln.Artifact.to_dataframe(
        features=["cell_type_by_expert", "cell_type_by_model"]
    )
    assert df["cell_type_by_expert"].tolist() == ["T cell"]


@pytest.mark.django_db
def test_seed_from_values_and_search():
    ln.save([ln.Record(name=n) for n in ["Label1", "Label2", "Label3"]])
    records = ln.Record.from_values(["Label1", "Label2", "Label3"], field="name").save()
    assert len(records) == 3
    assert ln.Record.search("Label2")[0].name == "Label2"


@pytest.mark.django_db
def test_seed_ulabel_queryset_and_types():
    ln.ULabel(name="my label").save()
    queryset = ln.ULabel.filter(name="my label")
    assert isinstance(queryset, ln.models.QuerySet)
    experiment_type = ln.Record(name="Experiment", is_type=True).save()
    experiment1 = ln.Record(name="Experiment 1", type=experiment_type).save()
    ln.Record(name="Experiment 2", type=experiment_type).save()
    assert experiment1.type == experiment_type
    assert experiment_type.records.count() == 2
    type1 = ln.Record(name="Type1", is_type=True).save()
    type2 = ln.Record(name="Type2", is_type=True, type=type1).save()
    type3 = ln.Record(name="Type3", is_type=True, type=type2).save()
    assert type3.query_types().to_list("name") == ["Type2", "Type1"]


@pytest.mark.django_db
def test_seed_view_parents(monkeypatch, capsys):
    record = ln.ULabel(name="child").save()
    record.parents.add(ln.ULabel(name="parent").save())
    assert record.view_parents() is not None
    monkeypatch.setattr("shutil.which", lambda name: None)  # no `dot`: text
    assert "parent -> child" in record.view_parents(with_children=True)
    assert "parent -> child" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_ulabel_from_values_create():
    assert len(ln.ULabel.from_values(["benchmark", "prediction", "test"])) == 0
    ulabels = ln.ULabel.from_values(
        ["benchmark", "prediction", "test"], create=True
    ).save()
    assert ln.ULabel.filter(name__in=["benchmark", "prediction", "test"]).count() == 3
    assert len(ulabels) == 3


@pytest.mark.django_db
def test_seed_related_managers_and_add_from(storage_root):
    artifact1 = ln.Artifact(pd.DataFrame(index=[0, 1])).save()
    artifact2 = ln.Artifact(pd.DataFrame(index=[2, 3])).save()
    ln.save([ln.Record(name=n) for n in ["Label1", "Label2"]])
    ln.Record.from_values(["Label1", "Label2"], field="name").save()
    labels = ln.Record.filter(name__icontains="label")
    artifact1.records.set(labels)
    artifact2.labels.add_from(artifact1)
    assert set(artifact2.records.to_list("name")) == {"Label1", "Label2"}
    ln.Record(name="Label3").save()
    labels = ln.Record.filter(name__icontains="label")
    label1 = ln.Record.get(name="Label1")
    label1.parents.set(labels)
    assert label1.parents.to_dataframe().shape[0] == 3
    label1.parents.remove(ln.Record.get(name="Label2"))
    assert sorted(label1.parents.to_list("name")) == ["Label1", "Label3"]


@pytest.mark.django_db
def test_seed_from_lazy(storage_root):
    lazy = ln.Artifact.from_lazy(
        suffix=".zarr", overwrite_versions=True, key="mydata.zarr"
    )
    lazy.path.write_text("stands in for a zarr store")  # zarr is not installed here
    artifact = lazy.save()
    assert artifact.key == "mydata.zarr"
    assert artifact.path == lazy.path


@pytest.mark.django_db
def test_seed_connect_search(monkeypatch):
    # the seed's "account_handle/instance_name", here the current instance's name
    monkeypatch.setenv("LAMINGUI_INSTANCE", "account_handle/instance_name")
    ln.save([ln.Record(name=f"label{i}") for i in range(10)])
    found = ln.Record.connect("account_handle/instance_name").search(
        "label7", field="name"
    )
    assert found[0].name == "label7"


@pytest.mark.django_db
def test_seed_save_returns_the_record_and_ln_save():
    record = ln.Record(name="x").save()  # TypeVar(T): the record itself
    assert record.pk is not None and record._state.db == "default"
    labels = [ln.Record(name=f"Record {i} new") for i in range(3)]
    ln.save(labels)
    assert ln.Record.filter(name__in=[r.name for r in labels]).count() == 3


@pytest.mark.django_db
def test_seed_describe_delete_and_restore():
    sqlrecord = ln.Record(name="to trash").save()
    text = sqlrecord.describe(return_str=True)
    assert text.startswith("Record:") or "to trash" in text
    assert ln.Record.describe(return_str=True).startswith("Record\n  Simple fields")
    assert sqlrecord.delete() is None
    assert ln.Record.filter(name="to trash").count() == 0
    sqlrecord.restore()
    assert ln.Record.filter(name="to trash").count() == 1
    user_space = ln.Space(name="temporary").save()
    assert user_space.delete(permanent=True)[0] == 1  # BaseSQLRecord: Django's tuple
    with pytest.raises(ValueError, match="Soft delete is not possible for Space"):
        ln.Space(name="other").save().delete(permanent=False)


@pytest.mark.django_db
def test_seed_versions_and_stem_uid(storage_root, tmp_path):
    path = tmp_path / "v1.csv"
    path.write_text("a\n1\n")
    artifact = ln.Artifact(path, key="my.csv").save()
    assert artifact.uid.endswith("0000")
    assert artifact.uid == f"{artifact.stem_uid}0000"
    path.write_text("a\n2\n")
    new = ln.Artifact(path, key="my.csv", revises=artifact).save()
    assert new.stem_uid == artifact.stem_uid and new.version == "0001"
    assert artifact.versions.to_dataframe().shape[0] == 2
    assert artifact.versions.get(is_latest=True) == new


@pytest.mark.django_db
@pytest.mark.parametrize("model_class", [ln.Record, ln.ULabel])
def test_seed_query_types_as_written(model_class):
    model_name = model_class.__name__
    type1 = model_class(name="Type1", is_type=True).save()
    type2 = model_class(name="Type2", is_type=True, type=type1).save()
    type3 = model_class(name="Type3", is_type=True, type=type2).save()
    record = model_class(name=f"{model_name}3", type=type3).save()
    super_types = record.query_types()
    assert super_types[0] == type3
    assert super_types[1] == type2
    assert super_types[2] == type1


@pytest.mark.django_db
def test_seed_related_manager_clear_and_query_parents():
    ln.save([ln.Record(name=n) for n in ["Label1", "Label2", "Label3"]])
    labels = ln.Record.filter(name__icontains="label")
    label1 = ln.Record.get(name="Label1")
    label2 = ln.Record.get(name="Label2")
    label1.parents.set(labels)
    # label1 is among its own parents here; query_parents() leaves it out
    assert set(label1.query_parents().to_list("name")) == {"Label2", "Label3"}
    assert label2.query_children().to_list("name") == ["Label1"]
    label1.parents.remove(label2)
    label1.parents.clear()
    assert label1.parents.count() == 0
    assert len(label1.parents.to_list()) == 0
