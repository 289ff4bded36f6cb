"""The curation service limited to readable spaces (gui.md §7.1, §8.3).

``validate_frame`` / ``import_frame`` with ``spaces=`` match, suggest, list and
link only records in those spaces; without it (the Python API) every space.
"""

from __future__ import annotations

import pandas as pd
import pytest

import lamingui as ln
from lamingui.curators import import_frame, validate_frame
from lamingui.errors import ValidationError
from lamingui.models.links import RecordULabel
from tests.factories import make_ulabel

PUBLIC = {1}


@pytest.fixture
def hidden(curation):
    """Space ``private`` with ULabels "Secret cell" and "Hidden neighbour"."""
    private = ln.Space(name="private").save()
    secret = make_ulabel(name="Secret cell", space=private)
    make_ulabel(name="Hidden neighbour", space=private)
    return {**curation, "private": private, "secret": secret}


def frame(*cells: str) -> pd.DataFrame:
    names = [f"r{i}" for i in range(len(cells))]
    return pd.DataFrame(
        {
            "__lamindb_record_name__": names,
            "cell_type": list(cells),
            "score": ["1"] * len(cells),
        },
        dtype=str,
    )


def mentions_hidden(report) -> list[str]:
    """Hidden names found anywhere in the report's choices (must be none)."""
    col = report.column("cell_type")
    shown = list(col.candidates)
    for item in col.nonvalidated:
        shown += [name for name, _ in item.suggestions]
        shown += [item.synonym or "", item.choice or ""]
    return [s for s in shown if "Secret" in s or "Hidden" in s]


def test_hidden_record_does_not_validate_or_appear(hidden):
    df = frame("T cell", "Secret cell", "secret-cell", "Secret cel")
    report = validate_frame(df, hidden["schema"], spaces=PUBLIC)
    col = report.column("cell_type")
    assert (col.n_validated, col.n_unique_validated) == (1, 1)
    assert {v.value for v in col.nonvalidated} == {
        "Secret cell",
        "secret-cell",
        "Secret cel",
    }
    assert mentions_hidden(report) == []
    assert col.candidates == ["B cell", "T cell"]
    assert col.n_choices == 2


def test_member_sees_the_record_validated(hidden):
    df = frame("T cell", "Secret cell", "secret-cell")
    report = validate_frame(df, hidden["schema"], spaces={1, hidden["private"].pk})
    col = report.column("cell_type")
    assert col.n_unique_validated == 2
    by_value = {v.value: v for v in col.nonvalidated}
    assert by_value["secret-cell"].synonym == "Secret cell"  # its synonym, visible


def test_python_api_without_spaces_sees_every_space(hidden):
    report = validate_frame(frame("Secret cell"), hidden["schema"])
    assert report.column("cell_type").n_validated == 1


def test_commit_cannot_link_to_a_hidden_record(hidden):
    df = frame("T cell", "Secret cell")
    mapping = {"values": {"cell_type": {"Secret cell": "map:Secret cell"}}}
    before = RecordULabel.objects.count(), ln.Record.objects.count()
    with pytest.raises(ValidationError, match=r"not validated .* 'Secret cell'"):
        import_frame(
            df,
            hidden["schema"],
            hidden["type"],
            mapping,
            user=ln.User.objects.get(pk=1),
            space=ln.Space.objects.get(pk=1),
            dry_run=False,
            spaces=PUBLIC,
        )
    assert (RecordULabel.objects.count(), ln.Record.objects.count()) == before


def test_create_new_makes_a_visible_record_not_the_hidden_one(hidden):
    df = frame("Secret cell")
    mapping = {"values": {"cell_type": {"Secret cell": "new"}}}
    result = import_frame(
        df,
        hidden["schema"],
        hidden["type"],
        mapping,
        user=ln.User.objects.get(pk=1),
        space=ln.Space.objects.get(pk=1),
        dry_run=False,
        spaces=PUBLIC,
    )
    assert result.created == {"ULabel": ["Secret cell"]}
    link = RecordULabel.objects.get(record_id=result.record_ids[0])
    assert link.value_id != hidden["secret"].pk
    assert link.value.space_id == 1
    assert not RecordULabel.objects.filter(value=hidden["secret"]).exists()


def test_member_commit_links_the_record(hidden):
    df = frame("Secret cell")
    result = import_frame(
        df,
        hidden["schema"],
        hidden["type"],
        None,
        user=ln.User.objects.get(pk=1),
        space=ln.Space.objects.get(pk=1),
        dry_run=False,
        spaces={1, hidden["private"].pk},
    )
    link = RecordULabel.objects.get(record_id=result.record_ids[0])
    assert link.value_id == hidden["secret"].pk
