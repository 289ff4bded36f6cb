"""``ln.curators.DataFrameCurator``: validate, report, save all-or-nothing."""

from __future__ import annotations

import pandas as pd
import pytest

import lamingui as ln
from lamingui.curators import DataFrameCurator, dataframe
from lamingui.errors import ValidationError
from lamingui.models import ArtifactSchema, ArtifactULabel


@pytest.fixture
def valid_df() -> pd.DataFrame:
    return pd.DataFrame(
        {"cell_type": ["T cell", "B cell", "T cell"], "score": [1.0, 2.5, 3]}
    )


def _artifact_rows() -> tuple[int, int, int]:
    return (
        ln.Artifact.objects.count(),
        ArtifactULabel.objects.count(),
        ArtifactSchema.objects.count(),
    )


def test_curator_is_exported_lazily():
    assert ln.curators.DataFrameCurator is DataFrameCurator


def test_valid_frame_saves_an_annotated_artifact(curation, valid_df, storage_root):
    curator = ln.curators.DataFrameCurator(valid_df, curation["schema"])
    curator.validate()
    assert curator.is_validated and curator.errors == []
    artifact = curator.save_artifact(key="cells.parquet", description="cells")
    assert artifact.pk is not None and artifact.key == "cells.parquet"
    assert artifact.schema == curation["schema"]
    assert artifact.path.exists()
    assert artifact.features.slots == {"columns": curation["schema"]}
    links = ArtifactULabel.objects.filter(artifact=artifact)
    assert {(link.ulabel.name, link.feature.name) for link in links} == {
        ("T cell", "cell_type"),
        ("B cell", "cell_type"),
    }
    assert artifact.load()["cell_type"].tolist() == ["T cell", "B cell", "T cell"]


def test_report_names_columns_values_and_synonyms(curation, storage_root):
    df = pd.DataFrame(
        {
            "cell_type": ["T cell", "t cell", "NK cell", "B-cel"],
            "score": ["1", "x", "2", "3"],
        }
    )
    curator = DataFrameCurator(df, curation["schema"])
    before = _artifact_rows()
    with pytest.raises(ValidationError) as error:
        curator.validate()
    message = str(error.value)
    assert "DataFrame does not validate against schema 'cells'" in message
    assert (
        "column 'cell_type' (dtype 'cat[ULabel]'): 3 non-validated value(s)" in message
    )
    assert "'t cell', 'NK cell', 'B-cel'" in message
    assert "'t cell' is a synonym of 'T cell'" in message
    assert "'B-cel': did you mean 'B cell'" in message
    assert "Column 'score': 1 value(s) are not of dtype 'float'" in message
    with pytest.raises(ValidationError):
        curator.save_artifact(key="bad.parquet")
    assert _artifact_rows() == before  # nothing saved
    assert not list(storage_root.rglob("*.parquet"))


def test_missing_and_misnamed_columns(curation, storage_root):
    df = pd.DataFrame({"celltype": ["T cell"], "other": [1]})
    curator = DataFrameCurator(df, curation["schema"])
    with pytest.raises(ValidationError) as error:
        curator.validate()
    message = str(error.value)
    assert "column 'celltype' is not a feature name" in message
    assert "feature 'cell_type'" in message
    assert "Required feature 'score' has no column in the table" in message
    assert "other" not in message  # extra columns are fine unless maximal_set


def test_extra_columns_fail_a_maximal_schema(curation):
    schema = ln.Schema(
        name="strict", features=[curation["cell_type"]], maximal_set=True
    ).save()
    df = pd.DataFrame({"cell_type": ["T cell"], "zzz_unrelated": [1]})
    with pytest.raises(
        ValidationError, match="column 'zzz_unrelated' is not a feature"
    ):
        DataFrameCurator(df, schema).validate()


def test_bad_arguments(curation):
    with pytest.raises(TypeError, match="DataFrame"):
        DataFrameCurator([1, 2], curation["schema"])
    with pytest.raises(TypeError, match="Schema"):
        DataFrameCurator(pd.DataFrame(), "cells")
    unsaved = ln.Schema(
        name="unsaved", features=[ln.Feature(name="q", dtype="int").save()]
    )
    with pytest.raises(ValidationError, match="save the schema first"):
        DataFrameCurator(pd.DataFrame({"q": [1]}), unsaved)


def test_failed_save_rolls_back_completely(
    curation, valid_df, storage_root, monkeypatch
):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full while linking labels")

    monkeypatch.setattr(dataframe, "insert_ignoring_conflicts", explode)
    before = _artifact_rows()
    with pytest.raises(RuntimeError, match="disk full"):
        DataFrameCurator(valid_df, curation["schema"]).save_artifact(
            key="cells.parquet"
        )
    assert _artifact_rows() == before
    assert not [p for p in storage_root.rglob("*") if p.is_file()]
