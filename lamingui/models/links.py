"""Link models (models.md §4): the through tables of the registries' M2M fields.

``XY`` annotates X with Y, optionally under a feature; ``RecordX`` stores the
values of a record's features. The owning (annotated) side is ``CASCADE``, the
other side ``PROTECT``, so a label or value cannot be deleted while in use.
Models are grouped by their left-hand registry; row order is insertion order.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import CASCADE, PROTECT, Q

from .. import context
from .base import BaseSQLRecord, IsLink
from .fields import BooleanField, CharField, ForeignKey, JSONField, created_at_field
from .mixins import TracksRun

__all__ = [
    "ArtifactArtifact",
    "ArtifactJsonValue",
    "ArtifactProject",
    "ArtifactRecord",
    "ArtifactReference",
    "ArtifactRun",
    "ArtifactSchema",
    "ArtifactULabel",
    "ArtifactUser",
    "BlockProject",
    "BranchProject",
    "BranchULabel",
    "BranchUser",
    "CollectionArtifact",
    "CollectionProject",
    "CollectionRecord",
    "CollectionReference",
    "CollectionULabel",
    "FeatureProject",
    "ProjectRecord",
    "ProjectUser",
    "RecordArtifact",
    "RecordCollection",
    "RecordJson",
    "RecordProject",
    "RecordRecord",
    "RecordReference",
    "RecordRun",
    "RecordTransform",
    "RecordULabel",
    "RecordUser",
    "ReferenceRecord",
    "RunArtifact",
    "RunJsonValue",
    "RunProject",
    "RunRecord",
    "RunULabel",
    "SchemaComponent",
    "SchemaFeature",
    "SchemaProject",
    "TransformProject",
    "TransformRecord",
    "TransformReference",
    "TransformTransform",
    "TransformULabel",
    "ULabelProject",
]


def _feature(model_name: str, *, null: bool = True) -> models.ForeignKey:
    """The ``feature`` column: nullable on annotations, required on record values."""
    return ForeignKey(
        "lamingui.Feature",
        PROTECT,
        null=null,
        default=None,
        related_name=f"links_{model_name}",
    )


def _pair_constraints(model_name: str, a: str, b: str) -> list[models.BaseConstraint]:
    """``P(a, b)``: a pair is linked at most once per feature and once without one."""
    return [
        models.UniqueConstraint(
            fields=[a, b, "feature"],
            condition=Q(feature__isnull=False),
            name=f"unique_{model_name}",
        ),
        models.UniqueConstraint(
            fields=[a, b],
            condition=Q(feature__isnull=True),
            name=f"unique_{model_name}_null_feature",
        ),
    ]


# -- Artifact -----------------------------------------------------------------


class ArtifactArtifact(BaseSQLRecord, IsLink, TracksRun):
    """Links an artifact to another artifact, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_artifact")
    """The annotated artifact."""
    value = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_value")
    """The artifact it is linked to."""
    feature = _feature("artifactartifact")

    class Meta:
        db_table = "lamindb_artifactartifact"
        base_manager_name = "objects"
        constraints = _pair_constraints("artifactartifact", "artifact", "value")


class ArtifactJsonValue(BaseSQLRecord, IsLink, TracksRun):
    """Links an artifact to a JSON value (the value carries its feature)."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_jsonvalue")
    jsonvalue = ForeignKey("lamingui.JsonValue", PROTECT, related_name="links_artifact")

    class Meta:
        db_table = "lamindb_artifactjsonvalue"
        base_manager_name = "objects"
        unique_together = ("artifact", "jsonvalue")


class ArtifactProject(BaseSQLRecord, IsLink, TracksRun):
    """Links an artifact to a project, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_project")
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_artifact")
    feature = _feature("artifactproject")

    class Meta:
        db_table = "lamindb_artifactproject"
        base_manager_name = "objects"
        constraints = _pair_constraints("artifactproject", "artifact", "project")


class ArtifactRecord(BaseSQLRecord, IsLink, TracksRun):
    """Links an artifact to a record, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_record")
    record = ForeignKey("lamingui.Record", PROTECT, related_name="links_artifact")
    feature = _feature("artifactrecord")

    class Meta:
        db_table = "lamindb_artifactrecord"
        base_manager_name = "objects"
        constraints = _pair_constraints("artifactrecord", "artifact", "record")


class ArtifactReference(BaseSQLRecord, IsLink, TracksRun):
    """Links an artifact to a reference, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_reference")
    reference = ForeignKey("lamingui.Reference", PROTECT, related_name="links_artifact")
    feature = _feature("artifactreference")

    class Meta:
        db_table = "lamindb_artifactreference"
        base_manager_name = "objects"
        constraints = _pair_constraints("artifactreference", "artifact", "reference")


class ArtifactRun(BaseSQLRecord, IsLink):
    """Links an artifact to a run, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_run")
    run = ForeignKey("lamingui.Run", CASCADE, related_name="links_artifact")
    feature = _feature("artifactrun")
    created_at = created_at_field()
    created_by = ForeignKey(
        "lamingui.User", PROTECT, default=context.current_user_id, related_name="+"
    )

    class Meta:
        db_table = "lamindb_artifactrun"
        base_manager_name = "objects"
        constraints = _pair_constraints("artifactrun", "artifact", "run")


class ArtifactSchema(BaseSQLRecord, IsLink, TracksRun):
    """Links an artifact to a schema it was validated against, one per slot."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="_links_schema")
    schema = ForeignKey("lamingui.Schema", PROTECT, related_name="_links_artifact")
    slot: str | None = CharField(max_length=255, null=True)
    """Slot of the artifact the schema describes, e.g. ``"obs"`` or ``"var"``."""
    feature_ref_is_semantic: bool | None = BooleanField(null=True)
    """Whether features were referenced by a semantic name rather than a uid."""

    class Meta:
        db_table = "lamindb_artifactschema"
        base_manager_name = "objects"
        unique_together = (("artifact", "slot"), ("artifact", "slot", "schema"))


class ArtifactULabel(BaseSQLRecord, IsLink, TracksRun):
    """Links an artifact to a ulabel, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_ulabel")
    ulabel = ForeignKey("lamingui.ULabel", PROTECT, related_name="links_artifact")
    feature = _feature("artifactulabel")

    class Meta:
        db_table = "lamindb_artifactulabel"
        base_manager_name = "objects"
        constraints = _pair_constraints("artifactulabel", "artifact", "ulabel")


class ArtifactUser(BaseSQLRecord, IsLink, TracksRun):
    """Links an artifact to a user, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    artifact = ForeignKey("lamingui.Artifact", CASCADE, related_name="links_user")
    user = ForeignKey("lamingui.User", PROTECT, related_name="links_artifact")
    feature = _feature("artifactuser")

    class Meta:
        db_table = "lamindb_artifactuser"
        base_manager_name = "objects"
        constraints = _pair_constraints("artifactuser", "artifact", "user")


# -- Collection ---------------------------------------------------------------


class CollectionArtifact(BaseSQLRecord, IsLink, TracksRun):
    """Links a collection to a member artifact; the link id keeps their order."""

    id = models.BigAutoField(primary_key=True)
    collection = ForeignKey(
        "lamingui.Collection", CASCADE, related_name="links_artifact"
    )
    artifact = ForeignKey("lamingui.Artifact", PROTECT, related_name="links_collection")

    class Meta:
        db_table = "lamindb_collectionartifact"
        base_manager_name = "objects"
        unique_together = ("collection", "artifact")


class CollectionProject(BaseSQLRecord, IsLink, TracksRun):
    """Links a collection to a project."""

    id = models.BigAutoField(primary_key=True)
    collection = ForeignKey(
        "lamingui.Collection", CASCADE, related_name="links_project"
    )
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_collection")

    class Meta:
        db_table = "lamindb_collectionproject"
        base_manager_name = "objects"
        unique_together = ("collection", "project")


class CollectionReference(BaseSQLRecord, IsLink, TracksRun):
    """Links a collection to a reference."""

    id = models.BigAutoField(primary_key=True)
    collection = ForeignKey(
        "lamingui.Collection", CASCADE, related_name="links_reference"
    )
    reference = ForeignKey(
        "lamingui.Reference", PROTECT, related_name="links_collection"
    )

    class Meta:
        db_table = "lamindb_collectionreference"
        base_manager_name = "objects"
        unique_together = ("collection", "reference")


class CollectionULabel(BaseSQLRecord, IsLink, TracksRun):
    """Links a collection to a ulabel, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    collection = ForeignKey("lamingui.Collection", CASCADE, related_name="links_ulabel")
    ulabel = ForeignKey("lamingui.ULabel", PROTECT, related_name="links_collection")
    # lamindb: the feature is not part of this link's unique key
    feature = _feature("collectionulabel")

    class Meta:
        db_table = "lamindb_collectionulabel"
        base_manager_name = "objects"
        unique_together = ("collection", "ulabel")


class CollectionRecord(BaseSQLRecord, IsLink, TracksRun):
    """Links a collection to a record, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    collection = ForeignKey("lamingui.Collection", CASCADE, related_name="links_record")
    record = ForeignKey("lamingui.Record", PROTECT, related_name="links_collection")
    feature = _feature("collectionrecord")

    class Meta:
        db_table = "lamindb_collectionrecord"
        base_manager_name = "objects"
        constraints = _pair_constraints("collectionrecord", "collection", "record")


# -- Run (created_at and created_by only, no run column) ----------------------


class RunJsonValue(BaseSQLRecord, IsLink):
    """Links a run to a JSON value, e.g. a parameter value."""

    id = models.BigAutoField(primary_key=True)
    run = ForeignKey("lamingui.Run", CASCADE, related_name="links_jsonvalue")
    jsonvalue = ForeignKey("lamingui.JsonValue", PROTECT, related_name="links_run")
    created_at = created_at_field()
    created_by = ForeignKey(
        "lamingui.User", PROTECT, default=context.current_user_id, related_name="+"
    )

    class Meta:
        db_table = "lamindb_runjsonvalue"
        base_manager_name = "objects"
        unique_together = ("run", "jsonvalue")


class RunProject(BaseSQLRecord, IsLink):
    """Links a run to a project."""

    id = models.BigAutoField(primary_key=True)
    run = ForeignKey("lamingui.Run", CASCADE, related_name="links_project")
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_run")
    created_at = created_at_field()
    created_by = ForeignKey(
        "lamingui.User", PROTECT, default=context.current_user_id, related_name="+"
    )

    class Meta:
        db_table = "lamindb_runproject"
        base_manager_name = "objects"
        unique_together = ("run", "project")


class RunULabel(BaseSQLRecord, IsLink):
    """Links a run to a ulabel."""

    id = models.BigAutoField(primary_key=True)
    run = ForeignKey("lamingui.Run", CASCADE, related_name="links_ulabel")
    ulabel = ForeignKey("lamingui.ULabel", PROTECT, related_name="links_run")
    created_at = created_at_field()
    created_by = ForeignKey(
        "lamingui.User", PROTECT, default=context.current_user_id, related_name="+"
    )

    class Meta:
        db_table = "lamindb_runulabel"
        base_manager_name = "objects"
        unique_together = ("run", "ulabel")


class RunRecord(BaseSQLRecord, IsLink):
    """Links a run to a record, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    run = ForeignKey("lamingui.Run", CASCADE, related_name="links_record")
    record = ForeignKey("lamingui.Record", PROTECT, related_name="links_run")
    feature = _feature("runrecord")
    created_at = created_at_field()
    created_by = ForeignKey(
        "lamingui.User", PROTECT, default=context.current_user_id, related_name="+"
    )

    class Meta:
        db_table = "lamindb_runrecord"
        base_manager_name = "objects"
        constraints = _pair_constraints("runrecord", "run", "record")


class RunArtifact(BaseSQLRecord, IsLink):
    """Links a run to an artifact, e.g. the value of a run's feature."""

    id = models.BigAutoField(primary_key=True)
    run = ForeignKey("lamingui.Run", CASCADE, related_name="values_artifact")
    artifact = ForeignKey("lamingui.Artifact", PROTECT, related_name="links_in_run")
    feature = _feature("runartifact")

    class Meta:
        db_table = "lamindb_runartifact"
        base_manager_name = "objects"
        constraints = _pair_constraints("runartifact", "run", "artifact")


# -- Transform ----------------------------------------------------------------


class TransformProject(BaseSQLRecord, IsLink, TracksRun):
    """Links a transform to a project."""

    id = models.BigAutoField(primary_key=True)
    transform = ForeignKey("lamingui.Transform", CASCADE, related_name="links_project")
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_transform")

    class Meta:
        db_table = "lamindb_transformproject"
        base_manager_name = "objects"
        unique_together = ("transform", "project")


class TransformReference(BaseSQLRecord, IsLink, TracksRun):
    """Links a transform to a reference."""

    id = models.BigAutoField(primary_key=True)
    transform = ForeignKey(
        "lamingui.Transform", CASCADE, related_name="links_reference"
    )
    reference = ForeignKey(
        "lamingui.Reference", PROTECT, related_name="links_transform"
    )

    class Meta:
        db_table = "lamindb_transformreference"
        base_manager_name = "objects"
        unique_together = ("transform", "reference")


class TransformULabel(BaseSQLRecord, IsLink, TracksRun):
    """Links a transform to a ulabel."""

    id = models.BigAutoField(primary_key=True)
    transform = ForeignKey("lamingui.Transform", CASCADE, related_name="links_ulabel")
    ulabel = ForeignKey("lamingui.ULabel", PROTECT, related_name="links_transform")

    class Meta:
        db_table = "lamindb_transformulabel"
        base_manager_name = "objects"
        unique_together = ("transform", "ulabel")


class TransformTransform(BaseSQLRecord, IsLink, TracksRun):
    """Links a transform to a predecessor transform (a pipeline step before it)."""

    id = models.BigAutoField(primary_key=True)
    successor = ForeignKey(
        "lamingui.Transform", CASCADE, related_name="links_predecessor"
    )
    """The transform that comes after."""
    predecessor = ForeignKey(
        "lamingui.Transform", CASCADE, related_name="links_successor"
    )
    """The transform that comes before."""
    config: dict[str, Any] | None = JSONField(null=True, default=None)
    """Configuration of the step, if any."""

    class Meta:
        db_table = "lamindb_transformtransform"
        base_manager_name = "objects"
        unique_together = ("successor", "predecessor")


class TransformRecord(BaseSQLRecord, IsLink, TracksRun):
    """Links a transform to a record, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    transform = ForeignKey("lamingui.Transform", CASCADE, related_name="links_record")
    record = ForeignKey("lamingui.Record", PROTECT, related_name="links_transform")
    feature = _feature("transformrecord")
    # lamindb: this table's created_at has no index
    created_at = created_at_field(db_index=False)
    """Time of creation."""

    class Meta:
        db_table = "lamindb_transformrecord"
        base_manager_name = "objects"
        constraints = _pair_constraints("transformrecord", "transform", "record")


# -- Feature, Block, ULabel, Schema -------------------------------------------


class FeatureProject(BaseSQLRecord, IsLink, TracksRun):
    """Links a feature to a project."""

    id = models.BigAutoField(primary_key=True)
    feature = ForeignKey("lamingui.Feature", CASCADE, related_name="links_project")
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_feature")

    class Meta:
        db_table = "lamindb_featureproject"
        base_manager_name = "objects"
        unique_together = ("feature", "project")


class BlockProject(BaseSQLRecord, IsLink, TracksRun):
    """Links a block to a project."""

    id = models.BigAutoField(primary_key=True)
    block = ForeignKey("lamingui.Block", CASCADE, related_name="links_project")
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_block")

    class Meta:
        db_table = "lamindb_blockproject"
        base_manager_name = "objects"
        unique_together = ("block", "project")


class ULabelProject(BaseSQLRecord, IsLink, TracksRun):
    """Links a ulabel to a project."""

    id = models.BigAutoField(primary_key=True)
    ulabel = ForeignKey("lamingui.ULabel", CASCADE, related_name="links_project")
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_ulabel")

    class Meta:
        db_table = "lamindb_ulabelproject"
        base_manager_name = "objects"
        unique_together = ("ulabel", "project")


class SchemaProject(BaseSQLRecord, IsLink, TracksRun):
    """Links a schema to a project."""

    id = models.BigAutoField(primary_key=True)
    schema = ForeignKey("lamingui.Schema", CASCADE, related_name="links_project")
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_schema")

    class Meta:
        db_table = "lamindb_schemaproject"
        base_manager_name = "objects"
        unique_together = ("schema", "project")


class SchemaComponent(BaseSQLRecord, IsLink, TracksRun):
    """Links a composite schema to a component schema, one per slot."""

    id = models.BigAutoField(primary_key=True)
    composite = ForeignKey("lamingui.Schema", CASCADE, related_name="links_component")
    """The composite schema, e.g. one for an ``AnnData``."""
    component = ForeignKey("lamingui.Schema", PROTECT, related_name="links_composite")
    """The schema of one slot."""
    slot: str | None = CharField(max_length=255, null=True)
    """Slot name, e.g. ``"obs"`` or ``"var.T"``."""

    class Meta:
        db_table = "lamindb_schemacomponent"
        base_manager_name = "objects"
        unique_together = (("composite", "slot"), ("composite", "slot", "component"))


class SchemaFeature(BaseSQLRecord, IsLink):
    """Links a schema to one of its member features."""

    id = models.BigAutoField(primary_key=True)
    schema = ForeignKey("lamingui.Schema", CASCADE, related_name="links_feature")
    feature = ForeignKey("lamingui.Feature", PROTECT, related_name="links_schema")

    class Meta:
        db_table = "lamindb_schemafeature"
        base_manager_name = "objects"
        unique_together = ("schema", "feature")


# -- Project and Reference (annotate the record on the right) -----------------


class ProjectRecord(BaseSQLRecord, IsLink, TracksRun):
    """Annotates a record with a project, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_record")
    record = ForeignKey("lamingui.Record", CASCADE, related_name="links_project")
    feature = _feature("projectrecord")

    class Meta:
        db_table = "lamindb_projectrecord"
        base_manager_name = "objects"
        constraints = _pair_constraints("projectrecord", "project", "record")


class ProjectUser(BaseSQLRecord, IsLink):
    """Gives a user a role in a project."""

    id = models.BigAutoField(primary_key=True)
    project = ForeignKey("lamingui.Project", CASCADE, related_name="links_user")
    user = ForeignKey("lamingui.User", PROTECT, related_name="links_project")
    role: str = CharField(max_length=32, db_index=True)
    """Role of the user, required."""

    class Meta:
        db_table = "lamindb_projectuser"
        base_manager_name = "objects"
        unique_together = ("project", "user", "role")


class ReferenceRecord(BaseSQLRecord, IsLink, TracksRun):
    """Annotates a record with a reference, optionally under a feature."""

    id = models.BigAutoField(primary_key=True)
    reference = ForeignKey("lamingui.Reference", PROTECT, related_name="links_record")
    record = ForeignKey("lamingui.Record", CASCADE, related_name="links_reference")
    feature = _feature("referencerecord")

    class Meta:
        db_table = "lamindb_referencerecord"
        base_manager_name = "objects"
        constraints = _pair_constraints("referencerecord", "reference", "record")


# -- Record: the values of a record's features (feature required) -------------


class RecordArtifact(BaseSQLRecord, IsLink):
    """Stores an artifact as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_artifact")
    value = ForeignKey("lamingui.Artifact", PROTECT, related_name="links_in_record")
    feature = _feature("recordartifact", null=False)

    class Meta:
        db_table = "lamindb_recordartifact"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


class RecordCollection(BaseSQLRecord, IsLink):
    """Stores a collection as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_collection")
    value = ForeignKey("lamingui.Collection", PROTECT, related_name="links_in_record")
    feature = _feature("recordcollection", null=False)

    class Meta:
        db_table = "lamindb_recordcollection"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


class RecordJson(BaseSQLRecord, IsLink):
    """Stores a JSON value (lists as JSON lists) as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_json")
    feature = _feature("recordjson", null=False)
    # lamindb declares db_default=None on this NOT NULL column; leaving it out
    # keeps `value` a required field (models.md §0) instead of a contradiction
    value: Any = JSONField(default=None)
    """The value, required."""

    class Meta:
        db_table = "lamindb_recordjson"
        base_manager_name = "objects"
        unique_together = ("record", "feature")


class RecordProject(BaseSQLRecord, IsLink):
    """Stores a project as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_project")
    value = ForeignKey("lamingui.Project", PROTECT, related_name="links_in_record")
    feature = _feature("recordproject", null=False)

    class Meta:
        db_table = "lamindb_recordproject"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


class RecordRecord(BaseSQLRecord, IsLink):
    """Stores a record as the value of another record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_record")
    value = ForeignKey("lamingui.Record", PROTECT, related_name="links_record")
    feature = _feature("recordrecord", null=False)

    class Meta:
        db_table = "lamindb_recordrecord"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


class RecordReference(BaseSQLRecord, IsLink):
    """Stores a reference as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_reference")
    value = ForeignKey("lamingui.Reference", PROTECT, related_name="links_in_record")
    feature = _feature("recordreference", null=False)

    class Meta:
        db_table = "lamindb_recordreference"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


class RecordRun(BaseSQLRecord, IsLink):
    """Stores a run as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_run")
    value = ForeignKey("lamingui.Run", PROTECT, related_name="links_in_record")
    feature = _feature("recordrun", null=False)

    class Meta:
        db_table = "lamindb_recordrun"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


class RecordTransform(BaseSQLRecord, IsLink):
    """Stores a transform as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_transform")
    value = ForeignKey("lamingui.Transform", PROTECT, related_name="links_in_record")
    feature = _feature("recordtransform", null=False)

    class Meta:
        db_table = "lamindb_recordtransform"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


class RecordULabel(BaseSQLRecord, IsLink):
    """Stores a ulabel as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_ulabel")
    value = ForeignKey("lamingui.ULabel", PROTECT, related_name="links_record")
    feature = _feature("recordulabel", null=False)

    class Meta:
        db_table = "lamindb_recordulabel"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


class RecordUser(BaseSQLRecord, IsLink):
    """Stores a user as the value of a record's feature."""

    id = models.BigAutoField(primary_key=True)
    record = ForeignKey("lamingui.Record", CASCADE, related_name="values_user")
    value = ForeignKey("lamingui.User", PROTECT, related_name="links_record")
    feature = _feature("recorduser", null=False)

    class Meta:
        db_table = "lamindb_recorduser"
        base_manager_name = "objects"
        unique_together = ("record", "feature", "value")


# -- Branch -------------------------------------------------------------------


class BranchUser(BaseSQLRecord, IsLink):
    """Gives a user a role on a branch."""

    id = models.BigAutoField(primary_key=True)
    branch = ForeignKey("lamingui.Branch", CASCADE, related_name="links_user")
    user = ForeignKey("lamingui.User", PROTECT, related_name="links_branch")
    role: str = CharField(max_length=32, db_index=True)
    """Role of the user, required."""

    class Meta:
        db_table = "lamindb_branchuser"
        base_manager_name = "objects"
        unique_together = ("branch", "user", "role")


class BranchULabel(BaseSQLRecord, IsLink):
    """Links a branch to a ulabel."""

    id = models.BigAutoField(primary_key=True)
    branch = ForeignKey("lamingui.Branch", CASCADE, related_name="links_ulabel")
    ulabel = ForeignKey("lamingui.ULabel", PROTECT, related_name="links_branch")

    class Meta:
        db_table = "lamindb_branchulabel"
        base_manager_name = "objects"
        unique_together = ("branch", "ulabel")


class BranchProject(BaseSQLRecord, IsLink):
    """Links a branch to a project."""

    id = models.BigAutoField(primary_key=True)
    branch = ForeignKey("lamingui.Branch", CASCADE, related_name="links_project")
    project = ForeignKey("lamingui.Project", PROTECT, related_name="links_branch")

    class Meta:
        db_table = "lamindb_branchproject"
        base_manager_name = "objects"
        unique_together = ("branch", "project")
