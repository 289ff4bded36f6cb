"""``LazyArtifact``: a path in managed storage to write first and register later.

api.md §9.1: ``ln.Artifact.from_lazy(suffix=".zarr", overwrite_versions=True,
key="x.zarr")`` gives a path; write the data there, then ``.save()`` registers it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps

from ._artifact_io import canonical_suffix, default_storage_root, stored_path
from .ids import base62


class LazyArtifact:
    """An artifact whose file is written after its path is known."""

    def __init__(self, suffix: str, overwrite_versions: bool, **kwargs: Any) -> None:
        key = kwargs.get("key")
        if key is not None:
            key_suffix = canonical_suffix(Path(key))
            if key_suffix != suffix:
                raise ValueError(
                    f"The suffix argument {suffix} and the suffix of key {key_suffix} "
                    "should be the same."
                )
        uid = base62(20)
        stem = uid[:16] if overwrite_versions else uid
        self._path = stored_path(default_storage_root(), stem, suffix)
        # no file and no record yet, but the folder so that writers can open the path
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self.kwargs = {**kwargs, "overwrite_versions": overwrite_versions}

    @property
    def path(self) -> Path:
        """Where to write the data."""
        return self._path

    def save(self, **kwargs: Any) -> Any:
        """Register the written file as an artifact and save it."""
        if not self._path.exists():
            raise FileNotFoundError(
                f"Write the data to {self._path} before saving the lazy artifact."
            )
        artifact_model = apps.get_model("lamingui", "Artifact")
        arguments = {**self.kwargs, **kwargs}
        arguments = {k: v for k, v in arguments.items() if v is not None or k == "key"}
        return artifact_model(self._path, **arguments).save()

    def __repr__(self) -> str:
        arguments = {k: v for k, v in self.kwargs.items() if v is not None}
        return f"LazyArtifact object with\n path: {self._path}\n arguments: {arguments}"
