"""Fixtures of the pertdb tests: ``pt``, ``bt`` and no network."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bio_fixtures import _no_network, bt

__all__ = ["_no_network", "bt", "pt"]


@pytest.fixture
def pt(db: None) -> Any:
    import lamingui.pert as pt  # noqa: PLC0415 - after the test database exists

    return pt
