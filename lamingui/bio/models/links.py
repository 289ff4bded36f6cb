"""Link models of the bionty registries (bio.md §3).

``Artifact<Registry>`` annotates an artifact, ``Record<Registry>`` stores a
record's feature value and ``Schema<Registry>`` lists a schema's members. The
annotated side is ``CASCADE``, the registry side ``PROTECT``.
"""

from __future__ import annotations

from .._link_factory import feature_link_fields, link_model, member_link_fields

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
    return link_model(
        f"Artifact{registry}",
        __name__,
        f"Links an artifact to a {registry}, optionally under a feature.",
        feature_link_fields(
            "Artifact", f"links_{SNAKE[registry]}", f"bionty.{registry}", lower
        ),
        _meta(unique_together=(("artifact", lower, "feature"),)),
    )


def _record_link(registry: str) -> type:
    return link_model(
        f"Record{registry}",
        __name__,
        f"A record's feature value that is a {registry}.",
        feature_link_fields(
            "Record", f"values_{SNAKE[registry]}", f"bionty.{registry}", "value"
        ),
        _meta(unique_together=(("record", "value", "feature"),)),
    )


def _schema_link(registry: str) -> type:
    lower = registry.lower()
    return link_model(
        f"Schema{registry}",
        __name__,
        f"A {registry} member of a schema.",
        member_link_fields("Schema", f"links_{lower}", f"bionty.{registry}"),
        _meta(unique_together=(("schema", lower),)),
        tracked=False,
    )


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
