"""Attached block models of the pertdb registries: notes on one row.

``pt.CompoundBlock(compound=aspirin, content="# Aspirin", kind="readme")``
versions the readme of ``aspirin``; ``aspirin.notes`` reads its latest content.
Tables keep pertdb's ``wetlab_`` prefix.
"""

from __future__ import annotations

from ...bio._block_factory import block_model

__all__ = [
    "BiologicBlock",
    "CombinationPerturbationBlock",
    "CompoundBlock",
    "CompoundPerturbationBlock",
    "EnvironmentalPerturbationBlock",
    "GeneticPerturbationBlock",
    "PerturbationTargetBlock",
]


def _block(registry: str) -> type:
    return block_model("pertdb", registry, __name__, f"wetlab_{registry.lower()}block")


BiologicBlock = _block("Biologic")
CombinationPerturbationBlock = _block("CombinationPerturbation")
CompoundBlock = _block("Compound")
CompoundPerturbationBlock = _block("CompoundPerturbation")
EnvironmentalPerturbationBlock = _block("EnvironmentalPerturbation")
GeneticPerturbationBlock = _block("GeneticPerturbation")
PerturbationTargetBlock = _block("PerturbationTarget")
