"""The bionty registries (bio.md §2.2 to §2.6)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from ...models.fields import BigIntegerField, CharField, ForeignKey, TextField
from ...models.mixins import TracksRun, TracksUpdates
from .biorecord import BioRecord, HasOntologyId


def _artifacts(link: str, plural: str) -> models.ManyToManyField:
    return models.ManyToManyField(
        "lamingui.Artifact", through=f"bionty.{link}", related_name=plural
    )


def _records(link: str, plural: str) -> models.ManyToManyField:
    return models.ManyToManyField(
        "lamingui.Record",
        through=f"bionty.{link}",
        through_fields=("value", "record"),
        related_name=plural,
    )


def _schemas(link: str, plural: str) -> models.ManyToManyField:
    return models.ManyToManyField(
        "lamingui.Schema", through=f"bionty.{link}", related_name=plural
    )


class Organism(BioRecord, HasOntologyId, TracksRun, TracksUpdates):
    """An organism: ``name`` is the common name, ``ontology_id`` an NCBITaxon id.

    Examples:
        >>> bt.Organism.from_source(name="human").save()
    """

    scientific_name: str | None = CharField(
        max_length=255, unique=True, null=True, db_index=True
    )
    """Scientific name, e.g. ``Homo sapiens``."""
    artifacts = _artifacts("ArtifactOrganism", "organisms")
    """Artifacts annotated with this organism."""
    records = _records("RecordOrganism", "organisms")
    """Records with this organism as a feature value."""

    class Meta:
        app_label = "bionty"
        base_manager_name = "objects"
        unique_together = (("name", "ontology_id"),)


class Gene(BioRecord, TracksRun, TracksUpdates):
    """A gene of one organism (Ensembl id, symbol, NCBI ids).

    Examples:
        >>> bt.Gene.from_values(["TCF7"], field="symbol", organism="human")
    """

    _name_field: ClassVar[str] = "symbol"
    _ontology_id_field: ClassVar[str] = "ensembl_gene_id"

    symbol: str | None = CharField(max_length=64, null=True, db_index=True)
    """Gene symbol."""
    stable_id: str | None = CharField(
        max_length=255, unique=True, null=True, db_index=True
    )
    """Id of genes without an Ensembl id."""
    ensembl_gene_id: str | None = CharField(
        max_length=64, unique=True, null=True, db_index=True
    )
    """Ensembl gene id."""
    ncbi_gene_ids: str | None = TextField(null=True, db_index=True)
    """``|``-joined NCBI Gene ids."""
    biotype: str | None = CharField(max_length=64, null=True, db_index=True)
    """Biotype, e.g. ``protein_coding``."""
    organism = ForeignKey("bionty.Organism", models.PROTECT, related_name="genes")
    """Organism of the gene."""
    artifacts = _artifacts("ArtifactGene", "genes")
    """Artifacts annotated with this gene."""
    records = _records("RecordGene", "genes")
    """Records with this gene as a feature value."""
    schemas = _schemas("SchemaGene", "genes")
    """Schemas with this gene."""

    class Meta:
        app_label = "bionty"
        base_manager_name = "objects"


class Protein(BioRecord, TracksRun, TracksUpdates):
    """A protein (UniProtKB accession) of one organism."""

    _ontology_id_field: ClassVar[str] = "uniprotkb_id"

    name: str | None = CharField(max_length=255, null=True, db_index=True)
    """Name."""
    uniprotkb_id: str | None = CharField(
        max_length=10, unique=True, null=True, db_index=True
    )
    """UniProtKB accession."""
    length: int | None = BigIntegerField(null=True, db_index=True)
    """Length of the sequence."""
    gene_symbol: str | None = CharField(max_length=255, null=True, db_index=True)
    """Symbol of the encoding gene."""
    ensembl_gene_ids: str | None = TextField(null=True)
    """``|``-joined Ensembl ids of the encoding genes."""
    organism = ForeignKey("bionty.Organism", models.PROTECT, related_name="proteins")
    """Organism."""
    artifacts = _artifacts("ArtifactProtein", "proteins")
    """Artifacts annotated with this protein."""
    records = _records("RecordProtein", "proteins")
    """Records with this protein as a feature value."""
    schemas = _schemas("SchemaProtein", "proteins")
    """Schemas with this protein."""

    class Meta:
        app_label = "bionty"
        base_manager_name = "objects"


class CellMarker(BioRecord, TracksRun, TracksUpdates):
    """A cell marker (a gene or protein marking a cell type) of one organism."""

    _ontology_id_field: ClassVar[str] = "ontology_id"

    name: str = CharField(max_length=64, db_index=True)
    """Name."""
    gene_symbol: str | None = CharField(max_length=64, null=True, db_index=True)
    """Gene symbol."""
    ncbi_gene_id: str | None = CharField(max_length=32, null=True, db_index=True)
    """NCBI gene id."""
    uniprotkb_id: str | None = CharField(max_length=10, null=True, db_index=True)
    """UniProtKB accession."""
    organism = ForeignKey(
        "bionty.Organism", models.PROTECT, related_name="cell_markers"
    )
    """Organism."""
    artifacts = _artifacts("ArtifactCellMarker", "cell_markers")
    """Artifacts annotated with this marker."""
    records = _records("RecordCellMarker", "cell_markers")
    """Records with this marker as a feature value."""
    schemas = _schemas("SchemaCellMarker", "cell_markers")
    """Schemas with this marker."""

    class Meta:
        app_label = "bionty"
        base_manager_name = "objects"
        unique_together = (("name", "organism"),)


def _ontology_registry(name: str, plural: str, doc: str) -> type:
    """One of the nine ontology registries: no columns of its own."""
    attrs = {
        "__module__": __name__,
        "__doc__": doc,
        "__qualname__": name,
        "artifacts": _artifacts(f"Artifact{name}", plural),
        "records": _records(f"Record{name}", plural),
        "Meta": type(
            "Meta",
            (),
            {
                "app_label": "bionty",
                "base_manager_name": "objects",
                "unique_together": (("name", "ontology_id"),),
            },
        ),
    }
    return type(name, (BioRecord, HasOntologyId, TracksRun, TracksUpdates), attrs)


Tissue = _ontology_registry("Tissue", "tissues", "A tissue (Uberon).")
CellType = _ontology_registry("CellType", "cell_types", "A cell type (Cell Ontology).")
Disease = _ontology_registry("Disease", "diseases", "A disease (Mondo).")
CellLine = _ontology_registry("CellLine", "cell_lines", "A cell line (Cellosaurus).")
Phenotype = _ontology_registry("Phenotype", "phenotypes", "A phenotype (PATO).")
ExperimentalFactor = _ontology_registry(
    "ExperimentalFactor",
    "experimental_factors",
    "An experimental factor, e.g. an assay (EFO).",
)
DevelopmentalStage = _ontology_registry(
    "DevelopmentalStage",
    "developmental_stages",
    "A developmental stage (HsapDv, MmusDv).",
)
Ethnicity = _ontology_registry("Ethnicity", "ethnicities", "An ethnicity (HANCESTRO).")


class Pathway(BioRecord, HasOntologyId, TracksRun, TracksUpdates):
    """A pathway with its genes (no offline source)."""

    genes = models.ManyToManyField("bionty.Gene", related_name="pathways")
    """Genes of the pathway."""
    artifacts = _artifacts("ArtifactPathway", "pathways")
    """Artifacts annotated with this pathway."""
    records = _records("RecordPathway", "pathways")
    """Records with this pathway as a feature value."""
    schemas = _schemas("SchemaPathway", "pathways")
    """Schemas with this pathway."""

    class Meta:
        app_label = "bionty"
        base_manager_name = "objects"
        unique_together = (("name", "ontology_id"),)
