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

from .._lazy import lazy_module

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
#: attached block models: notes on a registry row (``pt.CompoundBlock``)
_BLOCKS = tuple(f"{name}Block" for name in _REGISTRIES)
__all__ = sorted(_REGISTRIES + _BLOCKS + _TYPES)

__getattr__, __dir__ = lazy_module(
    globals(),
    registries=_REGISTRIES + _BLOCKS,
    models="lamingui.pert.models",
    others={
        name: lambda name=name: getattr(
            importlib.import_module("lamingui.pert.types"), name
        )
        for name in _TYPES
    },
)
