"""``to_dataframe()`` (api.md §1.6): default columns, ``include`` paths, limits."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
from django.core.exceptions import FieldDoesNotExist

from ._dataframe_features import convert_column, feature_columns, resolve_features
from ._dtypes import parse_feature_dtype

logger = logging.getLogger("lamingui")

DEFAULT_DATAFRAME_LIMIT = 100
_TO_END = ("version_tag", "is_latest", "is_locked", "is_type", "created_at")


def default_columns(model: Any, privates: bool = False) -> list[str]:
    """Base columns: ``uid`` first, plain fields, flags at the end, then FK ids."""
    plain, fks = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.is_relation:
            fks.append(f.attname)
            continue
        if f.name == "updated_at":
            continue
        if f.name.startswith("_") and not privates and f.name != "_dtype_str":
            continue
        plain.append(f.name)
    tail = [c for c in _TO_END if c in plain]
    plain = [c for c in plain if c not in tail]
    if "uid" in plain:
        plain.remove("uid")
        plain.insert(0, "uid")
    return plain + tail + fks


def queryset_to_dataframe(
    qs: Any,
    include: str | list[str] | None = None,
    features: Any = False,
    limit: int | None = DEFAULT_DATAFRAME_LIMIT,
    order_by: str | None = "-id",
) -> pd.DataFrame:
    model = qs.model
    includes = [include] if isinstance(include, str) else list(include or [])
    privates = "privates" in includes
    include_features = "features" in includes
    includes = [i for i in includes if i not in {"privates", "features"}]
    if (
        model.__name__ == "Artifact"
        and not qs.query.is_sliced
        and "kind" not in str(qs.query.where)
    ):
        qs = qs.exclude(kind__startswith="__lamindb")
    if order_by and not qs.ordered and not qs.query.is_sliced:
        try:
            model._meta.get_field(order_by.lstrip("-"))
            qs = qs.order_by(order_by)
        except FieldDoesNotExist:
            pass
    columns = default_columns(model, privates=privates)
    if includes or include_features or features:
        base = ["uid"] if "uid" in columns else []
        rest = [c for c in columns if c not in base and not c.endswith("_id")]
        columns = base + rest[:1]
    rows_qs = qs
    truncated = False
    if limit is not None and not qs.query.is_sliced:
        rows_qs = qs[: limit + 1]
    values = list(rows_qs.values("id", *columns))
    if limit is not None and len(values) > limit:
        values, truncated = values[:limit], True
    if truncated and limit == DEFAULT_DATAFRAME_LIMIT:
        logger.warning(
            "truncated query result to limit=%d %s objects", limit, model.__name__
        )
    if not values:
        return pd.DataFrame(columns=["id", *columns])
    df = pd.DataFrame.from_records(values, columns=["id", *columns]).set_index("id")
    position = len(df.columns)
    for path in includes:
        df.insert(min(position, len(df.columns)), path, _included(model, qs, df, path))
        position += 1
    ids = list(df.index)
    chosen = resolve_features(model, features, include_features, ids, qs.db)
    if chosen:
        cells = feature_columns(model, chosen, ids, qs.db)
        for feature in chosen:
            name = feature.name
            if name in df.columns:  # a base column of the same name keeps a new one
                df = df.rename(
                    columns={name: f"__lamindb_{model.__name__.lower()}_{name}__"}
                )
            column = pd.Series(cells[name], index=df.index, dtype=object)
            df[name] = convert_column(parse_feature_dtype(feature), column)
    return df


def _included(model: Any, qs: Any, df: pd.DataFrame, path: str) -> list[Any]:
    ids = list(df.index)
    to_many = _crosses_to_many(model, path)
    found: dict[Any, list[Any]] = {}
    for pk, value in (
        model.objects.using(qs.db).filter(pk__in=ids).values_list("pk", path)
    ):
        found.setdefault(pk, []).append(value)
    if to_many:
        return [set(found.get(pk, [None])) for pk in ids]
    return [found.get(pk, [None])[0] for pk in ids]


def _crosses_to_many(model: Any, path: str) -> bool:
    current = model
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        current = field.related_model
    return False
