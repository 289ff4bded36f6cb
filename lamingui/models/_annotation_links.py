"""Which link table holds a host's labels and feature values (models.md §4.2).

Shared by the feature manager and the label manager. A host is an Artifact, Run,
Record or Collection; each (host, label registry) pair has at most one link
model. Reads here cost one query per link model, never one per value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models

from .. import context
from ._names import get_name_field
from .links import (
    ArtifactArtifact,
    ArtifactJsonValue,
    ArtifactProject,
    ArtifactRecord,
    ArtifactReference,
    ArtifactRun,
    ArtifactSchema,
    ArtifactULabel,
    ArtifactUser,
    CollectionProject,
    CollectionRecord,
    CollectionReference,
    CollectionULabel,
    RecordArtifact,
    RecordCollection,
    RecordJson,
    RecordProject,
    RecordRecord,
    RecordReference,
    RecordRun,
    RecordTransform,
    RecordULabel,
    RecordUser,
    RunArtifact,
    RunJsonValue,
    RunProject,
    RunRecord,
    RunULabel,
    SchemaFeature,
)
from .querysets import has_branch


@dataclass(frozen=True)
class LinkSpec:
    """A link model seen from its host: ``ArtifactULabel`` for artifact ulabels."""

    model: type[models.Model]
    host_field: str
    """FK to the host, e.g. ``artifact``."""
    label_field: str
    """FK to the label, e.g. ``ulabel`` (``value`` on record value tables)."""
    accessor: str | None
    """Host relation for plain labels (``artifact.ulabels``); ``None``: none."""

    @property
    def registry(self) -> type[models.Model]:
        return self.model._meta.get_field(self.label_field).related_model

    @property
    def has_feature(self) -> bool:
        return any(f.name == "feature" for f in self.model._meta.concrete_fields)

    def rows(self, host: Any) -> Any:
        """Link rows of ``host`` in insertion order."""
        manager = self.model.objects.using(host._state.db)
        return manager.filter(**{f"{self.host_field}_id": host.pk}).order_by("id")

    def new(self, host: Any, label_id: int, feature_id: int | None) -> Any:
        kwargs = {f"{self.host_field}_id": host.pk, f"{self.label_field}_id": label_id}
        if feature_id is not None:
            kwargs["feature_id"] = feature_id
        return self.model(**kwargs)


LINKS: dict[str, tuple[tuple[type, str, str | None], ...]] = {
    "Artifact": (
        (ArtifactULabel, "ulabel", "ulabels"),
        (ArtifactRecord, "record", "records"),
        (ArtifactProject, "project", "projects"),
        (ArtifactReference, "reference", "references"),
        (ArtifactUser, "user", "users"),
        (ArtifactRun, "run", None),
        (ArtifactArtifact, "value", "artifacts"),
    ),
    "Collection": (
        (CollectionULabel, "ulabel", "ulabels"),
        (CollectionRecord, "record", "records"),
        (CollectionProject, "project", "projects"),
        (CollectionReference, "reference", "references"),
    ),
    "Run": (
        (RunRecord, "record", "records"),
        (RunArtifact, "artifact", "linked_artifacts"),
        (RunULabel, "ulabel", "ulabels"),
        (RunProject, "project", "projects"),
    ),
    "Record": tuple(
        (model, "value", None)
        for model in (
            RecordRecord,
            RecordULabel,
            RecordProject,
            RecordReference,
            RecordUser,
            RecordArtifact,
            RecordRun,
            RecordTransform,
            RecordCollection,
        )
    ),
}
#: where simple (JSON) values live: Record rows, or links to shared JsonValues
JSON_LINKS: dict[str, type[models.Model]] = {
    "Record": RecordJson,
    "Artifact": ArtifactJsonValue,
    "Run": RunJsonValue,
}


def link_specs(host: Any) -> list[LinkSpec]:
    name = type(host).__name__
    return [
        LinkSpec(model, name.lower(), label, accessor)
        for model, label, accessor in LINKS.get(name, ())
    ]


def feature_specs(host: Any) -> list[LinkSpec]:
    """The link models that can store a label under a feature."""
    return [spec for spec in link_specs(host) if spec.has_feature]


def spec_for(host: Any, registry: str, *, with_feature: bool) -> LinkSpec | None:
    for spec in feature_specs(host) if with_feature else link_specs(host):
        if spec.registry.__name__ == registry:
            return spec
    return None


def visible(model: type[models.Model], using: str | None) -> Any:
    """Rows outside trash and archive (registries without branches: all)."""
    qs = model.objects.using(using)
    if has_branch(model):
        qs = qs.filter(branch_id__in=context.default_branch_ids())
    return qs


def label_value(label: Any, field: str | None = None) -> Any:
    """The label's value in ``field`` (default: name field; uid if that is empty)."""
    value = getattr(label, field or get_name_field(label), None)
    return value if value is not None else getattr(label, "uid", label.pk)


def feature_labels(host: Any) -> dict[int, list[Any]]:
    """``{feature_id: [label, ...]}`` in link order; trashed labels are skipped."""
    using = host._state.db
    found: list[tuple[int, int, type, int]] = []
    for spec in feature_specs(host):
        rows = spec.rows(host).filter(feature__isnull=False)
        found += [
            (link_id, feature_id, spec.registry, label_id)
            for link_id, feature_id, label_id in rows.values_list(
                "id", "feature_id", f"{spec.label_field}_id"
            )
        ]
    ids_by_model: dict[type, set[int]] = defaultdict(set)
    for _, _, model, label_id in found:
        ids_by_model[model].add(label_id)
    labels = {
        (model, label.pk): label
        for model, ids in ids_by_model.items()
        for label in visible(model, using).filter(pk__in=ids)
    }
    out: dict[int, list[Any]] = defaultdict(list)
    for _, feature_id, model, label_id in sorted(found, key=lambda row: row[0]):
        label = labels.get((model, label_id))
        if label is not None:
            out[feature_id].append(label)
    return dict(out)


def json_values(host: Any) -> dict[int, list[Any]]:
    """``{feature_id: [stored JSON value, ...]}`` in link order."""
    name = type(host).__name__
    link = JSON_LINKS.get(name)
    if link is None:
        return {}
    rows = link.objects.using(host._state.db).filter(**{f"{name.lower()}_id": host.pk})
    if name == "Record":
        pairs = rows.order_by("id").values_list("feature_id", "value")
    else:
        pairs = rows.order_by("id").values_list(
            "jsonvalue__feature_id", "jsonvalue__value"
        )
    out: dict[int, list[Any]] = defaultdict(list)
    for feature_id, value in pairs:
        if feature_id is not None:  # a JsonValue may lack a feature: not a value
            out[feature_id].append(value)
    return dict(out)


def dataset_feature_ids(host: Any) -> set[int]:
    """Members of an artifact's ``itype="Feature"`` schemas (its dataset features)."""
    if type(host).__name__ != "Artifact" or host.pk is None:
        return set()
    schemas = ArtifactSchema.objects.using(host._state.db).filter(
        artifact_id=host.pk, schema__itype="Feature"
    )
    rows = SchemaFeature.objects.using(host._state.db).filter(
        schema_id__in=schemas.values("schema_id")
    )
    return set(rows.values_list("feature_id", flat=True))
