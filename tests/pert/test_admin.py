"""The pertdb registries' admin pages render, with the panels of bio registries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamingui.admin import site
from lamingui.admin.mixins import GraphAdminMixin

pytestmark = pytest.mark.django_db


def test_every_pertdb_model_is_registered(pt):
    from django.apps import apps  # noqa: PLC0415

    models = list(apps.get_app_config("pertdb").get_models())
    assert len(models) == 21  # 7 registries + 7 artifact links + 7 block models
    assert all(model in site._registry for model in models)
    assert isinstance(site._registry[pt.Compound], GraphAdminMixin)
    assert not isinstance(site._registry[pt.Biologic], GraphAdminMixin)


def test_compound_pages(pt, admin_client):
    aspirin = pt.Compound(name="acetylsalicylic acid", ontology_id="CHEBI:15365")
    aspirin.save()
    changelist = reverse("admin:pertdb_compound_changelist")
    response = admin_client.get(changelist)
    assert response.status_code == 200
    assert "acetylsalicylic acid" in response.content.decode()
    change = reverse("admin:pertdb_compound_change", args=[aspirin.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    assert "CHEBI:15365" in response.content.decode()


def test_pages_need_login(pt, client):
    response = client.get(reverse("admin:pertdb_biologic_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
