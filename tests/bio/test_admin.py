"""The bio registries' admin pages render (registered by lamingui.bio.admin)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_cell_type_admin_pages(bt, admin_client):
    from lamingui.admin import site  # noqa: PLC0415
    from lamingui.bio.admin import register  # noqa: PLC0415

    register()
    assert bt.CellType in site._registry
    t_cell = bt.CellType.from_source(name="T cell").save()
    changelist = reverse("admin:bionty_celltype_changelist")
    response = admin_client.get(changelist)
    assert response.status_code == 200
    assert "T cell" in response.content.decode()
    change = reverse("admin:bionty_celltype_change", args=[t_cell.pk])
    assert admin_client.get(change).status_code == 200
