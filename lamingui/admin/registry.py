"""Register every lamingui model on the admin site."""

from __future__ import annotations

from django.apps import apps

from .base import SQLRecordAdmin
from .site import site


def register_all() -> None:
    """One ``SQLRecordAdmin`` per model that is not registered yet."""
    for model in apps.get_app_config("lamingui").get_models():
        if model in site._registry:
            continue
        admin_class = type(f"{model.__name__}Admin", (SQLRecordAdmin,), {})
        site.register(model, admin_class)


register_all()
