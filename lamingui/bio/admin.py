"""Admin pages of the bio registries, with the panels of core registries."""

from __future__ import annotations

from django.apps import apps

from ..admin.registry import admin_bases
from ..admin.site import site


def register() -> None:
    """Register every bionty model that is not registered yet."""
    for model in apps.get_app_config("bionty").get_models():
        if model in site._registry:
            continue
        admin_class = type(f"{model.__name__}Admin", admin_bases(model), {})
        site.register(model, admin_class)
