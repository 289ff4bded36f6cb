"""``import_frame``: dry run, all-or-nothing commit, synonyms (gui.md §7.1, §7.3)."""

from __future__ import annotations

import pandas as pd
import pytest
from django.apps import apps

import lamingui as ln
from lamingui.curators import _frame_write, import_frame
from lamingui.curators._frame_write import ImportFailed
from lamingui.errors import ValidationError
from tests.factories import make_feature

MAPPING = {
    "values": {"cell_type": {"Tcel": "map:T cell", "NK cell": "new", "?": "empty"}}
}


def row_counts() -> dict[str, int]:
    """Rows of every lamingui table: what "the database is unchanged" means here."""
    return {
        m.__name__: m.objects.count()
        for m in apps.get_app_config("lamingui").get_models()
        if m._meta.db_table.startswith("lamindb_")
    }


def cells_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "__lamindb_record_name__": ["r1", "r2", "r3", "r4"],
            "cell_type": ["T cell", "Tcel", "NK cell", "?"],
            "score": ["1.5", "2", "", "4"],
        },
        dtype=str,
    )


def run_import(curation, **kwargs):
    user = ln.User.filter().order_by("id").first()
    space = ln.Space.get(1)
    return import_frame(
        kwargs.pop("df", cells_table()),
        curation["schema"],
        curation["type"],
        kwargs.pop("mapping", MAPPING),
        user=user,
        space=space,
        **kwargs,
    )


def test_dry_run_writes_nothing(curation):
    before = row_counts()
    result = run_import(curation)
    assert row_counts() == before
    assert result.dry_run
    assert result.n_records == 4
    assert result.created == {"ULabel": ["NK cell"]}
    assert result.n_values == 3 + 3  # three labels (one left empty), three scores


def test_commit_creates_records_labels_and_values(curation):
    result = run_import(curation, dry_run=False)
    assert not result.dry_run
    records = ln.Record.filter(type=curation["type"]).order_by("id")
    assert [r.name for r in records] == ["r1", "r2", "r3", "r4"]
    assert list(result.record_ids) == [r.pk for r in records]
    nk = ln.ULabel.get(name="NK cell")
    values = [r.features.get_values() for r in records]
    assert values == [
        {"cell_type": "T cell", "score": 1.5},
        {"cell_type": "T cell", "score": 2.0},
        {"cell_type": "NK cell"},
        {"score": 4.0},
    ]
    assert result.created == {"ULabel": ["NK cell"]}
    assert nk.space_id == 1
    # the imported records are filterable by their values like any other
    assert ln.Record.filter(cell_type="T cell").count() == 2


def test_commit_runs_as_the_given_user_in_the_given_space(curation):
    space = ln.Space(name="lab").save()
    user = ln.User(handle="curator1", name="Curator").save()
    import_frame(
        cells_table(),
        curation["schema"],
        curation["type"],
        MAPPING,
        user=user,
        space=space,
        dry_run=False,
    )
    records = ln.Record.filter(type=curation["type"])
    assert {r.created_by_id for r in records} == {user.pk}
    assert {r.space_id for r in records} == {space.pk}
    assert ln.ULabel.get(name="NK cell").space_id == space.pk


def test_commit_refuses_blocking_errors_and_writes_nothing(curation):
    before = row_counts()
    with pytest.raises(ValidationError, match="blocking error"):
        run_import(curation, mapping={}, dry_run=False)
    assert row_counts() == before


def test_failure_on_a_late_row_rolls_everything_back(curation, monkeypatch):
    df = pd.DataFrame(
        {
            "__lamindb_record_name__": [f"r{i}" for i in range(50)],
            "cell_type": ["NK cell"] * 50,
            "score": [str(i) for i in range(50)],
        }
    )
    monkeypatch.setattr(_frame_write, "CHUNK_ROWS", 10)  # rows 1-40 are written first
    original = _frame_write.json_cell

    def failing(field, value, connection):
        if value == 45.0:
            raise RuntimeError("disk on fire")
        return original(field, value, connection)

    monkeypatch.setattr(_frame_write, "json_cell", failing)
    before = row_counts()
    with pytest.raises(ImportFailed, match=r"row 46, column 'score': disk on fire"):
        run_import(curation, df=df, dry_run=False)
    assert row_counts() == before
    assert not ln.ULabel.filter(name="NK cell").exists()


def test_synonyms_only_when_asked(curation):
    temperature = make_feature(name="temperature", dtype="float")
    schema = ln.Schema(
        name="with temperature",
        features=[curation["cell_type"], temperature],
    ).save()
    df = pd.DataFrame({"cell_type": ["T cell"], "temp_c": ["3"]}, dtype=str)
    mapping = {"columns": {"temp_c": "temperature"}}
    kwargs = {
        "user": ln.User.filter().first(),
        "space": ln.Space.get(1),
        "dry_run": False,
    }
    result = import_frame(df, schema, curation["type"], mapping, **kwargs)
    assert result.synonyms_added == []
    assert ln.Feature.get(name="temperature").synonyms is None
    dry = import_frame(
        df, schema, curation["type"], mapping, **{**kwargs, "dry_run": True}
    )
    assert dry.synonyms_added == [["Feature", "temperature", "temp_c"]]
    result = import_frame(
        df, schema, curation["type"], mapping, remember_synonyms=True, **kwargs
    )
    assert result.synonyms_added == [["Feature", "temperature", "temp_c"]]
    assert ln.Feature.get(name="temperature").synonyms == "temp_c"
    # next time the column maps by synonym, with nothing left to remember
    again = import_frame(
        df, schema, curation["type"], None, **{**kwargs, "dry_run": True}
    )
    assert again.report.column("temp_c").match == "synonym"
    assert again.synonyms_added == []


def test_import_needs_a_record_type(curation):
    with pytest.raises(ValidationError, match="record type"):
        import_frame(
            cells_table(),
            curation["schema"],
            None,
            MAPPING,
            user=ln.User.filter().first(),
            space=ln.Space.get(1),
            dry_run=False,
        )
