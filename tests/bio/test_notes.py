"""Notes (markdown blocks) on the bio and pertdb registries (issue 8, item 1).

Each registry has a ``<Registry>Block`` model whose ``ablocks`` reverse accessor
gives the row ``.notes``, the notes services and the admin notes panel.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse
from pytest_django.asserts import assertContains

from lamingui.blocks import services
from tests.factories import make_bio, make_pert

pytestmark = pytest.mark.django_db


def _change(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _notes(obj, name: str = "") -> str:
    opts = obj._meta
    suffix = f"_{name}" if name else ""
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_notes{suffix}", args=[obj.pk]
    )


@pytest.mark.parametrize("app_label", ["bionty", "pertdb"])
def test_every_registry_has_a_block_model(bt, app_label):
    config = apps.get_app_config(app_label)
    registries = {
        m.__name__
        for m in config.get_models()
        if hasattr(m, "from_values") and m.__name__ != "Source"
    }
    blocks = {
        m.__name__ for m in config.get_models() if getattr(m, "_host_field", None)
    }
    assert registries
    assert blocks == {f"{name}Block" for name in registries}
    for name in registries:
        model = config.get_model(name)
        assert services.block_model(model()) is config.get_model(f"{name}Block")


def test_block_tables_keep_the_module_prefix(bt):
    import lamingui.pert as pt  # noqa: PLC0415 - after the test database exists

    assert bt.CellTypeBlock._meta.db_table == "bionty_celltypeblock"
    assert pt.CompoundBlock._meta.db_table == "wetlab_compoundblock"
    assert bt.CellTypeBlock._meta.get_field("celltype").related_model is bt.CellType


def test_readme_from_python_is_versioned_and_read_by_notes(bt):
    t_cell = make_bio("CellType", name="T cell")
    assert t_cell.notes is None
    first = bt.CellTypeBlock(celltype=t_cell, content="# T cells", kind="readme")
    first.save()
    second = bt.CellTypeBlock(celltype=t_cell, content="# T cells v2", kind="readme")
    second.save()
    assert second.uid[:16] == first.uid[:16] and second.uid != first.uid
    assert t_cell.notes == "# T cells v2"
    assert [b.content for b in services.history(t_cell)] == [
        "# T cells v2",
        "# T cells",
    ]


def test_block_without_host_is_refused(bt):
    with pytest.raises(ValueError, match="celltype is required for CellTypeBlock"):
        bt.CellTypeBlock(content="# orphan", kind="readme")
    assert bt.CellTypeBlock.objects.count() == 0


def test_readme_saved_from_python_renders_on_the_change_page(bt, admin_client):
    t_cell = make_bio("CellType", name="T cell")
    bt.CellTypeBlock(
        celltype=t_cell, content="# Lymphocytes\n\n*cytotoxic*", kind="readme"
    ).save()
    page = admin_client.get(_change(t_cell))
    assertContains(page, 'data-testid="panel-slot-notes"')
    assertContains(page, f'hx-get="{_notes(t_cell)}"')
    panel = admin_client.get(_notes(t_cell))
    assert panel.status_code == 200
    assertContains(panel, "<em>cytotoxic</em>")
    assertContains(panel, "Lymphocytes</h1>")


def test_save_through_the_gui_is_visible_from_python(bt, admin_client):
    tissue = make_bio("Tissue", name="liver")
    first = services.save_readme(tissue, "v1")
    response = admin_client.post(
        _notes(tissue, "edit"), {"content": "v2 from the GUI", "base_uid": first.uid}
    )
    assert response.status_code == 200
    tissue.refresh_from_db()
    assert tissue.notes == "v2 from the GUI"
    latest = bt.TissueBlock.objects.get(tissue=tissue, is_latest=True)
    assert latest.uid[:16] == first.uid[:16]
    assert bt.TissueBlock.objects.filter(tissue=tissue).count() == 2


def test_compound_change_page_has_the_notes_slot(bt, admin_client):
    aspirin = make_pert("Compound", name="aspirin")
    page = admin_client.get(_change(aspirin))
    assertContains(page, 'data-testid="panel-slot-notes"')
    assert "/pertdb/compound/" in _notes(aspirin)
    response = admin_client.post(
        _notes(aspirin, "edit"), {"content": "# Aspirin", "base_uid": ""}
    )
    assert response.status_code == 200
    assert aspirin.notes == "# Aspirin"
