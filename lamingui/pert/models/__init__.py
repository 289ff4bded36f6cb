"""Models of ``lamingui.pert`` (app label ``pertdb``): re-exports only."""

from .. import _REGISTRIES as REGISTRIES
from .blocks import *  # noqa: F403 - the attached block models
from .compound import Compound
from .links import (
    SNAKE,
    ArtifactBiologic,
    ArtifactCombinationPerturbation,
    ArtifactCompound,
    ArtifactCompoundPerturbation,
    ArtifactEnvironmentalPerturbation,
    ArtifactGeneticPerturbation,
    ArtifactPerturbationTarget,
)
from .registries import (
    Biologic,
    CombinationPerturbation,
    CompoundPerturbation,
    EnvironmentalPerturbation,
    GeneticPerturbation,
    PerturbationTarget,
)

__all__ = [
    "REGISTRIES",
    "SNAKE",
    "ArtifactBiologic",
    "ArtifactCombinationPerturbation",
    "ArtifactCompound",
    "ArtifactCompoundPerturbation",
    "ArtifactEnvironmentalPerturbation",
    "ArtifactGeneticPerturbation",
    "ArtifactPerturbationTarget",
    "Biologic",
    "CombinationPerturbation",
    "Compound",
    "CompoundPerturbation",
    "EnvironmentalPerturbation",
    "GeneticPerturbation",
    "PerturbationTarget",
]
