"""``FeatureManager``: ``artifact.features``, ``run.features``, ``record.features``.

api.md §7.1. Simple values are stored as JSON: one ``RecordJson`` row per
(record, feature), or shared ``JsonValue`` rows linked via ``ArtifactJsonValue``
/ ``RunJsonValue``. Categorical values are link rows (host, feature, label).
Each call costs a bounded number of queries, whatever the number of values.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.db import connections, transaction

from ..errors import ValidationError
from . import _describe_features as render
from ._annotation_links import (
    JSON_LINKS,
    LinkSpec,
    dataset_feature_ids,
    feature_labels,
    feature_specs,
    insert_ignoring_conflicts,
    json_values,
    label_value,
    link_json_values_and_labels,
    spec_for,
    visible,
)
from ._dtypes import (
    Dtype,
    feature_dtype,
    from_json,
    registry_name,
    resolve_registry,
    validate_simple,
)
from ._feature_validation import Plan, ValuePlanner
from .base import BaseSQLRecord
from .feature import Feature
from .json_value import JsonValue, value_hash
from .links import ArtifactSchema, RecordJson
from .querysets import SQLRecordList

logger = logging.getLogger("lamingui")


class FeatureManager:
    """Feature values of an artifact, run or record (api.md §7.1).

    Examples:
        >>> record.features.add_values({"score": 3, "cell": "T"})
        >>> record.features.get_values()
        {'cell': 'T', 'score': 3}
    """

    def __init__(self, host: Any) -> None:
        self._host = host
        self._slots: dict[str, Any] | None = None
        self._dataset_ids: set[int] | None = None

    def __repr__(self) -> str:
        return self.describe(return_str=True) or ""

    @property
    def _kind(self) -> str:
        return type(self._host).__name__

    @property
    def _db(self) -> str | None:
        return self._host._state.db

    @property
    def _saved(self) -> bool:
        return self._host.pk is not None and not self._host._state.adding

    # -- schemas ----------------------------------------------------------------

    @property
    def slots(self) -> dict[str, Any]:
        """``{slot: schema}`` of an artifact's schema links; ``{}`` for other hosts."""
        if self._slots is None:
            if self._kind != "Artifact":
                self._slots = {}
            elif not self._saved:
                self._slots = dict(self._host.__dict__.get("_staged_schemas") or {})
            else:
                links = (
                    ArtifactSchema.objects.using(self._db)
                    .filter(artifact_id=self._host.pk)
                    .select_related("schema")
                    .order_by("id")
                )
                self._slots = {link.slot: link.schema for link in links}
        return self._slots

    def _dataset_feature_ids(self) -> set[int]:
        if self._dataset_ids is None:
            self._dataset_ids = dataset_feature_ids(self._host)
        return self._dataset_ids

    def _external_schema(self) -> Any:
        host = self._host
        if self._kind != "Artifact" or host.schema_id is None:
            return None
        if host.otype is None:
            return host.schema
        return host.schema.slots.get("__external__")

    def _schema(self, schema: Any) -> Any:
        host = self._host
        if (
            self._kind == "Record"
            and host.type_id is not None
            and host.type.schema_id is not None
        ):
            if schema is not None:
                raise AssertionError("Cannot pass schema if record.type has schema.")
            return host.type.schema
        return schema

    # -- reading ----------------------------------------------------------------

    def _collect(self) -> tuple[dict[int, Feature], dict[int, list], dict[int, list]]:
        labels = feature_labels(self._host)
        jsons = json_values(self._host)
        features = {
            f.pk: f
            for f in Feature.objects.using(self._db).filter(
                pk__in=set(labels) | set(jsons)
            )
        }
        for feature_id, stored in jsons.items():
            dtype = feature_dtype(features[feature_id])
            if dtype is not None and dtype.is_cat:
                raise ValidationError(
                    self._corrupt_message(features[feature_id], dtype, stored[0])
                )
        return features, labels, jsons

    def _rows(self) -> list[tuple[int, Feature, Dtype | None, Any]]:
        """``(group, feature, dtype, value)``: categorical first, then by name."""
        features, labels, jsons = self._collect()
        rows = []
        for feature_id, items in labels.items():
            dtype = feature_dtype(features[feature_id])
            values = [
                label_value(label, _target_field(dtype, label)) for label in items
            ]
            is_list = dtype is not None and dtype.is_list
            rows.append(
                (0, features[feature_id], dtype, values if is_list else _one(values))
            )
        for feature_id, stored in jsons.items():
            dtype = feature_dtype(features[feature_id])
            values = [from_json(dtype, v) if dtype else v for v in stored]
            rows.append((1, features[feature_id], dtype, _one(values)))
        return sorted(rows, key=lambda row: (row[0], row[1].name))

    def get_values(self, external_only: bool = False) -> dict[str, Any]:
        """``{feature_name: value}``; several values of one feature form a set.

        Args:
            external_only: For artifacts, leave out the dataset's own features.
        """
        if not self._saved:
            return {}
        skip = self._dataset_feature_ids() if external_only else set()
        return {f.name: v for _, f, _, v in self._rows() if f.pk not in skip}

    def __getitem__(self, name: str) -> Any:
        """The label record(s) of a categorical feature, else the value(s)."""
        if self._saved:
            features, labels, jsons = self._collect()
            for feature_id, feature in features.items():
                if feature.name != name:
                    continue
                dtype = feature_dtype(feature)
                if feature_id in labels:
                    return _labels_result(dtype, labels[feature_id])
                stored = jsons[feature_id]
                return _one([from_json(dtype, v) if dtype else v for v in stored])
        if not visible(Feature, self._db).filter(name=name).exists():
            raise ValidationError(f"Feature with name {name} not found")
        return None

    # -- writing ----------------------------------------------------------------

    def add_values(
        self,
        values: dict[str | Feature, Any],
        feature_field: Any = Feature.name,
        schema: Any = None,
    ) -> None:
        """Validate and add values; ``None`` values are skipped.

        Args:
            values: ``{feature name or Feature: value}``.
            feature_field: Field of ``Feature`` that string keys are matched on.
            schema: Validate against this schema's members.

        Raises:
            ValidationError: Unknown keys, wrong dtypes, labels not found, …
            ValueError: The artifact has an external schema (use ``set_values``).
        """
        if self._external_schema() is not None:
            raise ValueError("Cannot add values if artifact has external schema.")
        self._write(self._prepare(values, feature_field, schema), replace=False)

    def set_values(
        self,
        values: dict[str | Feature, Any],
        feature_field: Any = Feature.name,
        schema: Any = None,
    ) -> None:
        """Like ``add_values``, but first remove all external feature values.

        Validation happens before removal; an artifact's dataset features keep
        their values, and its external schema (if any) validates ``values``.
        """
        if schema is None:
            schema = self._external_schema()
        self._write(self._prepare(values, feature_field, schema), replace=True)

    def _prepare(self, values: Any, feature_field: Any, schema: Any) -> Plan:
        if not self._saved:
            raise ValueError(
                f"Please save the {self._kind.lower()} before adding feature values."
            )
        return ValuePlanner(self._host).plan(
            values, feature_field, self._schema(schema)
        )

    def _write(self, plan: Plan, *, replace: bool) -> None:
        with transaction.atomic(using=self._db):
            for feature in plan.upgrade:  # lamindb: a bare `cat` becomes cat[ULabel]
                is_list = (feature._dtype_str or "").startswith("list[")
                feature._dtype_str = "list[cat[ULabel]]" if is_list else "cat[ULabel]"
                feature.save()
            if replace:
                self._remove_external()
            rows: dict[LinkSpec, list[Any]] = defaultdict(list)
            for spec, feature_id, label_id in plan.links:
                rows[spec].append(spec.row(self._host, label_id, feature_id))
            if self._write_in_one_statement(plan.json, rows):
                return
            self._write_json(plan.json)
            for spec, new in rows.items():
                insert_ignoring_conflicts(spec.model, new, self._db)

    def _write_in_one_statement(
        self, items: list[tuple[Feature, Any]], rows: dict[LinkSpec, list[Any]]
    ) -> bool:
        """On PostgreSQL, JSON values and label links of an artifact or run in
        one statement; ``False``: nothing written, use the plain path."""
        db = self._db or "default"
        if self._kind == "Record" or connections[db].vendor != "postgresql":
            return False
        if not (items or rows):
            return True
        values = {(f.pk, value_hash(v)): v for f, v in items}
        wanted = [
            {"feature_id": fid, "value": v, "hash": h} for (fid, h), v in values.items()
        ]
        labels = [(spec.model, new) for spec, new in rows.items()]
        host_row = {f"{self._kind.lower()}_id": self._host.pk}
        link = JSON_LINKS[self._kind]
        if not link_json_values_and_labels(link, host_row, wanted, labels, db):
            self._write_json(items)  # a JsonValue was inserted concurrently
        return True

    def _write_json(self, items: list[tuple[Feature, Any]]) -> None:
        if not items:
            return
        host, db = self._host, self._db
        if self._kind == "Record":  # one row per (record, feature): unique
            RecordJson.objects.using(db).bulk_create(
                RecordJson(record_id=host.pk, feature_id=f.pk, value=v)
                for f, v in items
            )
            return
        wanted = {(f.pk, value_hash(v)): v for f, v in items}
        ids = _json_value_ids(wanted, db)
        new = [
            JsonValue(feature_id=fid, value=v)
            for (fid, h), v in wanted.items()
            if (fid, h) not in ids
        ]
        if new:
            inserted = insert_ignoring_conflicts(
                JsonValue, new, db, returning=("feature", "hash", "id")
            )
            ids.update({(f, h): pk for f, h, pk in inserted})
            if len(ids) < len(wanted):  # inserted concurrently by another writer
                ids = _json_value_ids(wanted, db)
        link = JSON_LINKS[self._kind]
        host_key = f"{self._kind.lower()}_id"
        insert_ignoring_conflicts(
            link, [{host_key: host.pk, "jsonvalue_id": ids[key]} for key in wanted], db
        )

    # -- removing ---------------------------------------------------------------

    def _remove_external(self) -> None:
        host, skip = self._host, self._dataset_feature_ids()
        for spec in feature_specs(host):
            spec.rows(host).filter(feature__isnull=False).exclude(
                feature_id__in=skip
            ).delete()
        link = JSON_LINKS[self._kind]
        rows = link.objects.using(self._db).filter(
            **{f"{self._kind.lower()}_id": host.pk}
        )
        if self._kind != "Record":
            rows = rows.exclude(jsonvalue__feature_id__in=skip)
        rows.delete()

    def remove_values(self, feature: Any = None, *, value: Any = None) -> None:
        """Remove the values of one, several or all external features.

        Args:
            feature: Name, ``Feature``, a list of them, or ``{feature: value}``;
                ``None`` removes the values of every external feature.
            value: Remove only this value (a record for categorical features).

        When a feature has nothing to remove, a warning is logged and the other
        features are still processed (lamindb stops there, a quirk not copied).
        """
        if isinstance(feature, dict):
            if value is not None:
                raise ValueError(
                    "Pass either `value=` or per-feature values via a dictionary, "
                    "not both."
                )
            entries = list(feature.items())
        elif feature is None:
            entries = [(f, value) for _, f, _, _ in self._rows()]
            entries = [e for e in entries if e[0].pk not in self._dataset_feature_ids()]
        else:
            many = feature if isinstance(feature, list | tuple) else [feature]
            entries = [(f, value) for f in many]
        if self._external_schema() is not None:
            raise ValueError("Cannot remove values if artifact has external schema.")
        resolved = [
            (f if isinstance(f, Feature) else Feature.get(name=f), v)
            for f, v in entries
        ]
        if any(f.pk in self._dataset_feature_ids() for f, _ in resolved):
            raise ValueError("Cannot remove values for dataset features.")
        with transaction.atomic(using=self._db):
            for f, v in resolved:
                if not self._remove_one(f, v):
                    shown = f"with value '{v}' " if v is not None else ""
                    logger.warning(
                        "no feature '%s' %sfound on %s '%s'!",
                        f.name,
                        shown,
                        self._kind.lower(),
                        self._host.uid,
                    )

    def _remove_one(self, feature: Feature, value: Any) -> int:
        host = self._host
        dtype = feature_dtype(feature)
        if dtype is not None and dtype.is_cat:
            if value is not None:
                if not isinstance(value, BaseSQLRecord):
                    raise TypeError(
                        "Expected a record for removing categorical feature value, "
                        f"got {value} of type {type(value)}"
                    )
                if self._kind != "Artifact":
                    raise AssertionError("Only artifacts support passing a value.")
            removed = 0
            for spec in feature_specs(host):
                if value is not None and spec.registry is not type(value):
                    continue
                rows = spec.rows(host).filter(feature_id=feature.pk)
                if value is not None:
                    rows = rows.filter(**{f"{spec.label_field}_id": value.pk})
                removed += rows.delete()[0]
            return removed
        link = JSON_LINKS[self._kind]
        key = "feature_id" if self._kind == "Record" else "jsonvalue__feature_id"
        rows = link.objects.using(self._db).filter(
            **{f"{self._kind.lower()}_id": host.pk, key: feature.pk}
        )
        if value is not None:
            target = _stored_form(dtype, value)
            column = "value" if self._kind == "Record" else "jsonvalue__value"
            ids = [
                pk for pk, stored in rows.values_list("pk", column) if stored == target
            ]
            rows = link.objects.using(self._db).filter(pk__in=ids)
        return rows.delete()[0]

    # -- describing -------------------------------------------------------------

    def describe(self, return_str: bool = False) -> str | None:
        """Print (or return) the host's header and its feature values as a tree."""
        tree = render.new_tree(self._host)
        if self._saved:
            self.add_to_tree(tree)
        return render.output(render.render(tree), return_str)

    def add_to_tree(self, tree: Any) -> None:
        """Add "Dataset features" and "(External) Features" nodes to ``tree``."""
        rows = self._rows()
        members = {
            slot: list(schema.members[:20]) if schema.itype == "Feature" else []
            for slot, schema in self.slots.items()
        }
        dtypes = [d for _, _, d, _ in rows if d is not None]
        dtypes += [feature_dtype(m) for ms in members.values() for m in ms]
        names = self._type_names([d for d in dtypes if d is not None])
        dataset_ids = self._dataset_feature_ids()
        if members:
            labelled = {f.pk: v for group, f, _, v in rows if group == 0}
            node = tree.add("Dataset features")
            for slot, schema in self.slots.items():
                itype = "" if schema.itype == "Feature" else f" {schema.itype}"
                n = schema.n_members if schema.n_members is not None else "?"
                node.add(
                    render.table(
                        [
                            (
                                m.name,
                                _display(m, names),
                                render.format_value(labelled[m.pk])
                                if m.pk in labelled
                                else "",
                            )
                            for m in members[slot]
                        ],
                        title=f"{slot} ({n}{itype})",
                    )
                )
        external = [
            (f.name, _display(f, names), render.format_value(v))
            for _, f, _, v in rows
            if f.pk not in dataset_ids
        ]
        if external:
            title = "External features" if dataset_ids else "Features"
            tree.add(title).add(render.table(external))

    def _type_names(self, dtypes: list[Dtype]) -> dict[str, str]:
        """``{type uid: type name}`` for the typed targets of ``dtypes``."""
        refs: dict[str, set[str]] = defaultdict(set)
        for dtype in dtypes:
            for target in dtype.targets:
                if target.type_ref and target.is_available:
                    refs[target.registry].add(target.type_ref)
        names: dict[str, str] = {}
        for registry, uids in refs.items():
            model = resolve_registry(registry)
            qs = model.objects.using(self._db).filter(uid__in=uids)
            names.update(qs.values_list("uid", "name"))
        return names

    def _corrupt_message(self, feature: Feature, dtype: Dtype, stored: Any) -> str:
        registry = dtype.registries[0]
        spec = spec_for(self._host, registry, with_feature=True)
        links = spec.model.__name__ if spec else f"{self._kind}{registry}"
        host = self._kind.lower()
        return (
            f"invalid entry for feature '{feature.name}': it has the categorical dtype "
            f"'{dtype.with_type_names(self._type_names([dtype]))}', so its value must "
            f"be stored as a relational link (in a link table such as {links}), but "
            f"the value {stored!r} was found stored as raw JSON in the "
            f"{JSON_LINKS[self._kind].__name__} link table. This typically happens "
            "when a value is written without going through the validated API. Fix it "
            "by re-writing the value via the validated API, e.g.\n"
            f"    {host}.features.set_values({{'{feature.name}': <value>}})"
        )


# -- helpers ------------------------------------------------------------------


def _display(feature: Feature, type_names: dict[str, str]) -> str:
    dtype = feature_dtype(feature)
    return dtype.display(type_names) if dtype else feature._dtype_str or ""


def _target_field(dtype: Dtype | None, label: Any) -> str | None:
    return dtype.target(registry_name(type(label))).field if dtype else None


def _one(values: list[Any]) -> Any:
    """One value as itself, several as a set (a list if unhashable)."""
    if len(values) == 1:
        return values[0]
    try:
        return set(values)
    except TypeError:
        return values


def _labels_result(dtype: Dtype | None, labels: list[Any]) -> Any:
    if dtype is not None and dtype.is_list:
        return SQLRecordList(labels)
    if len(labels) == 1:
        return labels[0]
    models = {type(label) for label in labels}
    if len(models) == 1:
        return models.pop().filter(pk__in=[label.pk for label in labels])
    return SQLRecordList(labels)


def _json_value_ids(wanted: dict[tuple[int, str], Any], db: str | None) -> dict:
    """``{(feature id, hash): JsonValue id}`` of the stored ones among ``wanted``.

    One raw query on the unique (feature, hash) index: compiling the ORM query
    would cost more than running it, once per annotated host.
    """
    connection = connections[db or "default"]
    quote = connection.ops.quote_name
    features = sorted({k[0] for k in wanted})
    hashes = sorted({k[1] for k in wanted})
    sql = (
        f"SELECT {quote('feature_id')}, {quote('hash')}, {quote('id')} "  # noqa: S608 - constant names
        f"FROM {quote(JsonValue._meta.db_table)} "
        f"WHERE {quote('feature_id')} IN ({', '.join(['%s'] * len(features))}) "
        f"AND {quote('hash')} IN ({', '.join(['%s'] * len(hashes))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*features, *hashes])
        rows = cursor.fetchall()
    return {(f, h): pk for f, h, pk in rows if (f, h) in wanted}


def _stored_form(dtype: Dtype | None, value: Any) -> Any:
    """The JSON form a value is stored in (dates as ISO strings, …)."""
    if dtype is None or dtype.simple is None:
        return value
    stored, bad = validate_simple(dtype, value, True)
    return value if bad else stored
