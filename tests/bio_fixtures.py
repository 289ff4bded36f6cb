"""Fixtures shared by the bio and pertdb tests: ``bt`` and no network.

The ``conftest.py`` of ``tests/bio`` and ``tests/pert`` import them, which
registers them for those folders only.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

_LOCAL = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open an internet connection fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple) and address[0] not in _LOCAL:
            raise AssertionError(f"network access attempted: {address!r}")
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def bt(db: None) -> Iterator[Any]:
    """``lamingui.bio`` with no default organism before and after the test."""
    import lamingui.bio as bt  # noqa: PLC0415 - after the test database exists

    bt.settings.organism = None
    yield bt
    bt.settings.organism = None


__all__ = ["_no_network", "bt"]
