"""``Artifact.from_lazy`` / ``LazyArtifact`` (api.md §9.1) and DataFrame artifacts."""

from __future__ import annotations

import pandas as pd
import pytest

import lamingui as ln


@pytest.mark.django_db
def test_lazy_artifact_registers_the_written_file_in_place(storage_root):
    lazy = ln.Artifact.from_lazy(
        suffix=".txt", overwrite_versions=False, key="lazy.txt"
    )
    assert not lazy.path.exists()
    assert lazy.path.parent == storage_root.resolve() / ".lamindb"
    assert ln.Artifact.filter().count() == 0  # nothing saved yet
    lazy.path.write_text("written later")
    artifact = lazy.save()
    assert artifact.key == "lazy.txt"
    assert artifact.uid[:16] in artifact.path.as_posix()
    assert artifact.path == lazy.path
    assert artifact.load() == "written later"
    assert list((storage_root / ".lamindb").iterdir()) == [artifact.path]


@pytest.mark.django_db
def test_lazy_artifact_with_overwrite_versions_uses_the_stem(storage_root):
    lazy = ln.Artifact.from_lazy(suffix=".txt", overwrite_versions=True)
    assert len(lazy.path.name.split(".")[0]) == 16
    lazy.path.write_text("v1")
    artifact = lazy.save()
    assert artifact.overwrite_versions
    assert artifact.path == lazy.path
    assert artifact.uid.endswith("0000")


def test_lazy_artifact_checks_the_key_suffix(settings, tmp_path):
    settings.LAMINGUI_STORAGE = str(tmp_path)
    with pytest.raises(ValueError, match=r"The suffix argument \.zarr and the suffix"):
        ln.models.LazyArtifact(".zarr", True, key="data.h5ad")


def test_lazy_artifact_repr_lists_path_and_arguments(settings, tmp_path):
    settings.LAMINGUI_STORAGE = str(tmp_path)
    lazy = ln.models.LazyArtifact(".csv", False, key="t.csv", description=None)
    text = repr(lazy)
    assert text.startswith("LazyArtifact object with\n path: ")
    assert "'key': 't.csv'" in text and "description" not in text


@pytest.mark.django_db
def test_lazy_artifact_save_before_writing_is_refused(storage_root):
    lazy = ln.Artifact.from_lazy(suffix=".txt", overwrite_versions=False)
    with pytest.raises(FileNotFoundError, match="Write the data"):
        lazy.save()


@pytest.mark.django_db
def test_dataframe_artifact_leaves_no_temporary_file(storage_root):
    frame = pd.DataFrame({"a": [1, 2, 3]})
    artifact = ln.Artifact(frame, key="frame.parquet").save()
    assert artifact.otype == "DataFrame"
    assert artifact.n_observations == 3
    assert artifact.load()["a"].tolist() == [1, 2, 3]
    temporary = artifact.__dict__.get("_local_path")
    assert temporary is None
