"""Register every lamingui model on the admin site."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from ..models.base import BaseSQLRecord
from ..models.mixins import HasType, IsVersioned
from .base import SQLRecordAdmin
from .panels import (
    NotesAdminMixin,
    PanelsAdminMixin,
    TypesAdminMixin,
    VersionsAdminMixin,
)
from .site import site


def admin_bases(model: type) -> tuple[type, ...]:
    """Admin mixins mirroring the model's mixins, then ``SQLRecordAdmin``."""
    mixins: list[type] = []
    if issubclass(model, IsVersioned):
        mixins.append(VersionsAdminMixin)
    if issubclass(model, HasType):
        mixins.append(TypesAdminMixin)
    if _has_notes(model):
        mixins.append(NotesAdminMixin)
    return (*mixins, PanelsAdminMixin, SQLRecordAdmin)


def _has_notes(model: type) -> bool:
    """The model has an attached block model (an ``ablocks`` reverse relation)."""
    try:
        relation = model._meta.get_field("ablocks")
    except FieldDoesNotExist:
        return False
    return relation.one_to_many


def register_all() -> None:
    """One admin class per registry or link model that is not registered yet.

    GUI-owned models (space memberships, import sessions, the permission holder)
    are not registries; their admin pages, if any, are declared where they are used.
    """
    for model in apps.get_app_config("lamingui").get_models():
        if model in site._registry or not issubclass(model, BaseSQLRecord):
            continue
        admin_class = type(f"{model.__name__}Admin", admin_bases(model), {})
        site.register(model, admin_class)


register_all()
