"""Fixtures of the pertdb tests: ``pt``, ``bt`` and no network."""

from __future__ import annotations

import socket
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open an internet connection fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple) and address[0] not in {
            "127.0.0.1",
            "::1",
            "localhost",
        }:
            raise AssertionError(f"network access attempted: {address!r}")
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def pt(db) -> Any:
    import lamingui.pert as pt  # noqa: PLC0415 - after the test database exists

    return pt


@pytest.fixture
def bt(db) -> Any:
    import lamingui.bio as bt  # noqa: PLC0415 - after the test database exists

    bt.settings.organism = None
    yield bt
    bt.settings.organism = None
