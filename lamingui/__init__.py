"""lamingui: lamindb's model layer on Django, with a web GUI.

``import lamingui as ln`` is cheap: it creates no file and opens no connection.
The first use of a registry name (``ln.Record``) configures Django with
``lamingui.api_settings`` and migrates a fresh database; from then on
``ln.Record(name="x").save()`` works as in lamindb.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

__version__ = "0.1.0"

_REGISTRIES = (
    "Artifact",
    "Block",
    "Branch",
    "Collection",
    "Feature",
    "JsonValue",
    "Project",
    "Record",
    "Reference",
    "Run",
    "Schema",
    "Space",
    "Storage",
    "Transform",
    "ULabel",
    "User",
)
_OTHERS = (
    "DB",
    "Q",
    "curators",
    "errors",
    "finish",
    "models",
    "save",
    "settings",
    "setup",
    "track",
)
__all__ = sorted(_REGISTRIES + _OTHERS)

_state = {"ready": False}


def _configure() -> None:
    """Configure Django on first use and migrate a database that needs it."""
    if _state["ready"]:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamingui.api_settings")
    import django  # noqa: PLC0415 - deferred so that `import lamingui` stays cheap
    from django.apps import apps  # noqa: PLC0415

    started_here = not apps.ready
    if started_here:
        django.setup()
    _state["ready"] = True
    if started_here:
        from .instance import ensure_migrated  # noqa: PLC0415

        ensure_migrated()


def __getattr__(name: str) -> Any:
    value = _resolve(name)
    globals()[name] = value  # cache: later `ln.Record` is a plain attribute lookup
    return value


def _resolve(name: str) -> Any:
    if name in _REGISTRIES:
        _configure()
        return getattr(importlib.import_module("lamingui.models"), name)
    if name == "models":
        _configure()
        return importlib.import_module("lamingui.models")
    if name == "save":
        _configure()
        return importlib.import_module("lamingui.models._save").save
    if name == "Q":
        return importlib.import_module("django.db.models").Q
    if name == "errors":
        return importlib.import_module("lamingui.errors")
    if name == "settings":
        return importlib.import_module("lamingui.instance").settings
    if name == "setup":
        return importlib.import_module("lamingui.setup")
    if name in {"track", "finish"}:
        return getattr(importlib.import_module("lamingui.tracking"), name)
    if name == "curators":
        _configure()
        return importlib.import_module("lamingui.curators")
    if name == "DB":
        _configure()
        return importlib.import_module("lamingui.instances").DB
    raise AttributeError(f"module 'lamingui' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(globals()))
