"""Intended values of ``Biologic.type`` and ``GeneticPerturbation.type`` (bio.md §4.1).

They document the vocabulary; the columns do not enforce it.
"""

from __future__ import annotations

from typing import Literal

GeneticPerturbationSystem = Literal[
    "control",
    "CRISPR-Cas9",
    "CRISPR-Cas13",
    "CRISPRi",
    "CRISPRa",
    "overexpression",
    "mutant overexpression",
    "shRNA",
    "siRNA",
    "transgene",
    "transient-transfection",
]
"""How a genetic perturbation was made."""

BiologicType = Literal[
    "control",
    "protein",
    "peptide",
    "antibody",
    "enzyme",
    "growth-factor",
    "cytokine",
    "hormone",
    "vaccine",
    "oligonucleotide",
    "co-culture",
    "ligand",
]
"""Kind of a biologic perturbation."""

__all__ = ["BiologicType", "GeneticPerturbationSystem"]
