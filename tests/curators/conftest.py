"""Fixtures of the curation tests: a schema with a categorical and a float feature."""

from __future__ import annotations

import pytest

import lamingui as ln
from tests.factories import make_feature, make_record, make_ulabel


@pytest.fixture
def curation(db):
    """ULabels "T cell", "B cell"; features cell_type (cat[ULabel]) and score."""
    t_cell = make_ulabel(name="T cell")
    b_cell = make_ulabel(name="B cell")
    cell_type = make_feature(name="cell_type", dtype="cat[ULabel]")
    score = make_feature(name="score", dtype="float")
    schema = ln.Schema(name="cells", features=[cell_type, score]).save()
    sample = make_record(name="Sample", is_type=True)
    return {
        "schema": schema,
        "type": sample,
        "t_cell": t_cell,
        "b_cell": b_cell,
        "cell_type": cell_type,
        "score": score,
    }
