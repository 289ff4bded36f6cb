"""The pertdb registries other than ``Compound`` (bio.md §4.1, §4.2, §4.4)."""

from __future__ import annotations

from typing import Any

from django.db import models

from ...bio.models import BioRecord
from ...errors import FieldValidationError
from ...models.fields import CharField, FloatField, ForeignKey
from ...models.mixins import TracksRun, TracksUpdates
from ...models.querysets import SQLRecordList
from ._fields import artifacts, meta, targets


class PerturbationTarget(BioRecord, TracksRun, TracksUpdates):
    """What a perturbation acts on: genes, pathways and proteins.

    Examples:
        >>> target = pt.PerturbationTarget(name="BCL2").save()
        >>> target.genes.add(bt.Gene.get(symbol="BCL2"))
    """

    name: str = CharField(max_length=255, db_index=True)
    """Name of the target."""
    genes = models.ManyToManyField("bionty.Gene", related_name="perturbation_targets")
    """Target genes."""
    pathways = models.ManyToManyField(
        "bionty.Pathway", related_name="perturbation_targets"
    )
    """Target pathways."""
    proteins = models.ManyToManyField(
        "bionty.Protein", related_name="perturbation_targets"
    )
    """Target proteins."""
    artifacts = artifacts("ArtifactPerturbationTarget", "perturbation_targets")
    """Artifacts annotated with this target."""

    Meta = meta("perturbationtarget")


class GeneticPerturbation(BioRecord, TracksRun, TracksUpdates):
    """A genetic perturbation (guide RNA, shRNA, overexpression …).

    ``type`` holds the system (``GeneticPerturbationSystem``, not enforced).

    Examples:
        >>> pt.GeneticPerturbation(name="sgTP53", type="CRISPR-Cas9",
        ...                        sequence="GAGCGCTGCTCAGATAGCGA").save()
    """

    name: str = CharField(max_length=255, db_index=True)
    """Name of the perturbation."""
    type = models.CharField(max_length=32, null=True, db_index=True)
    """System, e.g. ``CRISPR-Cas9`` (see ``GeneticPerturbationSystem``)."""
    sequence = models.TextField(null=True, db_index=True)
    """Sequence, e.g. of a guide RNA."""
    on_target_score: float | None = FloatField(null=True, db_index=True)
    """On-target score."""
    off_target_score: float | None = FloatField(null=True, db_index=True)
    """Off-target score."""
    targets = targets("genetic_perturbations")
    """Perturbation targets."""
    artifacts = artifacts("ArtifactGeneticPerturbation", "genetic_perturbations")
    """Artifacts annotated with this perturbation."""

    Meta = meta("geneticperturbation")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "system" in kwargs:
            raise FieldValidationError(
                "'system' is not a valid keyword argument for GeneticPerturbation: "
                "the perturbation system is stored in `type`, e.g. "
                "GeneticPerturbation(name=..., type='CRISPR-Cas9')"
            )
        super().__init__(*args, **kwargs)


class Biologic(BioRecord, TracksRun, TracksUpdates):
    """A biologic perturbation (cytokine, antibody, …); ``type`` is required.

    Examples:
        >>> pt.Biologic(name="IFNG", type="cytokine").save()
    """

    name: str = CharField(max_length=255, db_index=True)
    """Name of the biologic."""
    type: str = CharField(max_length=32, db_index=True)
    """Kind, e.g. ``cytokine`` (see ``BiologicType``)."""
    proteins = models.ManyToManyField("bionty.Protein", related_name="biologics")
    """Proteins the biologic consists of."""
    targets = targets("biologics")
    """Perturbation targets."""
    artifacts = artifacts("ArtifactBiologic", "biologics")
    """Artifacts annotated with this biologic."""

    Meta = meta("biologic")


class CompoundPerturbation(BioRecord, TracksRun, TracksUpdates):
    """A treatment with a compound at a concentration for a duration.

    Examples:
        >>> pt.CompoundPerturbation(name="aspirin 10uM", compound=aspirin,
        ...                         concentration=10, concentration_unit="uM").save()
    """

    name: str = CharField(max_length=255, db_index=True)
    """Name of the perturbation."""
    concentration: float | None = FloatField(null=True)
    """Concentration."""
    concentration_unit: str | None = CharField(max_length=32, null=True)
    """Unit of the concentration."""
    duration = models.DurationField(null=True, blank=True, default=None)
    """Duration of the treatment."""
    compound = ForeignKey("pertdb.Compound", models.PROTECT, null=True, default=None)
    """The compound (reverse: ``compound.compoundperturbation_set``)."""
    artifacts = artifacts("ArtifactCompoundPerturbation", "compound_perturbations")
    """Artifacts annotated with this perturbation."""

    Meta = meta("compoundperturbation")


class EnvironmentalPerturbation(BioRecord, TracksRun, TracksUpdates):
    """An environmental perturbation (heat, hypoxia, …), optionally an EFO term.

    Examples:
        >>> pt.EnvironmentalPerturbation(name="heat shock", value=42, unit="°C").save()
    """

    name: str = CharField(max_length=255, db_index=True)
    """Name of the perturbation."""
    ontology_id: str | None = CharField(max_length=32, null=True, db_index=True)
    """EFO id."""
    value: float | None = FloatField(null=True)
    """Amount."""
    unit: str | None = CharField(max_length=32, null=True)
    """Unit of the amount."""
    duration = models.DurationField(null=True, blank=True, default=None)
    """Duration."""
    targets = targets("environmental_perturbations")
    """Perturbation targets."""
    artifacts = artifacts(
        "ArtifactEnvironmentalPerturbation", "environmental_perturbations"
    )
    """Artifacts annotated with this perturbation."""

    Meta = meta("environmentalperturbation")


class CombinationPerturbation(BioRecord, TracksRun, TracksUpdates):
    """Several perturbations applied together.

    Examples:
        >>> combo = pt.CombinationPerturbation(name="sgTP53 + aspirin").save()
        >>> combo.genetic_perturbations.add(sg_tp53)
        >>> combo.members
    """

    name: str = CharField(max_length=255, db_index=True)
    """Name of the combination."""
    genetic_perturbations = models.ManyToManyField(
        "pertdb.GeneticPerturbation", related_name="combination_perturbations"
    )
    """Genetic members."""
    compound_perturbations = models.ManyToManyField(
        "pertdb.CompoundPerturbation", related_name="combination_perturbations"
    )
    """Compound members."""
    environmental_perturbations = models.ManyToManyField(
        "pertdb.EnvironmentalPerturbation", related_name="combination_perturbations"
    )
    """Environmental members."""
    artifacts = artifacts(
        "ArtifactCombinationPerturbation", "combination_perturbations"
    )
    """Artifacts annotated with this combination."""

    Meta = meta("combinationperturbation")

    @property
    def members(self) -> SQLRecordList:
        """Genetic, then compound, then environmental members, each by id."""
        if self._state.adding or self.pk is None:
            return SQLRecordList([])
        return SQLRecordList(
            [
                *self.genetic_perturbations.order_by("id"),
                *self.compound_perturbations.order_by("id"),
                *self.environmental_perturbations.order_by("id"),
            ]
        )
