"""Feature dtype strings (api.md §7.0): parsing, display form, value checks."""

from __future__ import annotations

import datetime as dt

import pytest

from lamingui.errors import ValidationError
from lamingui.models._dtypes import CatTarget, parse_dtype, validate_simple


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("int", "int"),
        ("list[float]", "list[float]"),
        ("datetime64[ns, UTC]", "datetime64[ns, UTC]"),
        ("cat", "cat"),
        ("cat[ULabel]", "ULabel"),
        ("cat[Record[3KIe]]", "Record[Cell]"),
        ("list[cat[Record[3KIe]]]", "list[Record[Cell]]"),
        ("cat[ULabel|Record]", "ULabel|Record"),
        ("cat[Run.uid]", "Run.uid"),
        ("cat[bionty.CellType]", "bionty.CellType"),
        ("cat[bionty.CellType.ontology_id]", "bionty.CellType.ontology_id"),
        ("cat[Artifact[schema__uid='a|b']]", "Artifact[schema__uid='a|b']"),
    ],
)
def test_dtype_display_strips_cat_and_names_types(raw, shown):
    assert parse_dtype(raw).display({"3KIe": "Cell"}) == shown


def test_parse_dtype_finds_registries_fields_types_and_filters():
    dtype = parse_dtype("list[cat[Record[3KIe]|bionty.CellType.ontology_id]]")
    assert dtype.is_list and dtype.is_cat
    assert dtype.targets == (
        CatTarget("Record", type_ref="3KIe"),
        CatTarget("bionty.CellType", field="ontology_id"),
    )
    assert not dtype.targets[1].is_core
    assert parse_dtype("cat").registries == ["ULabel"]
    filtered = parse_dtype("cat[Artifact[schema__uid='x']]").targets[0]
    assert (filtered.filters, filtered.type_ref) == ("schema__uid='x'", None)


@pytest.mark.parametrize("raw", ["object", "cat[]", "list[cat ? str]", None])
def test_parse_dtype_rejects_strings_outside_the_grammar(raw):
    with pytest.raises(ValidationError, match=r"^Invalid dtype"):
        parse_dtype(raw)


@pytest.mark.parametrize(
    ("raw", "value", "coerce", "stored"),
    [
        ("int", "12", True, 12),
        ("int", 3.0, True, 3),
        ("int", "2.0", True, 2),
        ("float", "1.5", True, 1.5),
        ("num", 2, False, 2),
        ("bool", "no", True, False),
        ("date", dt.datetime(2024, 1, 2, 3), True, "2024-01-02"),
        ("datetime", dt.date(2024, 1, 2), True, "2024-01-02T00:00:00"),
        (
            "datetime64[ns, UTC]",
            "2024-01-02T03:00:00",
            True,
            "2024-01-02T03:00:00+00:00",
        ),
        ("list[int]", 5, True, [5]),
        ("list[str]", ("a", "b"), False, ["a", "b"]),
    ],
)
def test_validate_simple_stores_json_forms(raw, value, coerce, stored):
    assert validate_simple(parse_dtype(raw), value, coerce) == (stored, [])


@pytest.mark.parametrize(
    ("raw", "value", "bad"),
    [
        ("int", "2.5", ["2.5"]),
        ("float", "x", ["x"]),
        ("bool", "maybe", ["maybe"]),
        ("date", "2024-13-01", ["2024-13-01"]),
        ("dict", "x", ["x"]),
        ("list[int]", [1, "a", "b"], ["a", "b"]),
    ],
)
def test_validate_simple_reports_offending_values_even_when_coercing(raw, value, bad):
    assert validate_simple(parse_dtype(raw), value, True)[1] == bad
