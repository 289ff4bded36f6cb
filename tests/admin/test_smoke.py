"""Every registered model's admin pages render; login, health, theme, static files."""

from __future__ import annotations

from typing import Any

import pytest
from admin_interface.models import Theme
from django.apps import apps
from django.contrib.staticfiles import finders
from django.urls import reverse

from lamingui.admin import site
from lamingui.models import BaseSQLRecord, Record
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = sorted(site._registry, key=lambda m: (m._meta.app_label, m.__name__))


def _url(model: Any, view: str, *args: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _label(model: Any) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_registry_is_registered():
    registered = set(site._registry)
    missing = [
        m.__name__
        for m in apps.get_app_config("lamingui").get_models()
        if issubclass(m, BaseSQLRecord) and m not in registered
    ]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_admin_pages_render(model, admin_client, admin_user, storage_root, tmp_path):
    assert admin_client.get(_url(model, "changelist")).status_code == 200
    assert admin_client.get(_url(model, "add")).status_code == 200
    if model._meta.app_label == "auth":  # the admin login itself, or a new group
        obj = (
            admin_user if model is type(admin_user) else model.objects.create(name="g")
        )
    else:  # every lamingui model has a builder (registries, blocks, link rows)
        obj = factories.make_any(model, tmp_path)
    response = admin_client.get(_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


def test_changelist_lists_built_object(admin_client):
    record = factories.make_record(name="visible-in-the-changelist")
    response = admin_client.get(_url(type(record), "changelist"))
    assert response.status_code == 200
    assert "visible-in-the-changelist" in response.content.decode()


@pytest.mark.parametrize("view", ["index", "changelist"])
def test_anonymous_is_sent_to_login(client, view):
    url = reverse("admin:index") if view == "index" else _url(Record, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_health_needs_no_login(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_lamingui_theme_is_active_after_migrate(admin_client):
    assert Theme.objects.get(active=True).name == "lamingui"
    page = admin_client.get(reverse("admin:index")).content.decode()
    # header colour of the lamingui theme (fixtures/admin_interface_theme_lamingui.json)
    assert "#16353F".lower() in page.lower()


def test_htmx_is_served_by_the_app():
    found = finders.find("lamingui/js/htmx.min.js")
    assert found is not None
    with open(found, encoding="utf-8") as fh:
        head = fh.read(4000)
    assert "htmx" in head
