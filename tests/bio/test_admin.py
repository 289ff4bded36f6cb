"""The bio registries in the GUI: admin pages, parents graph panel, global search.

``lamingui.admin`` registers them (``lamingui.bio.admin.register``) when the admin
is imported, before the URLconf is built.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

import lamingui as ln
import lamingui.bio as bt
import lamingui.pert as pt
from lamingui.admin import site
from tests.admin.conftest import HX

pytestmark = pytest.mark.django_db


def test_every_bio_model_is_registered(bt):
    from django.apps import apps  # noqa: PLC0415 - local: test of the app registry

    missing = [
        m.__name__
        for m in apps.get_app_config("bionty").get_models()
        if m not in site._registry
    ]
    assert missing == []


def test_register_is_idempotent(bt):
    from lamingui.bio.admin import register  # noqa: PLC0415 - the function tested

    before = dict(site._registry)
    register()
    assert site._registry == before


def test_cell_type_admin_pages(bt, admin_client):
    t_cell = bt.CellType.from_source(name="T cell").save()
    response = admin_client.get(reverse("admin:bionty_celltype_changelist"))
    assert response.status_code == 200
    assert "T cell" in response.content.decode()
    change = reverse("admin:bionty_celltype_change", args=[t_cell.pk])
    assert admin_client.get(change).status_code == 200


def test_cell_type_admin_index_lists_the_bio_app(bt, admin_client):
    page = admin_client.get(reverse("admin:app_list", args=["bionty"]))
    assert page.status_code == 200
    assert reverse("admin:bionty_celltype_changelist") in page.content.decode()


@pytest.mark.parametrize(
    ("registry", "name", "parent"),
    [
        ("CellType", "T cell", "lymphocyte"),
        ("Tissue", "subsegmental bronchus", "intrapulmonary bronchus"),
    ],
)
def test_change_page_has_the_parents_graph(
    bt, admin_client, settings, registry, name, parent
):
    settings.LAMINGUI_GRAPH_RENDERER = "html"
    model = getattr(bt, registry)
    record = model.from_source(name=name).save()
    opts = model._meta
    change = reverse(f"admin:bionty_{opts.model_name}_change", args=[record.pk])
    page = admin_client.get(change).content.decode()
    graph_url = reverse(f"admin:lamingui_{opts.model_name}_graph", args=[record.pk])
    assert 'data-testid="panel-slot-graph"' in page
    assert f'hx-get="{graph_url}"' in page
    panel = admin_client.get(graph_url, headers=HX)
    assert panel.status_code == 200
    html = panel.content.decode()
    assert name in html
    assert parent in html
    parent_row = model.get(name=parent)
    assert reverse(f"admin:bionty_{opts.model_name}_change", args=[parent_row.pk]) in (
        html
    )


def test_global_search_finds_bio_records(bt, admin_client):
    bt.CellType.from_source(name="hepatocyte").save()
    response = admin_client.get(
        reverse("admin:search_suggest"), {"q": "hepatocyte"}, headers=HX
    )
    html = response.content.decode()
    assert 'data-registry="CellType"' in html
    hepatocyte = bt.CellType.get(name="hepatocyte")
    assert reverse("admin:bionty_celltype_change", args=[hepatocyte.pk]) in html
    page = admin_client.get(
        reverse("admin:search"), {"q": "hepatocyte", "registry": "CellType"}
    )
    assert [h.registry for h in page.context["hits"]] == ["CellType"]
    assert page.context["hits"][0].name == "hepatocyte"


def test_global_search_shows_gene_symbols(bt, admin_client):
    human = bt.Organism.from_source(name="human").save()
    bt.Gene(symbol="TCF7", ensembl_gene_id="ENSG00000081059", organism=human).save()
    response = admin_client.get(
        reverse("admin:search_suggest"), {"q": "TCF7"}, headers=HX
    )
    html = response.content.decode()
    assert 'data-registry="Gene"' in html
    assert "TCF7" in html


def test_parents_are_an_id_box_not_a_select_of_every_term(bt, admin_client):
    t_cell = bt.CellType.from_source(name="T cell").save()
    change = reverse("admin:bionty_celltype_change", args=[t_cell.pk])
    html = admin_client.get(change).content.decode()
    lymphocyte = bt.CellType.get(name="lymphocyte")
    assert 'name="parents"' in html
    assert "vManyToManyRawIdAdminField" in html
    assert f'value="{lymphocyte.pk}"' in html  # the current parent, by id
    assert "<option" not in html.split('name="parents"')[1].split("</div>")[0]
    # saving the form keeps the parents
    response = admin_client.post(
        change,
        {
            "branch": t_cell.branch_id,
            "space": t_cell.space_id,
            "name": "T cell",
            "ontology_id": "CL:0000084",
            "source": t_cell.source_id,
            "parents": str(lymphocyte.pk),
            "description": "edited",
            "_aux": "null",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    t_cell.refresh_from_db()
    assert t_cell.description == "edited"
    assert [p.name for p in t_cell.parents.all()] == ["lymphocyte"]


def test_registry_names_with_module():
    """bio.md §0: bare names for the core, ``<app_label>.<Name>`` for the bio apps."""
    assert ln.Record.__get_name_with_module__() == "Record"
    assert bt.CellType.__get_name_with_module__() == "bionty.CellType"
    assert pt.Compound.__get_name_with_module__() == "pertdb.Compound"
