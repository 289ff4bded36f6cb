"""Fixtures of the API tests: features of every dtype, a typed record, an artifact."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import make_artifact, make_feature, make_record


@pytest.fixture
def cell(db):
    """A record type ``Cell`` with the labels ``T`` and ``B`` and typed features."""
    cell_type = make_record(name="Cell", is_type=True)
    labels = {n: make_record(name=n, type=cell_type) for n in ("T", "B")}
    make_feature(name="cell", dtype=f"cat[Record[{cell_type.uid}]]")
    make_feature(name="cells", dtype=f"list[cat[Record[{cell_type.uid}]]]")
    return cell_type, labels


@pytest.fixture
def simple(db):
    """Features of every simple dtype, named after it."""
    for dtype in ("int", "float", "num", "bool", "str", "dict", "list[int]"):
        make_feature(name=f"f_{dtype}", dtype=dtype)
    make_feature(name="f_date", dtype="date")
    make_feature(name="f_date_coerced", dtype="date", coerce=True)
    make_feature(name="f_datetime", dtype="datetime", coerce=True)
    make_feature(name="f_utc", dtype="datetime64[ns, UTC]")
    make_feature(name="f_path", dtype="path")


@pytest.fixture
def artifact(tmp_path: Path, storage_root: Path):
    return make_artifact(tmp_path)
