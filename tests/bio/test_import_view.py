"""The browser import of a table with a cell-type column (gui.md §7.3, bio.md §0).

A ``cat[bionty.CellType]`` column validates against the CellType registry; a
synonym of a saved cell type is pre-selected, a term of the Cell Ontology that
is not saved yet is offered as "create from the public ontology" (not chosen).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

import lamingui as ln
from tests.admin.test_import import session_of, upload, url

pytestmark = pytest.mark.django_db

CSV = (
    "__lamindb_record_name__,cell_type\n"
    "s1,T cell\n"
    "s2,T-lymphocyte\n"
    "s3,hepatocyte\n"
    "s4,lymphocyte\n"
    "s5,my cell\n"
)


@pytest.fixture
def setup(bt):
    bt.CellType.from_source(name="T cell").save()  # and its ancestors (lymphocyte)
    feature = ln.Feature(name="cell_type", dtype="cat[bionty.CellType]").save()
    schema = ln.Schema(name="cells", features=[feature]).save()
    sample = ln.Record(name="Sample", is_type=True).save()
    return {"schema": schema, "type": sample}


def value_row(html: str, value: str) -> str:
    pattern = rf'data-testid="nonvalidated-value" data-value="{value}">(.*?)</tr>'
    return re.search(pattern, html, re.S).group(1)


def test_cell_type_column_offers_synonyms_and_ontology_terms(admin_client, setup):
    response = upload(admin_client, setup, CSV)
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    html = page.content.decode()
    assertContains(page, "validated 2/5 (40.0 %)")  # T cell, lymphocyte
    assertContains(page, "in bionty.CellType")
    synonym = value_row(html, "T-lymphocyte")
    assert "synonym</span>" in synonym
    assert '<option value="map:T cell" selected>T cell (synonym)</option>' in synonym
    term = value_row(html, "hepatocyte")
    assert 'data-testid="ontology-term"' in term
    assert (
        '<option value="source:hepatocyte">create hepatocyte from the public '
        "ontology, CL:0000182</option>"
    ) in term
    assert "selected>create hepatocyte" not in term
    other = value_row(html, "my cell")
    assert "source:" not in other
    assert '<option value="new">create new record</option>' in other
    assert "create from the public ontology where found" in html


def test_cell_type_import_commit_creates_the_ontology_term(bt, admin_client, setup):
    session = session_of(upload(admin_client, setup, CSV))
    admin_client.get(url("session", session))
    session.refresh_from_db()
    index = next(
        c["index"] for c in session.report["columns"] if c["column"] == "cell_type"
    )
    response = admin_client.post(
        url("column", session, index),
        {
            "feature": "cell_type",
            "value_key": ["hepatocyte", "my cell"],
            "value_choice": ["source:hepatocyte", "new"],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert (
        '<option value="source:hepatocyte" selected>create hepatocyte'
        in response.content.decode()
    )
    session.refresh_from_db()
    assert session.report["n_rows_blocked"] == 0
    response = admin_client.post(url("commit", session), {})
    assert response.status_code == 302, response.content.decode()
    hepatocyte = bt.CellType.get(name="hepatocyte")
    assert hepatocyte.ontology_id == "CL:0000182"
    assert hepatocyte.parents.exists()
    records = ln.Record.filter(type=setup["type"]).order_by("id")
    assert [r.values_cell_type.get().value.name for r in records] == [
        "T cell",
        "T cell",
        "hepatocyte",
        "lymphocyte",
        "my cell",
    ]
    result = admin_client.get(url("result", session))
    assertContains(result, "bionty.CellType: my cell, hepatocyte")
    change = reverse("admin:lamingui_record_change", args=[records[0].pk])
    assertContains(result, change)


def test_ontology_terms_need_the_add_permission(setup):
    from django.contrib.auth.models import (  # noqa: PLC0415 - test only
        Group,
        Permission,
    )
    from django.test import Client  # noqa: PLC0415 - test only

    from lamingui.management.commands.lamingui_init import (  # noqa: PLC0415
        CURATOR,
        ensure_groups,
    )
    from tests.admin.conftest import make_login  # noqa: PLC0415 - needs the db

    ensure_groups()
    # curators may add cell types; take that right away to see the choice vanish
    add_celltype = Permission.objects.get(
        content_type__app_label="bionty", codename="add_celltype"
    )
    Group.objects.get(name=CURATOR).permissions.remove(add_celltype)
    user = make_login("curator", CURATOR)
    client = Client()
    client.force_login(user)
    page = client.get(upload(client, setup, CSV)["Location"]).content.decode()
    assert 'value="source:hepatocyte"' not in page
    user.user_permissions.add(add_celltype)
    client.force_login(type(user).objects.get(pk=user.pk))  # fresh permission cache
    page = client.get(upload(client, setup, CSV)["Location"]).content.decode()
    assert 'value="source:hepatocyte"' in page
