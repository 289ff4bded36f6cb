"""``LabelManager``: ``artifact.labels``, ``collection.labels`` (api.md §7.2).

Labels are link rows (host, label) with an optional feature. Adding under a
feature checks that the label's registry is in the feature's ``cat[...]``
dtype; adding the same label twice leaves one link.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.db import transaction

from ..errors import ValidationError
from . import _describe_features as render
from ._annotation_links import (
    dataset_feature_ids,
    label_value,
    link_specs,
    spec_for,
    visible,
)
from ._dtypes import feature_dtype, is_available, registry_name, resolve_registry
from ._feature_validation import wrong_label_type_message
from .base import BaseSQLRecord
from .feature import Feature

logger = logging.getLogger("lamingui")


class LabelManager:
    """Labels of an artifact or collection, with or without a feature.

    Examples:
        >>> experiment = ln.Feature(name="experiment", dtype=ln.Record).save()
        >>> artifact.labels.add(ln.Record(name="Experiment 1").save(), experiment)
        >>> artifact.labels.get(experiment).one().name
        'Experiment 1'
    """

    def __init__(self, host: Any) -> None:
        self._host = host

    def __repr__(self) -> str:
        return self.describe(return_str=True) or ""

    @property
    def _saved(self) -> bool:
        return self._host.pk is not None and not self._host._state.adding

    def add(self, records: Any, feature: Feature | None = None) -> None:
        """Link records (or names, with a feature) to the host.

        Args:
            records: A record, a list or query set of records, or names of
                records in the registries of ``feature``'s dtype.
            feature: Link the labels under this feature.

        Raises:
            ValueError: Unsaved host, names without a feature, no link table.
            ValidationError: Unsaved records or feature, label registry not in
                the feature's dtype, feature measured within the dataset.
        """
        if not self._saved:
            raise ValueError(
                "Please save the artifact/collection before adding a label!"
            )
        if feature is not None and not isinstance(feature, Feature):
            raise TypeError("feature has to be of type Feature")
        items = _as_list(records)
        if not items:
            return
        if any(isinstance(item, str) for item in items):
            items = self._from_strings(items, feature)
        for record in items:
            if record.pk is None or record._state.adding:
                raise ValidationError(
                    f"{record!r} not validated. If it looks correct: record.save()"
                )
        if feature is None:
            self._add_plain(items)
            return
        self._check_feature(feature, items)
        rows: dict[Any, list[Any]] = defaultdict(list)
        for record in dict.fromkeys(items):
            spec = spec_for(self._host, registry_name(type(record)), with_feature=True)
            if spec is None:
                raise ValueError(f"Can't add labels to {type(record)} record!")
            rows[spec].append(spec.new(self._host, record.pk, feature.pk))
        with transaction.atomic(using=self._host._state.db):
            for spec, new in rows.items():
                manager = spec.model.objects.using(self._host._state.db)
                manager.bulk_create(new, ignore_conflicts=True)

    def _from_strings(self, items: list[Any], feature: Feature | None) -> list[Any]:
        if feature is None:
            raise ValueError(
                "Please pass a feature, e.g., via: label = ln.ULabel(name='my_label', "
                "feature=ln.Feature(name='my_feature'))"
            )
        strings = [item for item in items if isinstance(item, str)]
        found = [item for item in items if not isinstance(item, str)]
        dtype = feature_dtype(feature)
        for target in dtype.targets if dtype is not None and dtype.is_cat else ():
            if not target.is_available:
                continue
            model = resolve_registry(target.registry)
            if hasattr(model, "from_values"):
                found += model.from_values(strings, field=target.field, mute=True)
            else:
                name = target.field or model._name_field
                found += visible(model, self._host._state.db).filter(
                    **{f"{name}__in": strings}
                )
        if len(found) == len(items) - len(strings):
            raise ValueError(
                "Please pass a record (a `SQLRecord` object), not a string, e.g., via: "
                "label = ln.Record(name='experiment_1')"
            )
        return found

    def _add_plain(self, records: list[Any]) -> None:
        """Without a feature: through the host's relation (``artifact.records``)."""
        by_accessor: dict[str, list[Any]] = defaultdict(list)
        for record in records:
            spec = spec_for(self._host, registry_name(type(record)), with_feature=False)
            if spec is None or spec.accessor is None:
                raise ValueError(f"Can't add labels to {type(record)} record!")
            by_accessor[spec.accessor].append(record)
        with transaction.atomic(using=self._host._state.db):
            for accessor, group in by_accessor.items():
                getattr(self._host, accessor).add(*group)

    def _check_feature(self, feature: Feature, records: list[Any]) -> None:
        if feature.pk is None or feature._state.adding:
            registry = registry_name(type(records[0]))
            raise ValidationError(
                "Feature not validated. If it looks correct: "
                f"ln.Feature(name='{feature.name}', type='cat[{registry}]').save()"
            )
        if feature.pk in dataset_feature_ids(self._host):
            raise ValidationError(
                "Cannot manually annotate a feature measured *within* the dataset. "
                "Please use a Curator."
            )
        dtype = feature_dtype(feature)
        for record in records:
            registry = registry_name(type(record))
            if dtype is None or not dtype.is_cat:
                raise ValidationError(
                    f"Feature {feature.name} needs dtype='cat' for label annotation, "
                    f"currently has dtype='{feature._dtype_str}'"
                )
            if registry not in dtype.registries:
                raise ValidationError(wrong_label_type_message(registry, feature))

    def get(
        self, feature: Feature, mute: bool = False, flat_names: bool = False
    ) -> Any:
        """The labels linked under ``feature``.

        Args:
            feature: A feature with a categorical dtype.
            mute: Don't warn when the labels come from several registries.
            flat_names: Return the name-field values of all labels as one list.

        Returns:
            A query set, ``{registry: query set}`` for union dtypes, or a list.

        Labels of every registry are filtered by ``feature`` (lamindb does so only
        for ``Record`` and ``ULabel``, a quirk not copied).
        """
        if not isinstance(feature, Feature):
            raise TypeError("feature has to be of type Feature")
        dtype = feature_dtype(feature)
        if dtype is None or not dtype.is_cat:
            raise ValueError("feature does not have linked labels")
        result = {
            registry: self._linked(registry, feature)
            for registry in dtype.registries
            if is_available(registry)
        }
        if flat_names:
            return [label_value(label) for qs in result.values() for label in qs]
        if len(result) == 1:
            return next(iter(result.values()))
        if not mute:
            logger.warning("labels come from multiple registries!")
        return result

    def _linked(self, registry: str, feature: Feature) -> Any:
        model = resolve_registry(registry)
        spec = spec_for(self._host, registry, with_feature=True)
        if spec is None or not self._saved:
            return model.filter().none()
        related = spec.model._meta.get_field(spec.label_field).remote_field
        prefix = related.related_name
        return model.filter(
            **{
                f"{prefix}__{spec.host_field}_id": self._host.pk,
                f"{prefix}__feature_id": feature.pk,
            }
        ).order_by(f"{prefix}__id")

    def add_from(self, data: Any, transfer_logs: Any = None) -> None:
        """Copy every label of ``data`` (an artifact or collection) onto the host.

        Each link keeps its feature; links the host already has are kept once.
        Both objects must live in the same database (copying records across
        instances is not supported yet).
        """
        if not self._saved:
            raise ValueError(
                "Please save the artifact/collection before adding a label!"
            )
        if data._state.db != self._host._state.db:
            raise ValueError(
                "add_from() copies labels within one instance; "
                f"{data!r} is in '{data._state.db}'."
            )
        with transaction.atomic(using=self._host._state.db):
            for source in link_specs(data):
                target = spec_for(
                    self._host,
                    registry_name(source.registry),
                    with_feature=source.has_feature,
                ) or spec_for(
                    self._host, registry_name(source.registry), with_feature=False
                )
                if target is None:
                    continue
                pairs = source.rows(data).values_list(
                    f"{source.label_field}_id",
                    "feature_id" if source.has_feature else source.label_field + "_id",
                )
                links = [
                    target.new(
                        self._host,
                        label_id,
                        feature_id
                        if source.has_feature and target.has_feature
                        else None,
                    )
                    for label_id, feature_id in pairs
                ]
                target.model.objects.using(self._host._state.db).bulk_create(
                    links, ignore_conflicts=True
                )

    def describe(self, return_str: bool = True) -> str | None:
        """A ``Labels`` tree with one row per non-empty relation ("" if none)."""
        node = self.as_tree()
        if node is None:
            return render.output("", return_str)
        return render.output(render.render(node), return_str)

    def as_tree(self) -> Any:
        """The ``Labels`` tree, or ``None`` without labels (for ``describe``)."""
        if not self._saved:
            return None
        rows = []
        for spec in link_specs(self._host):
            if spec.accessor is None:
                continue
            prefix = spec.model._meta.get_field(spec.label_field).remote_field
            linked = visible(spec.registry, self._host._state.db).filter(
                **{f"{prefix.related_name}__{spec.host_field}_id": self._host.pk}
            )
            labels = list(linked.distinct().order_by("id")[: render.MAX_SHOWN + 1])
            if labels:
                names = render.join_limited(label_value(label) for label in labels)
                rows.append((f".{spec.accessor}", registry_name(spec.registry), names))
        if not rows:
            return None
        root = render.titled_tree("Labels")
        root.add(render.table(rows))
        return root


def _as_list(records: Any) -> list[Any]:
    if records is None:
        return []
    if isinstance(records, str | BaseSQLRecord):
        return [records]
    return list(records)
