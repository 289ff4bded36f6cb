"""Shared fixtures: every test runs in a transaction that is rolled back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lamingui import context


@pytest.fixture(autouse=True)
def _fresh_context_caches() -> Iterator[None]:
    context.clear_caches()
    yield
    context.clear_caches()


@pytest.fixture
def storage_root(tmp_path, settings):
    """Artifacts of a test land in its own temporary folder."""
    root = tmp_path / "storage"
    settings.LAMINGUI_STORAGE = str(root)
    return root


@pytest.fixture
def record_type_tree(db):
    from tests.factories import make_record  # noqa: PLC0415 - needs the db

    top = make_record(name="Sample", is_type=True)
    middle = make_record(name="Tissue sample", is_type=True, type=top)
    leaf = make_record(name="Biopsy", is_type=True, type=middle)
    members = [make_record(name=f"B{i}", type=leaf) for i in range(3)]
    return top, middle, leaf, members
