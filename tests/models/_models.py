"""The lamingui models, grouped by base and mixin, for parametrized tests.

Groups are computed from the app registry, so a new registry or a registry that
gains a mixin is picked up by every contract test without editing a list.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from lamingui.models import (
    BaseSQLRecord,
    CanCurate,
    HasParents,
    HasType,
    IsLink,
    IsVersioned,
    SQLRecord,
    TracksRun,
    TracksUpdates,
)

#: registries, link models and blocks; GUI-owned models (memberships, import
#: sessions) are plain Django models and not part of lamindb's model layer
ALL_MODELS: list[type] = sorted(
    (
        m
        for m in apps.get_app_config("lamingui").get_models()
        if issubclass(m, BaseSQLRecord)
    ),
    key=lambda m: m.__name__,
)


def models_with(base: type) -> list[type]:
    return [m for m in ALL_MODELS if issubclass(m, base)]


def has_field(model: type, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def params(models: list[type]) -> list[Any]:
    """``pytest.param`` per model, with the model name as test id."""
    return [pytest.param(m, id=m.__name__) for m in models]


LINKS = models_with(IsLink)
VERSIONED = models_with(IsVersioned)
TYPED = models_with(HasType)
WITH_PARENTS = models_with(HasParents)
CURATED = models_with(CanCurate)
TRACKS_RUN = models_with(TracksRun)
TRACKS_UPDATES = models_with(TracksUpdates)
SQL_RECORDS = models_with(SQLRecord)
REGISTRIES = [m for m in ALL_MODELS if not issubclass(m, IsLink)]
ATTACHED_BLOCKS = [m for m in ALL_MODELS if getattr(m, "_host_field", None)]
#: models whose ``delete()`` is always permanent (models.md §6.5)
WITHOUT_TRASH = [
    m for m in ALL_MODELS if not issubclass(m, SQLRecord) or m.__name__ == "Storage"
]
