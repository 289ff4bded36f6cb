"""Files behind artifacts: suffixes, describing a path or DataFrame, copy, load."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings

from .ids import hash_file

_COMPRESSED = {".gz", ".bz2", ".xz", ".zip", ".zst"}


def canonical_suffix(path: Path) -> str:
    """``.csv``, ``.parquet``, ``.tsv.gz``, … or ``""`` when there is none."""
    suffixes = path.suffixes
    if not suffixes:
        return ""
    if suffixes[-1] in _COMPRESSED and len(suffixes) > 1:
        return "".join(suffixes[-2:]).lower()
    return suffixes[-1].lower()


def describe_source(data: Any) -> dict[str, Any]:
    """Field values of an artifact made from a local path or a pandas DataFrame."""
    facts: dict[str, Any] = {}
    temporary = False
    if hasattr(data, "to_parquet") and hasattr(data, "columns"):
        tmp = Path(tempfile.mkdtemp(prefix="lamingui-df-")) / "dataframe.parquet"
        data.to_parquet(tmp)
        facts.update(otype="DataFrame", n_observations=len(data))
        path = tmp
        temporary = True
    else:
        path = Path(data).expanduser()
        if not path.exists():
            raise FileNotFoundError(f"No such file: {path}")
        if path.is_dir():
            raise ValueError(
                f"{path} is a folder; lamingui stores single files as artifacts."
            )
    digest, kind = hash_file(path)
    facts.update(
        suffix=canonical_suffix(path),
        size=path.stat().st_size,
        hash=digest,
        _hash_type=kind,
    )
    return {"facts": facts, "local_path": path.resolve(), "temporary": temporary}


def default_storage_root() -> str:
    return settings.LAMINGUI_STORAGE


def stored_path(root: str, uid: str, suffix: str) -> Path:
    return Path(root) / ".lamindb" / f"{uid}{suffix}"


def copy_into_storage(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    partial.replace(target)  # atomic: a reader never sees half a file


def load_path(path: Path, suffix: str, **kwargs: Any) -> Any:
    """Load a stored file into memory by its suffix."""
    import pandas as pd  # noqa: PLC0415 - pandas is heavy

    if suffix in {".csv", ".csv.gz"}:
        return pd.read_csv(path, **kwargs)
    if suffix in {".tsv", ".tsv.gz"}:
        return pd.read_csv(path, sep="\t", **kwargs)
    if suffix == ".parquet":
        return pd.read_parquet(path, **kwargs)
    if suffix == ".xlsx":
        return pd.read_excel(path, **kwargs)
    if suffix == ".json":
        import json  # noqa: PLC0415

        return json.loads(path.read_text())
    if suffix in {".txt", ".md", ".yaml", ".yml"}:
        return path.read_text()
    raise NotImplementedError(
        f"Don't know how to load '{suffix}' files; use .cache() for the path."
    )
