"""Perturbation registries (``import lamingui.pert as pt``), app label ``pertdb``.

Compounds (CHEBI-backed, with SMILES normalisation via the optional RDKit),
perturbation targets, genetic, compound, environmental, biologic and
combination perturbations. Importing the package is cheap; the first use of a
registry configures Django like ``import lamingui as ln`` and creates the
``pertdb`` tables of an instance that lacks them.

Examples:
    >>> import lamingui.pert as pt
    >>> aspirin = pt.Compound.from_source(ontology_id="CHEBI:15365").save()
    >>> pt.Biologic(name="IFNG", type="cytokine").save()
"""

from __future__ import annotations

import importlib
from typing import Any

_REGISTRIES = (
    "Biologic",
    "CombinationPerturbation",
    "Compound",
    "CompoundPerturbation",
    "EnvironmentalPerturbation",
    "GeneticPerturbation",
    "PerturbationTarget",
)
_TYPES = ("BiologicType", "GeneticPerturbationSystem")
__all__ = sorted(_REGISTRIES + _TYPES)

_state = {"ready": False}


def _configure() -> None:
    """Configure Django (via ``lamingui``) and create missing pertdb tables."""
    if _state["ready"]:
        return
    import lamingui  # noqa: PLC0415 - deferred: importing lamingui.pert stays cheap

    lamingui._configure()
    from ..bio.core.migrate import ensure_migrated  # noqa: PLC0415 - needs Django

    ensure_migrated()
    _state["ready"] = True


def __getattr__(name: str) -> Any:
    value = _resolve(name)
    globals()[name] = value
    return value


def _resolve(name: str) -> Any:
    if name in _REGISTRIES:
        _configure()
        return getattr(importlib.import_module("lamingui.pert.models"), name)
    if name in _TYPES:
        return getattr(importlib.import_module("lamingui.pert.types"), name)
    raise AttributeError(f"module 'lamingui.pert' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(globals()))
