"""The name field of a registry and field-argument resolution (api.md §0.2)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute


def get_name_field(registry: Any, *, field: Any = None) -> str:
    """Name field of a registry, record or query set, or the resolved ``field``."""
    model = getattr(registry, "model", None) or (
        registry if isinstance(registry, type) else type(registry)
    )
    if field is not None:
        return resolve_field(model, field)
    declared = getattr(model, "_name_field", None)
    if declared:
        return declared
    names = {f.name for f in model._meta.concrete_fields}
    if "name" in names:
        return "name"
    for f in model._meta.concrete_fields:
        if isinstance(f, models.CharField | models.TextField) and "id" not in f.name:
            return f.name
    raise ValueError(
        "Do not know which field to use as name file for registry "
        f"{model.__name__}, please pass field"
    )


def resolve_field(model: type[models.Model], field: Any) -> str:
    """Turn ``None``, a field name or a field attribute into a field name."""
    if field is None:
        return get_name_field(model)
    if isinstance(field, str):
        return field
    if isinstance(field, DeferredAttribute):
        return field.field.name
    raise TypeError("please pass a SQLRecord string field, e.g., `CellType.name`!")


def string_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]
