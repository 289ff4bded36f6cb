"""Register every lamingui model on the admin site."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from ..models.base import BaseSQLRecord, Space
from ..models.blocks import Block
from ..models.mixins import HasParents, HasType, IsVersioned
from ..permissions import has_space
from .base import SQLRecordAdmin
from .mixins import GraphAdminMixin, TrashPreviewAdminMixin
from .panels import (
    NotesAdminMixin,
    PanelsAdminMixin,
    TypesAdminMixin,
    VersionsAdminMixin,
)
from .site import site
from .spaces import SpaceAdminMixin


def admin_bases(model: type) -> tuple[type, ...]:
    """Admin mixins mirroring the model's mixins, then ``SQLRecordAdmin``.

    Panels are shown in the reverse order of this list: notes, versions, type
    hierarchy, graph (gui.md §5.4).
    """
    mixins: list[type] = []
    if model is Space:
        mixins.append(SpaceAdminMixin)
    if issubclass(model, HasParents):
        mixins.append(GraphAdminMixin)
    if issubclass(model, HasType):
        mixins.append(TypesAdminMixin)
    if issubclass(model, IsVersioned):
        mixins.append(VersionsAdminMixin)
    if _has_notes(model) or model is Block:  # a page's own versions
        mixins.append(NotesAdminMixin)
    if has_space(model) and any(
        f.name == "branch" for f in model._meta.concrete_fields
    ):
        mixins.append(TrashPreviewAdminMixin)
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
