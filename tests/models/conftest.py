"""Fixtures of the model-layer tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def folder(tmp_path: Path, storage_root: Path) -> Path:
    """A scratch folder for source files; artifacts land under ``storage_root``."""
    path = tmp_path / "src"
    path.mkdir()
    return path
