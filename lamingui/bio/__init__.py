"""Biology registries (``import lamingui.bio as bt``), app label ``bionty``.

Ontology-backed registries (CellType, Tissue, Disease, …), genes and organisms,
with offline public sources. Importing the package is cheap; the first use of a
registry configures Django like ``import lamingui as ln`` and migrates the
instance if the ``bionty`` tables are missing.

Examples:
    >>> import lamingui.bio as bt
    >>> t_cell = bt.CellType.from_source(name="T cell").save()
    >>> bt.CellType.from_values(["B cell", "hepatocyte"]).save()
"""

from __future__ import annotations

import importlib
from typing import Any

_REGISTRIES = (
    "CellLine",
    "CellMarker",
    "CellType",
    "DevelopmentalStage",
    "Disease",
    "Ethnicity",
    "ExperimentalFactor",
    "Gene",
    "Organism",
    "Pathway",
    "Phenotype",
    "Protein",
    "Source",
    "Tissue",
)
_OTHERS = ("OrganismNotSet", "SourceNotAvailable", "base", "core", "settings", "uids")
__all__ = sorted(_REGISTRIES + _OTHERS)

_state = {"ready": False}


def _configure() -> None:
    """Configure Django (via ``lamingui``) and create missing bionty tables."""
    if _state["ready"]:
        return
    import lamingui  # noqa: PLC0415 - deferred: importing lamingui.bio stays cheap

    lamingui._configure()
    from .core.migrate import ensure_migrated  # noqa: PLC0415 - needs Django

    ensure_migrated()
    _state["ready"] = True


def __getattr__(name: str) -> Any:
    value = _resolve(name)
    globals()[name] = value
    return value


def _resolve(name: str) -> Any:
    if name in _REGISTRIES:
        _configure()
        return getattr(importlib.import_module("lamingui.bio.models"), name)
    if name in {"OrganismNotSet", "SourceNotAvailable"}:
        return getattr(importlib.import_module("lamingui.bio.errors"), name)
    if name == "uids":
        return importlib.import_module("lamingui.bio.uids")
    if name in {"base", "core", "settings"}:
        _configure()
        module = importlib.import_module(f"lamingui.bio.{name}")
        return module.settings if name == "settings" else module
    raise AttributeError(f"module 'lamingui.bio' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(globals()))
