"""Export a registry list or a record type as CSV or Excel, and import it back."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.urls import reverse

import lamingui as ln
from lamingui.curators import validate_frame
from tests.factories import make_feature, make_record, make_ulabel


@pytest.fixture
def typed_records(db):
    make_ulabel(name="T cell")
    cell_type = make_feature(name="cell_type", dtype="cat[ULabel]")
    score = make_feature(name="score", dtype="float")
    schema = ln.Schema(name="cells", features=[cell_type, score]).save()
    sample = make_record(name="Sample", is_type=True)
    for i in range(3):
        record = make_record(name=f"s{i}", type=sample)
        record.features.add_values({"cell_type": "T cell", "score": float(i)})
    return sample, schema


def test_export_action_on_a_changelist_as_csv_and_excel(admin_client, db):
    labels = [make_ulabel(name=f"label {i}") for i in range(3)]
    changelist = reverse("admin:lamingui_ulabel_changelist")
    data = {"action": "export_csv", "_selected_action": [x.pk for x in labels[:2]]}
    response = admin_client.post(changelist, data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(response.content.decode()))
    expected = ln.ULabel.filter(pk__in=[labels[0].pk, labels[1].pk]).to_dataframe()
    assert list(df.columns) == ["id", *expected.columns]
    assert sorted(df["name"]) == ["label 0", "label 1"]
    data["action"] = "export_xlsx"
    response = admin_client.post(changelist, data)
    assert response["Content-Disposition"].endswith('.xlsx"')
    df = pd.read_excel(io.BytesIO(response.content))
    assert sorted(df["name"]) == ["label 0", "label 1"]


def test_record_type_export_round_trips_through_validation(admin_client, typed_records):
    sample, schema = typed_records
    url = reverse("admin:lamingui_export_record_type", args=[sample.pk])
    for fmt in ("csv", "xlsx"):
        response = admin_client.get(url, {"format": fmt})
        assert response.status_code == 200
        if fmt == "csv":
            df = pd.read_csv(io.StringIO(response.content.decode()), dtype=str)
        else:
            df = pd.read_excel(io.BytesIO(response.content), dtype=str)
        expected = ln.Record.filter(type=sample).to_dataframe(include="features")
        assert list(df.columns) == ["id", *expected.columns]
        assert sorted(df["name"]) == ["s0", "s1", "s2"]
        report = validate_frame(
            df.drop(columns=["id", "uid"]),
            schema,
            sample,
            {"index_column": "name"},
        )
        assert report.n_blocking == 0
        assert report.column("cell_type").n_validated == 3


def test_export_of_an_unknown_type_or_format_is_404(admin_client, typed_records):
    sample, _ = typed_records
    plain = make_record(name="not a type")
    url = reverse("admin:lamingui_export_record_type", args=[plain.pk])
    assert admin_client.get(url).status_code == 404
    url = reverse("admin:lamingui_export_record_type", args=[sample.pk])
    assert admin_client.get(url, {"format": "pdf"}).status_code == 404
