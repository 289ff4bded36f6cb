"""Attached block models of the bionty registries: notes on one row.

``bt.CellTypeBlock(celltype=t_cell, content="# T cells", kind="readme")``
versions the readme of ``t_cell``; ``t_cell.notes`` reads its latest content.
"""

from __future__ import annotations

from .._block_factory import block_model

__all__ = [
    "CellLineBlock",
    "CellMarkerBlock",
    "CellTypeBlock",
    "DevelopmentalStageBlock",
    "DiseaseBlock",
    "EthnicityBlock",
    "ExperimentalFactorBlock",
    "GeneBlock",
    "OrganismBlock",
    "PathwayBlock",
    "PhenotypeBlock",
    "ProteinBlock",
    "TissueBlock",
]


def _block(registry: str) -> type:
    return block_model("bionty", registry, __name__, f"bionty_{registry.lower()}block")


CellLineBlock = _block("CellLine")
CellMarkerBlock = _block("CellMarker")
CellTypeBlock = _block("CellType")
DevelopmentalStageBlock = _block("DevelopmentalStage")
DiseaseBlock = _block("Disease")
EthnicityBlock = _block("Ethnicity")
ExperimentalFactorBlock = _block("ExperimentalFactor")
GeneBlock = _block("Gene")
OrganismBlock = _block("Organism")
PathwayBlock = _block("Pathway")
PhenotypeBlock = _block("Phenotype")
ProteinBlock = _block("Protein")
TissueBlock = _block("Tissue")
