"""Artifact link models of the pertdb registries (bio.md §4.3).

``Artifact<Registry>`` annotates an artifact with a registry row, optionally
under a feature. Unlike the bionty links they have no unique constraint.
"""

from __future__ import annotations

from django.db import models

from ...bio._link_factory import feature_link_fields, link_model
from ._fields import meta

#: registry -> snake name (``links_<snake>`` on Artifact)
SNAKE = {
    "Compound": "compound",
    "PerturbationTarget": "perturbation_target",
    "GeneticPerturbation": "genetic_perturbation",
    "Biologic": "biologic",
    "CompoundPerturbation": "compound_perturbation",
    "EnvironmentalPerturbation": "environmental_perturbation",
    "CombinationPerturbation": "combination_perturbation",
}

#: pertdb's index names on two of the links
_INDEXES = {
    "PerturbationTarget": "wetlab_arti_artifac_2674c5_idx",
    "GeneticPerturbation": "wetlab_arti_artifac_8731fa_idx",
}


def _artifact_link(registry: str) -> type:
    lower = registry.lower()
    extra: dict[str, object] = {}
    if registry in _INDEXES:
        extra["indexes"] = [
            models.Index(fields=["artifact", lower], name=_INDEXES[registry])
        ]
    return link_model(
        f"Artifact{registry}",
        __name__,
        f"Links an artifact to a {registry}, optionally under a feature.",
        feature_link_fields(
            "Artifact", f"links_{SNAKE[registry]}", f"pertdb.{registry}", lower
        ),
        meta(f"artifact{lower}", **extra),
    )


ArtifactCompound = _artifact_link("Compound")
ArtifactPerturbationTarget = _artifact_link("PerturbationTarget")
ArtifactGeneticPerturbation = _artifact_link("GeneticPerturbation")
ArtifactBiologic = _artifact_link("Biologic")
ArtifactCompoundPerturbation = _artifact_link("CompoundPerturbation")
ArtifactEnvironmentalPerturbation = _artifact_link("EnvironmentalPerturbation")
ArtifactCombinationPerturbation = _artifact_link("CombinationPerturbation")
