"""Filtering Artifacts, Runs and Records by feature values (api.md §1.4).

``ln.Record.filter(score__gt=40, cell="T cell")``: keys that are not fields of
the registry are feature names. Each becomes a ``pk__in`` condition built from
one query on the value table of that feature: JSON values (RecordJson, or the
JsonValue links of artifacts and runs) are compared in Python, so numbers
compare as numbers and dates as ISO strings on every backend; categorical
values are resolved to labels, then to the hosts linked to them under the
feature.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import Q

from .. import context
from ..errors import InvalidArgument, ObjectDoesNotExist
from ._annotation_links import JSON_LINKS, LINKS
from ._dtypes import Dtype, parse_feature_dtype
from ._names import get_name_field

logger = logging.getLogger("lamingui")

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}
_TEXT = {"contains", "icontains", "startswith", "istartswith"}


def feature_filter(
    model: type, expressions: dict[str, Any], fields: list[str], using: str | None
) -> Q:
    """A ``Q`` for the feature keys of ``expressions`` (all keys must be features)."""
    names = {key.split("__")[0] for key in expressions}
    feature_model = apps.get_model("lamingui", "Feature")
    features = {
        f.name: f
        for f in feature_model.objects.using(using).filter(
            name__in=names, branch_id__in=context.default_branch_ids()
        )
    }
    unknown = sorted(k for k in expressions if k.split("__")[0] not in features)
    if unknown:
        raise InvalidArgument(
            f"You can query either by available fields: {', '.join(fields)}\n"
            f"Or fix invalid feature names: {', '.join(unknown)}"
        )
    condition = Q()
    for key, value in expressions.items():
        name, _, comparator = key.partition("__")
        condition &= feature_condition(model, features[name], comparator, value, using)
    return condition


def feature_condition(
    model: type, feature: Any, comparator: str, value: Any, using: str | None
) -> Q:
    """A ``Q`` for one ``feature`` compared with ``value`` (``""`` is equality)."""
    dtype = parse_feature_dtype(feature)
    if dtype.is_cat:
        hosts = _categorical_hosts(model, feature, dtype, comparator, value, using)
    else:
        hosts = _json_hosts(model, feature, dtype, comparator, value, using)
    if comparator == "isnull" and value:  # objects without any value
        return ~Q(pk__in=hosts)
    return Q(pk__in=hosts)


def _json_hosts(
    model: type, feature: Any, dtype: Dtype, comparator: str, value: Any, using: Any
) -> set[int]:
    name = model.__name__
    link = JSON_LINKS[name]
    rows = link.objects.using(using)
    if name == "Record":
        pairs = rows.filter(feature=feature).values_list("record_id", "value")
    else:
        pairs = rows.filter(jsonvalue__feature=feature).values_list(
            f"{name.lower()}_id", "jsonvalue__value"
        )
    if comparator == "isnull":
        return {host for host, _ in pairs}
    if comparator in _TEXT and comparator != "icontains":
        logger.warning(
            "currently not supporting `__%s`, using `__icontains` instead", comparator
        )
        comparator = "icontains"
    target = _comparable(dtype, value)
    test = _test(comparator, target, dtype)
    return {host for host, stored in pairs if test(_comparable(dtype, stored))}


def _comparable(dtype: Dtype, value: Any) -> Any:
    """Dates and datetimes compare as ISO strings, numbers as numbers."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if dtype.simple in {"int", "float", "num"} and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _test(comparator: str, target: Any, dtype: Dtype) -> Callable[[Any], bool]:
    if comparator in ("", "exact"):
        if dtype.is_list and not isinstance(target, list):
            return lambda stored: isinstance(stored, list) and target in stored
        return lambda stored: stored == target
    if comparator in _COMPARE:
        compare = _COMPARE[comparator]

        def test(stored: Any) -> bool:
            try:
                return compare(stored, target)
            except TypeError:  # e.g. None or a string against a number
                return False

        return test
    if comparator == "icontains":
        needle = str(target).lower()
        return lambda stored: needle in str(stored).lower()
    if comparator == "in":
        options = list(target)
        return lambda stored: stored in options
    raise InvalidArgument(
        f"Unsupported comparator '__{comparator}' for feature values; use one of: "
        "exact, gt, gte, lt, lte, contains, icontains, startswith, in, isnull"
    )


def _categorical_hosts(
    model: type, feature: Any, dtype: Dtype, comparator: str, value: Any, using: Any
) -> set[int]:
    link_rows: list[tuple[Any, str, str]] = []  # (link model, host field, label field)
    for link, label_field, _ in LINKS[model.__name__]:
        registry = link._meta.get_field(label_field).related_model
        if registry.__name__ in dtype.registries and any(
            f.name == "feature" for f in link._meta.concrete_fields
        ):
            link_rows.append((link, model.__name__.lower(), label_field))
    hosts: set[int] = set()
    if comparator == "isnull":
        for link, host_field, _ in link_rows:
            hosts |= set(
                link.objects.using(using)
                .filter(feature=feature)
                .values_list(f"{host_field}_id", flat=True)
            )
        return hosts
    misses = []
    for link, host_field, label_field in link_rows:
        registry = link._meta.get_field(label_field).related_model
        try:
            label_ids = _label_ids(registry, dtype, comparator, value, using)
        except ObjectDoesNotExist as missing:
            misses.append(missing)
            continue
        if label_ids is None:
            continue
        hosts |= set(
            link.objects.using(using)
            .filter(feature=feature, **{f"{label_field}_id__in": label_ids})
            .values_list(f"{host_field}_id", flat=True)
        )
    if misses and len(misses) == len(link_rows):
        raise misses[0]
    return hosts


def _label_ids(
    registry: type, dtype: Dtype, comparator: str, value: Any, using: Any
) -> list[int] | None:
    """Ids of the labels ``value`` names; ``None`` if it is a record of another one."""
    values = value if isinstance(value, list | tuple | set) else [value]
    records = [v for v in values if hasattr(v, "_meta")]
    if records:
        ids = [r.pk for r in records if isinstance(r, registry)]
        return ids or None
    field = dtype.target(registry.__name__).field or get_name_field(registry)
    lookup = f"{field}__{comparator}" if comparator else field
    if comparator in ("", "exact") and isinstance(value, list | tuple | set):
        lookup = f"{field}__in"
        value = list(value)
    ids = list(
        registry.objects.using(using)
        .filter(**{lookup: value})
        .values_list("pk", flat=True)
    )
    if not ids:
        raise ObjectDoesNotExist(
            f"Did not find a {registry.__name__} matching `{lookup}={value}`"
        )
    return ids
