"""Admin pages of the pertdb registries and links, with the core panels."""

from __future__ import annotations

from django.apps import apps

from ..admin.registry import admin_bases
from ..admin.site import site


def register() -> None:
    """Register every pertdb model that is not registered yet."""
    for model in apps.get_app_config("pertdb").get_models():
        if model in site._registry:
            continue
        admin_class = type(f"{model.__name__}Admin", admin_bases(model), {})
        site.register(model, admin_class)
