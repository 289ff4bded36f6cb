"""Feature columns of ``to_dataframe(features=...)`` (api.md §1.6).

One query per value table for all selected objects at once (RecordJson or the
JsonValue links, and each categorical link table), never one per object.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from collections import defaultdict
from typing import Any

import pandas as pd
from django.apps import apps

from .. import context
from ._annotation_links import JSON_LINKS, LINKS, label_value
from ._dtypes import Dtype, from_json, parse_feature_dtype

logger = logging.getLogger("lamingui")
FEATURE_HOSTS = ("Artifact", "Record", "Run")


def resolve_features(
    model: type, features: Any, include_features: bool, ids: list[int], using: Any
) -> list[Any]:
    """The Feature records whose columns to add, in the order asked for."""
    if features is True:
        warnings.warn(
            '`features=True` is deprecated, pass `include="features"` instead.',
            DeprecationWarning,
            stacklevel=4,
        )
        features = "queryset"
    if include_features and not features:
        features = "queryset"
    if not features:
        return []
    if model.__name__ not in FEATURE_HOSTS:
        raise ValueError(
            'include="features" is only applicable for Artifact, Record, and Run, '
            f"not {model.__name__}"
        )
    feature_model = apps.get_model("lamingui", "Feature")
    visible = feature_model.objects.using(using).filter(
        branch_id__in=context.default_branch_ids(), is_type=False
    )
    if features == "queryset":
        used = _used_feature_ids(model, ids, using)
        found = list(visible.filter(pk__in=used).order_by("name", "id"))
        return _one_per_name(found)
    names = [features] if isinstance(features, str) else list(features)
    found = list(visible.filter(name__in=names).order_by("id"))
    by_name: dict[str, list[Any]] = defaultdict(list)
    for feature in found:
        by_name[feature.name].append(feature)
    ambiguous = sorted(n for n, fs in by_name.items() if len(fs) > 1)
    if ambiguous:
        raise ValueError(
            f"Ambiguous feature names passed in `features`: {ambiguous}; several "
            "features share these names, pass unique ones."
        )
    missing = [n for n in names if n not in by_name]
    if missing:
        logger.warning(
            "some features were not found: passed %s, found %s",
            names,
            sorted(by_name),
        )
    return [by_name[n][0] for n in names if n in by_name]


def _one_per_name(found: list[Any]) -> list[Any]:
    """Implicit features sharing a name: keep one (categorical first, lowest id)."""
    by_name: dict[str, list[Any]] = defaultdict(list)
    for feature in found:
        by_name[feature.name].append(feature)
    kept = []
    for name, group in by_name.items():
        if len(group) > 1:
            logger.warning("several features are named '%s'; showing one", name)
        group.sort(key=lambda f: (not (f._dtype_str or "").startswith("cat"), f.id))
        kept.append(group[0])
    return kept


def _json_pairs(model: type, ids: list[int], using: Any) -> Any:
    name = model.__name__
    rows = JSON_LINKS[name].objects.using(using)
    if name == "Record":
        return rows.filter(record_id__in=ids).values_list(
            "record_id", "feature_id", "value"
        )
    return rows.filter(**{f"{name.lower()}_id__in": ids}).values_list(
        f"{name.lower()}_id", "jsonvalue__feature_id", "jsonvalue__value"
    )


def _label_links(model: type) -> list[tuple[Any, str, str]]:
    host = model.__name__.lower()
    return [
        (link, host, label)
        for link, label, _ in LINKS.get(model.__name__, ())
        if any(f.name == "feature" for f in link._meta.concrete_fields)
    ]


def _used_feature_ids(model: type, ids: list[int], using: Any) -> set[int]:
    used = {feature_id for _, feature_id, _ in _json_pairs(model, ids, using)}
    for link, host, _ in _label_links(model):
        used |= set(
            link.objects.using(using)
            .filter(**{f"{host}_id__in": ids}, feature__isnull=False)
            .values_list("feature_id", flat=True)
        )
    used.discard(None)
    return used


def feature_columns(
    model: type, features: list[Any], ids: list[int], using: Any
) -> dict[str, list[Any]]:
    """``{feature name: [value per id]}`` for the objects ``ids``."""
    wanted = {f.pk: f for f in features}
    dtypes = {f.pk: parse_feature_dtype(f) for f in features}
    found: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for host, feature_id, value in _json_pairs(model, ids, using):
        if feature_id in wanted:
            found[(feature_id, host)].append(from_json(dtypes[feature_id], value))
    for link, host, label in _label_links(model):
        rows = (
            link.objects.using(using)
            .filter(**{f"{host}_id__in": ids}, feature_id__in=list(wanted))
            .order_by("id")
            .values_list(f"{host}_id", "feature_id", f"{label}_id")
        )
        rows = list(rows)
        if not rows:
            continue
        registry = link._meta.get_field(label).related_model
        labels = {
            row.pk: row
            for row in registry.objects.using(using).filter(
                pk__in={label_id for _, _, label_id in rows}
            )
            if getattr(row, "branch_id", 1) in context.default_branch_ids()
        }
        for host_id, feature_id, label_id in rows:
            if label_id in labels:
                field = dtypes[feature_id].target(registry.__name__).field
                found[(feature_id, host_id)].append(
                    label_value(labels[label_id], field)
                )
    return {
        f.name: [_cell(dtypes[f.pk], found.get((f.pk, pk))) for pk in ids]
        for f in features
    }


def _cell(dtype: Dtype, values: list[Any] | None) -> Any:
    if not values:
        return float("nan")
    if dtype.is_list:
        if dtype.is_cat:
            return list(values)
        return values[0] if len(values) == 1 else values
    if len(values) == 1:
        return values[0]
    try:
        return set(values)
    except TypeError:  # unhashable (dicts, lists)
        return values


def convert_column(dtype: Dtype, column: pd.Series) -> pd.Series:
    """pandas dtypes per api.md §1.6 for scalar columns."""
    if column.map(lambda v: isinstance(v, set | list | dict)).any():
        return column
    if dtype.is_cat:
        return column.astype("category")
    if dtype.simple == "bool":
        return column.astype("boolean")
    if dtype.simple == "int" and not pd.api.types.is_integer_dtype(column):
        return column.astype("Int64")
    if dtype.simple == "float":
        return column.astype("float64")
    if dtype.simple == "datetime":
        return pd.to_datetime(column).map(
            lambda v: v.tz_localize(None) if isinstance(v, pd.Timestamp) and v.tz else v
        )
    if dtype.simple == "date":
        return column.map(
            lambda v: v.date() if isinstance(v, dt.datetime) else v
        ).astype(object)
    return column
