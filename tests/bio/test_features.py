"""Features typed by bio registries validate DataFrame columns (bio.md §0)."""

from __future__ import annotations

import pandas as pd
import pytest

import lamingui as ln
from lamingui.curators import DataFrameCurator
from lamingui.errors import ValidationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell_type_schema(bt):
    bt.CellType.from_values(["T cell", "B cell"]).save()
    feature = ln.Feature(name="cell_type", dtype="cat[bionty.CellType]").save()
    return ln.Schema(name="cells", features=[feature]).save()


def test_dtype_resolves_to_the_bio_registry(bt):
    from lamingui.models._dtypes import resolve_registry  # noqa: PLC0415

    assert resolve_registry("bionty.CellType") is bt.CellType


def test_record_feature_value_is_a_cell_type(bt, cell_type_schema):
    t_cell = bt.CellType.get(name="T cell")
    sample = ln.Record(name="s1").save()
    sample.features.add_values({"cell_type": t_cell})
    assert [r.value_id for r in sample.values_cell_type.all()] == [t_cell.pk]


def test_cell_type_column_validates(bt, cell_type_schema, storage_root):
    df = pd.DataFrame({"cell_type": ["T cell", "B cell", "T cell"]})
    curator = DataFrameCurator(df, cell_type_schema)
    curator.validate()
    artifact = curator.save_artifact(key="cells.parquet")
    assert {c.name for c in artifact.cell_types.all()} == {"T cell", "B cell"}


def test_unknown_cell_type_is_reported(bt, cell_type_schema):
    df = pd.DataFrame({"cell_type": ["T cell", "not a cell"]})
    curator = DataFrameCurator(df, cell_type_schema)
    with pytest.raises(ValidationError, match="not a cell"):
        curator.validate()


# -- the table curation service (validate_frame / import_frame) ------------------


@pytest.fixture
def t_cell_schema(bt):
    bt.CellType.from_source(name="T cell").save()  # with its 9 ancestors
    feature = ln.Feature(name="cell_type", dtype="cat[bionty.CellType]").save()
    schema = ln.Schema(name="t cells", features=[feature]).save()
    sample = ln.Record(name="Sample", is_type=True).save()
    return schema, sample


def test_validate_frame_uses_the_registry_and_its_ontology(bt, t_cell_schema):
    from lamingui.curators import validate_frame  # noqa: PLC0415 - the tested API

    schema, _ = t_cell_schema
    df = pd.DataFrame(
        {"cell_type": ["T cell", "T-cell", "lymphocyte", "hepatocyte", "my cell"]}
    )
    report = validate_frame(df, schema)
    col = report.column("cell_type")
    assert col.registry == "bionty.CellType"
    assert [v for v, _ in col.validated_values] == ["T cell", "lymphocyte"]
    items = {v.value: v for v in col.nonvalidated}
    # a synonym of a saved term is pre-selected
    assert items["T-cell"].synonym == "T cell"
    assert items["T-cell"].choice == "map:T cell"
    # a term of the public ontology that is not saved is offered, not chosen
    assert items["hepatocyte"].source_term == "hepatocyte"
    assert items["hepatocyte"].source_id == "CL:0000182"
    assert items["hepatocyte"].choice is None
    assert items["my cell"].source_term is None
    assert bt.CellType.filter(name="hepatocyte").count() == 0  # nothing written


def test_ontology_synonym_of_a_saved_term_is_a_synonym(bt, t_cell_schema):
    from lamingui.curators import validate_frame  # noqa: PLC0415 - the tested API

    schema, _ = t_cell_schema
    bt.CellType(name="B cell").save()  # saved by hand, without synonyms
    report = validate_frame(pd.DataFrame({"cell_type": ["B-lymphocyte"]}), schema)
    item = report.column("cell_type").nonvalidated[0]
    assert (item.synonym, item.choice, item.source_term) == (
        "B cell",
        "map:B cell",
        None,
    )


def test_import_frame_creates_terms_from_the_ontology(bt, t_cell_schema):
    from lamingui.curators import import_frame  # noqa: PLC0415 - the tested API

    schema, sample = t_cell_schema
    df = pd.DataFrame(
        {
            "__lamindb_record_name__": ["s1", "s2", "s3", "s4"],
            "cell_type": ["T cell", "T-cell", "liver cell", "my cell"],
        }
    )
    space = ln.Space(name="lab").save()
    user = ln.User.filter().order_by("id").first()
    # the curator picks the ontology term for a value the ontology does not know
    mapping = {"values": {"cell_type": {"liver cell": "source:hepatocyte", "*": "new"}}}
    dry = import_frame(df, schema, sample, mapping, user=user, space=space)
    assert dry.created == {"bionty.CellType": ["my cell", "hepatocyte"]}
    assert bt.CellType.filter(name="hepatocyte").count() == 0
    result = import_frame(
        df, schema, sample, mapping, user=user, space=space, dry_run=False
    )
    assert result.n_records == 4
    hepatocyte = bt.CellType.get(name="hepatocyte")
    assert hepatocyte.ontology_id == "CL:0000182"
    assert hepatocyte.space_id == space.pk
    assert hepatocyte.parents.count() > 0  # ancestors imported with it
    assert hepatocyte.created_by == user
    assert bt.CellType.get(name="my cell").ontology_id is None
    records = ln.Record.filter(type=sample).order_by("id")
    values = [[link.value.name for link in r.values_cell_type.all()] for r in records]
    assert values == [["T cell"], ["T cell"], ["hepatocyte"], ["my cell"]]
    link = records[0].values_cell_type.get()
    assert (link.created_by, link.feature.name) == (user, "cell_type")


def test_every_ontology_term_choice_creates_what_it_can(bt, t_cell_schema):
    from lamingui.curators import validate_frame  # noqa: PLC0415 - the tested API

    schema, _ = t_cell_schema
    df = pd.DataFrame({"cell_type": ["hepatocyte", "B-cell", "my cell"]})
    report = validate_frame(
        df, schema, mapping={"values": {"cell_type": {"*": "source"}}}
    )
    choices = {v.value: v.choice for v in report.column("cell_type").nonvalidated}
    assert choices == {
        "hepatocyte": "source:hepatocyte",
        "B-cell": "source:B cell",
        "my cell": None,
    }
    assert report.to_create == {"bionty.CellType": ["hepatocyte", "B cell"]}
    assert any("'my cell'" in p for p in report.blocking)


def test_a_term_not_in_the_ontology_is_not_a_choice(bt, t_cell_schema):
    from lamingui.curators import validate_frame  # noqa: PLC0415 - the tested API

    schema, _ = t_cell_schema
    mapping = {"values": {"cell_type": {"my cell": "source:my cell"}}}
    df = pd.DataFrame({"cell_type": ["my cell"]})
    report = validate_frame(df, schema, mapping=mapping)
    assert report.column("cell_type").nonvalidated[0].choice is None
    assert report.n_blocking == 1


def test_curator_hints_at_the_ontology(bt, t_cell_schema):
    schema, _ = t_cell_schema
    curator = DataFrameCurator(pd.DataFrame({"cell_type": ["hepatocyte"]}), schema)
    with pytest.raises(ValidationError, match="'hepatocyte' is in the public") as info:
        curator.validate()
    assert "CL:0000182" in str(info.value)


def test_missing_registry_is_a_column_problem(bt):
    from lamingui.curators import validate_frame  # noqa: PLC0415 - the tested API

    feature = ln.Feature(name="thing", dtype="cat[bionty.Nothing]").save()
    schema = ln.Schema(name="things", features=[feature]).save()
    report = validate_frame(pd.DataFrame({"thing": ["x"]}), schema)
    assert report.column("thing").problems == [
        "Column 'thing': The registry 'bionty.Nothing' is not available: no "
        "installed module 'bionty' defines 'Nothing'."
    ]
