"""Models of ``lamingui.bio`` (app label ``bionty``): re-exports only."""

from .. import _REGISTRIES
from .biorecord import BioRecord, HasOntologyId, HasSource
from .blocks import *  # noqa: F403 - the attached block models
from .links import *  # noqa: F403 - the link models
from .links import SNAKE
from .registries import (
    CellLine,
    CellMarker,
    CellType,
    DevelopmentalStage,
    Disease,
    Ethnicity,
    ExperimentalFactor,
    Gene,
    Organism,
    Pathway,
    Phenotype,
    Protein,
    Tissue,
)
from .source import Source

# the registries of the package, without ``Source``
REGISTRIES = tuple(name for name in _REGISTRIES if name != "Source")

__all__ = [
    "REGISTRIES",
    "SNAKE",
    "BioRecord",
    "CellLine",
    "CellMarker",
    "CellType",
    "DevelopmentalStage",
    "Disease",
    "Ethnicity",
    "ExperimentalFactor",
    "Gene",
    "HasOntologyId",
    "HasSource",
    "Organism",
    "Pathway",
    "Phenotype",
    "Protein",
    "Source",
    "Tissue",
]
