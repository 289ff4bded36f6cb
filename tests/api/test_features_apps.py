"""Dtypes naming registries of other apps: ``cat[bionty.CellType]`` (api.md §7.0).

The registries resolve through Django's app registry and their link models are
discovered, so nothing in the feature code names the bionty app.
"""

from __future__ import annotations

import pytest
from django.apps import apps

import lamingui as ln
from lamingui.errors import ValidationError
from lamingui.models._dtypes import registry_name, resolve_registry

pytestmark = pytest.mark.skipif(
    not apps.is_installed("lamingui.bio"), reason="the bionty app is not installed"
)


@pytest.fixture
def cell_types(db):
    model = apps.get_model("bionty", "CellType")
    model(name="T cell", ontology_id="CL:0000084").save()
    model(name="B cell", ontology_id="CL:0000236").save()
    return model


def test_registry_names_resolve_through_the_app_registry(cell_types):
    assert resolve_registry("bionty.CellType") is cell_types
    assert registry_name(cell_types) == "bionty.CellType"
    assert ln.Feature(name="ct", dtype=cell_types)._dtype_str == "cat[bionty.CellType]"
    feature = ln.Feature(name="ct_id", dtype=cell_types.ontology_id)
    assert feature._dtype_str == "cat[bionty.CellType.ontology_id]"
    with pytest.raises(ValidationError, match=r"bionty\.NoSuchThing. is not avail"):
        resolve_registry("bionty.NoSuchThing")


def test_artifact_values_of_an_app_registry(cell_types, artifact):
    ln.Feature(name="cell_type", dtype="cat[bionty.CellType]").save()
    ln.Feature(name="cell_type_id", dtype="cat[bionty.CellType.ontology_id]").save()
    artifact.features.add_values(
        {"cell_type": ["T cell", "B cell"], "cell_type_id": "CL:0000084"}
    )
    values = artifact.features.get_values()
    assert values["cell_type"] == {"T cell", "B cell"}
    assert values["cell_type_id"] == "CL:0000084"
    link = apps.get_model("bionty", "ArtifactCellType")
    assert link.objects.filter(artifact=artifact).count() == 3


def test_record_values_of_an_app_registry(cell_types):
    ln.Feature(name="cell_type", dtype="cat[bionty.CellType]").save()
    record = ln.Record(name="sample").save()
    record.features.add_values({"cell_type": "T cell"})
    assert record.features.get_values() == {"cell_type": "T cell"}


def test_unknown_app_values_name_the_feature_and_write_nothing(cell_types, artifact):
    ln.Feature(name="cell_type", dtype="cat[bionty.CellType]").save()
    with pytest.raises(ValidationError) as error:
        artifact.features.add_values({"cell_type": ["T cell", "X cell"]})
    assert "not validated in feature 'cell_type': 'X cell'" in str(error.value)
    link = apps.get_model("bionty", "ArtifactCellType")
    assert link.objects.filter(artifact=artifact).count() == 0
