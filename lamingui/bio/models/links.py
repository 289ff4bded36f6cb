"""Link models of the bionty registries (bio.md §3).

``Artifact<Registry>`` annotates an artifact, ``Record<Registry>`` stores a
record's feature value and ``Schema<Registry>`` lists a schema's members. The
annotated side is ``CASCADE``, the registry side ``PROTECT``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import CASCADE, PROTECT

from ...models.base import BaseSQLRecord, IsLink
from ...models.fields import ForeignKey
from ...models.mixins import TracksRun

#: registry -> snake name (``links_<snake>`` on the host)
SNAKE = {
    "Organism": "organism",
    "Gene": "gene",
    "Protein": "protein",
    "CellMarker": "cell_marker",
    "Tissue": "tissue",
    "CellType": "cell_type",
    "Disease": "disease",
    "CellLine": "cell_line",
    "Phenotype": "phenotype",
    "Pathway": "pathway",
    "ExperimentalFactor": "experimental_factor",
    "DevelopmentalStage": "developmental_stage",
    "Ethnicity": "ethnicity",
}


def _meta(**attrs: object) -> type:
    return type(
        "Meta", (), {"app_label": "bionty", "base_manager_name": "objects", **attrs}
    )


def _artifact_link(registry: str) -> type:
    lower = registry.lower()
    attrs = {
        "__module__": __name__,
        "__qualname__": f"Artifact{registry}",
        "__doc__": f"Links an artifact to a {registry}, optionally under a feature.",
        "id": models.BigAutoField(primary_key=True),
        "artifact": ForeignKey(
            "lamingui.Artifact", CASCADE, related_name=f"links_{SNAKE[registry]}"
        ),
        lower: ForeignKey(f"bionty.{registry}", PROTECT, related_name="links_artifact"),
        "feature": ForeignKey(
            "lamingui.Feature",
            PROTECT,
            null=True,
            default=None,
            related_name=f"links_artifact{lower}",
        ),
        "Meta": _meta(unique_together=(("artifact", lower, "feature"),)),
    }
    return type(f"Artifact{registry}", (BaseSQLRecord, IsLink, TracksRun), attrs)


def _record_link(registry: str) -> type:
    lower = registry.lower()
    attrs = {
        "__module__": __name__,
        "__qualname__": f"Record{registry}",
        "__doc__": f"A record's feature value that is a {registry}.",
        "id": models.BigAutoField(primary_key=True),
        "record": ForeignKey(
            "lamingui.Record", CASCADE, related_name=f"values_{SNAKE[registry]}"
        ),
        "value": ForeignKey(f"bionty.{registry}", PROTECT, related_name="links_record"),
        "feature": ForeignKey(
            "lamingui.Feature",
            PROTECT,
            null=True,
            default=None,
            related_name=f"links_record{lower}",
        ),
        "Meta": _meta(unique_together=(("record", "value", "feature"),)),
    }
    return type(f"Record{registry}", (BaseSQLRecord, IsLink, TracksRun), attrs)


def _schema_link(registry: str) -> type:
    lower = registry.lower()
    attrs = {
        "__module__": __name__,
        "__qualname__": f"Schema{registry}",
        "__doc__": f"A {registry} member of a schema.",
        "id": models.BigAutoField(primary_key=True),
        "schema": ForeignKey("lamingui.Schema", CASCADE, related_name=f"links_{lower}"),
        lower: ForeignKey(f"bionty.{registry}", PROTECT, related_name="links_schema"),
        "Meta": _meta(unique_together=(("schema", lower),)),
    }
    return type(f"Schema{registry}", (BaseSQLRecord, IsLink), attrs)


ArtifactOrganism = _artifact_link("Organism")
ArtifactGene = _artifact_link("Gene")
ArtifactProtein = _artifact_link("Protein")
ArtifactCellMarker = _artifact_link("CellMarker")
ArtifactTissue = _artifact_link("Tissue")
ArtifactCellType = _artifact_link("CellType")
ArtifactDisease = _artifact_link("Disease")
ArtifactCellLine = _artifact_link("CellLine")
ArtifactPhenotype = _artifact_link("Phenotype")
ArtifactPathway = _artifact_link("Pathway")
ArtifactExperimentalFactor = _artifact_link("ExperimentalFactor")
ArtifactDevelopmentalStage = _artifact_link("DevelopmentalStage")
ArtifactEthnicity = _artifact_link("Ethnicity")

RecordOrganism = _record_link("Organism")
RecordGene = _record_link("Gene")
RecordProtein = _record_link("Protein")
RecordCellMarker = _record_link("CellMarker")
RecordTissue = _record_link("Tissue")
RecordCellType = _record_link("CellType")
RecordDisease = _record_link("Disease")
RecordCellLine = _record_link("CellLine")
RecordPhenotype = _record_link("Phenotype")
RecordPathway = _record_link("Pathway")
RecordExperimentalFactor = _record_link("ExperimentalFactor")
RecordDevelopmentalStage = _record_link("DevelopmentalStage")
RecordEthnicity = _record_link("Ethnicity")

SchemaGene = _schema_link("Gene")
SchemaProtein = _schema_link("Protein")
SchemaCellMarker = _schema_link("CellMarker")
SchemaPathway = _schema_link("Pathway")
