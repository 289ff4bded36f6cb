"""Biology registries (``import lamingui.bio as bt``), app label ``bionty``.

Ontology-backed registries (CellType, Tissue, Disease, …), genes and organisms,
with offline public sources. Importing the package is cheap; the first use of a
registry configures Django like ``import lamingui as ln`` and migrates the
instance if the ``bionty`` tables are missing.

Examples:
    >>> import lamingui.bio as bt
    >>> t_cell = bt.CellType.from_source(name="T cell").save()
    >>> bt.CellType.from_values(["B cell", "hepatocyte"]).save()
    >>> bt.CellTypeBlock(celltype=t_cell, content="# T cells", kind="readme").save()
    >>> t_cell.notes
    '# T cells'
"""

from __future__ import annotations

import importlib
from typing import Any

from .._lazy import configure as _configure
from .._lazy import lazy_module

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
#: attached block models: notes on a registry row (``bt.CellTypeBlock``)
_BLOCKS = tuple(f"{name}Block" for name in _REGISTRIES if name != "Source")
_OTHERS = ("OrganismNotSet", "SourceNotAvailable", "base", "core", "settings", "uids")
__all__ = sorted(_REGISTRIES + _BLOCKS + _OTHERS)


def _module(name: str, attribute: str | None = None) -> Any:
    module = importlib.import_module(f"lamingui.bio.{name}")
    return module if attribute is None else getattr(module, attribute)


def _configured(name: str, attribute: str | None = None) -> Any:
    _configure()
    return _module(name, attribute)


__getattr__, __dir__ = lazy_module(
    globals(),
    registries=_REGISTRIES + _BLOCKS,
    models="lamingui.bio.models",
    others={
        "OrganismNotSet": lambda: _module("errors", "OrganismNotSet"),
        "SourceNotAvailable": lambda: _module("errors", "SourceNotAvailable"),
        "uids": lambda: _module("uids"),
        "base": lambda: _configured("base"),
        "core": lambda: _configured("core"),
        "settings": lambda: _configured("settings", "settings"),
    },
)
