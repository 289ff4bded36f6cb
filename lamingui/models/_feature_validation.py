"""Validation of feature values before anything is written (api.md §7.1).

``ValuePlanner(host).plan(values, ...)`` resolves the keys to features, checks
every value against its feature's dtype and resolves categorical values to
label records. It returns a :class:`Plan` of rows to write or raises one error
that lists every problem. Costs a bounded number of queries, independent of
the number of values: one per feature lookup, registry and type.
"""

from __future__ import annotations

import math
import numbers
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from .. import context
from ..errors import ValidationError
from ._annotation_links import (
    LinkSpec,
    label_value,
    spec_for,
    visible,
    visible_rows_in,
)
from ._dtypes import (
    COERCE_HINT,
    CatTarget,
    Dtype,
    as_values,
    infer_dtype,
    parse_feature_dtype,
    registry_name,
    resolve_registry,
    validate_simple,
    wrong_dtype_line,
)
from ._names import get_name_field, resolve_field
from .base import BaseSQLRecord
from .feature import Feature

NUMERIC_LABEL_MESSAGE = (
    "Type mismatch: identifiers are 'numeric' but field_values are 'str/categorical'."
)


@dataclass
class Plan:
    """What one ``add_values`` call writes, built before anything is written."""

    json: list[tuple[Feature, Any]] = field(default_factory=list)
    links: dict[tuple[LinkSpec, int, int], None] = field(default_factory=dict)
    upgrade: list[Feature] = field(default_factory=list)


class ValuePlanner:
    """Checks a ``{feature: value}`` dict for one host and plans its rows."""

    def __init__(self, host: Any) -> None:
        self._host = host
        self._db = host._state.db
        self._kind = type(host).__name__

    def plan(self, values: Any, feature_field: Any, schema: Any) -> Plan:
        """The rows to write for ``values``; ``ValidationError`` lists all problems."""
        items = _checked_items(values)
        field_name = resolve_field(Feature, feature_field)
        pairs, members = self._resolve(items, field_name, schema)
        return self._validate(pairs, schema, members)

    def _resolve(
        self, items: list[tuple[Any, Any]], field_name: str, schema: Any
    ) -> tuple[list[tuple[Feature, Any]], list[Feature] | None]:
        explicit = {
            getattr(k, field_name): (k, v) for k, v in items if isinstance(k, Feature)
        }
        pairs = [(k, v) for k, v in items if isinstance(k, Feature)]
        strings = []
        for key, value in items:
            if isinstance(key, Feature):
                continue
            if key in explicit:  # the same feature as a string and a Feature key
                feature, other = explicit[key]
                if not _same(other, value):
                    what = "feature name" if field_name == "name" else "feature"
                    raise ValidationError(
                        f"Conflicting values for {what} '{feature.name}'."
                    )
                continue
            strings.append((key, value))
        members = None
        if schema is not None:
            members = list(schema.members)
            member_ids = {m.pk for m in members}
            outside = [
                getattr(f, field_name) for f, _ in pairs if f.pk not in member_ids
            ]
            if outside:
                raise ValidationError(
                    f"These feature keys are not in the provided schema: {outside}"
                )
            lookup = {getattr(m, field_name): m for m in members}
            found = {k: lookup[k] for k, _ in strings if k in lookup}
        else:
            found = self._lookup([k for k, _ in strings], field_name)
        unknown = [(k, v) for k, v in strings if k not in found]
        if unknown:
            raise ValidationError(_unknown_keys_message(unknown))
        out = pairs + [(found[k], v) for k, v in strings]
        return out, members

    def _lookup(self, keys: list[str], field_name: str) -> dict[str, Feature]:
        """Features by key; among namesakes the top-most in the type hierarchy."""
        if not keys:
            return {}
        rows = visible_rows_in(Feature, self._db, field_name, keys, is_type=False)
        grouped: dict[str, list[Feature]] = defaultdict(list)
        for feature in rows:
            grouped[getattr(feature, field_name)].append(feature)
        found: dict[str, Feature] = {}
        types: dict[int, tuple[int | None, str]] | None = None
        for key, candidates in grouped.items():
            if len(candidates) > 1:
                if types is None:
                    types = {
                        pk: (type_id, name)
                        for pk, type_id, name in Feature.objects.using(self._db)
                        .filter(is_type=True)
                        .values_list("id", "type_id", "name")
                    }
                depth = {f.pk: _depth(f.type_id, types) for f in candidates}
                top = min(depth.values())
                candidates = [f for f in candidates if depth[f.pk] == top]
            if len(candidates) > 1:
                where = (
                    "root-level features"
                    if top == 0
                    else f"features at depth {top} (under types: "
                    f"{sorted(types[f.type_id][1] for f in candidates)})"
                )
                raise ValidationError(
                    f"Ambiguous match for Feature '{key}': found {len(candidates)} "
                    f"{where}"
                )
            found[key] = candidates[0]
        return found

    def _validate(
        self,
        pairs: list[tuple[Feature, Any]],
        schema: Any,
        members: list[Feature] | None,
    ) -> Plan:
        plan = Plan()
        missing = _missing_required(pairs, schema, members)
        wrong: list[str] = []
        hint = False
        categorical = []
        for feature, value in pairs:
            dtype = parse_feature_dtype(feature)
            if dtype.is_cat:
                categorical.append((feature, dtype, value))
                continue
            stored, bad = validate_simple(dtype, value, bool(feature.coerce))
            if bad:
                wrong.append(wrong_dtype_line(feature.name, dtype.raw, bad))
                hint = hint or not feature.coerce
            else:
                plan.json.append((feature, stored))
        errors = self._resolve_labels(categorical, plan) + missing + wrong
        if hint:
            errors.append(COERCE_HINT)
        if errors:
            raise ValidationError("\n".join(errors))
        return plan

    def _resolve_labels(
        self, categorical: list[tuple[Feature, Dtype, Any]], plan: Plan
    ) -> list[str]:
        """Turn strings and records into link rows of ``plan``; error messages."""
        wanted: dict[CatTarget, set[str]] = defaultdict(set)
        parsed = []
        for feature, dtype, value in categorical:
            targets = dtype.targets or (CatTarget("ULabel"),)
            if not dtype.targets:
                plan.upgrade.append(feature)
            for target in targets:
                if not target.is_available:
                    raise ValidationError(_missing_registry_message(feature, target))
            records, strings = _split_labels(feature, dtype, as_values(value))
            names = [t.registry for t in targets]
            for record in records:
                if registry_name(type(record)) not in names:
                    raise ValidationError(
                        wrong_label_type_message(registry_name(type(record)), feature)
                    )
            for target in targets:
                wanted[target].update(strings)
            parsed.append((feature, targets, records, strings))
        allowed = {
            t: self._allowed_types(t)
            for t in {*wanted, *_targets(parsed)}
            if t.type_ref
        }
        matches = {
            t: self._match(t, s, allowed.get(t)) if s else {} for t, s in wanted.items()
        }
        errors = []
        for feature, targets, records, strings in parsed:
            labels, bad = [], []
            for record in records:
                target = next(
                    t for t in targets if t.registry == registry_name(type(record))
                )
                if target in allowed and record.type_id not in allowed[target][1]:
                    bad.append(label_value(record))  # outside the dtype's type
                else:
                    labels.append(record)
            for string in strings:
                hits = [matches[t][string] for t in targets if string in matches[t]]
                if hits:
                    labels.append(hits[0])  # union dtypes: the first registry wins
                else:
                    bad.append(string)
            if bad:
                errors.append(self._not_validated(feature, targets, bad, allowed))
                continue
            for label in labels:
                spec = spec_for(
                    self._host, registry_name(type(label)), with_feature=True
                )
                if spec is None:
                    raise ValidationError(
                        f"{self._kind} cannot hold {type(label).__name__} values of "
                        f"feature '{feature.name}': no link table stores them."
                    )
                plan.links[(spec, feature.pk, label.pk)] = None
        return errors

    def _allowed_types(self, target: CatTarget) -> tuple[Any, set[int]]:
        """The type named by ``target`` and the ids of it and its sub-types."""
        model = resolve_registry(target.registry)
        if not hasattr(model, "is_type"):
            raise ValidationError(
                f"{target.registry} has no types: '{target.display()}'."
            )
        types = visible(model, self._db).filter(is_type=True)
        found = (
            types.filter(uid=target.type_ref).first()
            or types.filter(name=target.type_ref).first()
        )
        if found is None:
            raise ValidationError(
                f"The type '{target.type_ref}' of dtype 'cat[{target.display()}]' "
                f"does not exist in {target.registry}."
            )
        subtypes = found._query_members(using=self._db).filter(is_type=True)
        return found, {found.pk, *subtypes.values_list("pk", flat=True)}

    def _match(
        self, target: CatTarget, strings: set[str], allowed: Any
    ) -> dict[str, Any]:
        """``{string: label}`` for the strings found in ``target``'s registry."""
        model = resolve_registry(target.registry)
        name = target.field or get_name_field(model)
        if target.filters or "__" in name:
            qs = visible(model, self._db).filter(**{f"{name}__in": list(strings)})
            if allowed is not None:
                qs = qs.filter(type_id__in=allowed[1])
            rows = qs.filter(**_filter_kwargs(target.filters)).order_by("id")
        else:
            extra = {} if allowed is None else {"type": sorted(allowed[1])}
            rows = visible_rows_in(model, self._db, name, sorted(strings), **extra)
        out: dict[str, Any] = {}
        for label in rows:
            out.setdefault(str(getattr(label, name)), label)
        return out

    def _not_validated(
        self, feature: Feature, targets: tuple[CatTarget, ...], bad: list, allowed: dict
    ) -> str:
        n = len(bad)
        lines = [
            f"{n} term{'s' if n != 1 else ''} not validated in feature "
            f"'{feature.name}': {', '.join(repr(v) for v in bad)}"
        ]
        first = resolve_registry(targets[0].registry)
        name = targets[0].field or get_name_field(first)
        if hasattr(first, "from_values"):
            lines.append(
                "    → fix typos, remove non-existent values, or save terms via: "
                f"objects = ln.{first.__name__}.from_values({bad!r}, field='{name}', "
                "create=True).save()"
            )
        else:
            lines.append(f"    → fix typos or remove non-existent {first.__name__}s")
        for target in targets:
            if target in allowed:
                type_record, ids = allowed[target]
                model = resolve_registry(target.registry)
                valid = visible(model, self._db).filter(type_id__in=ids, is_type=False)
                field_name = target.field or get_name_field(model)
                names = list(
                    valid.order_by("id").values_list(field_name, flat=True)[:20]
                )
                lines.append(
                    f"    → a valid label for subtype '{type_record.name}' has to be "
                    f"one of {names}"
                )
        return "\n".join(lines)


# -- helpers ------------------------------------------------------------------


def _targets(parsed: list) -> set[CatTarget]:
    return {t for _, targets, _, _ in parsed for t in targets}


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # e.g. numpy arrays
        return as_values(a) == as_values(b)


def _depth(type_id: int | None, types: dict[int, tuple[int | None, str]]) -> int:
    depth, seen = 0, set()
    while type_id is not None and type_id not in seen and type_id in types:
        seen.add(type_id)
        depth += 1
        type_id = types[type_id][0]
    return depth


def _checked_items(values: Any) -> list[tuple[Any, Any]]:
    if not isinstance(values, dict):
        raise TypeError("values must be a dictionary: {feature: value}")
    items = []
    for key, value in values.items():
        if not isinstance(key, str | Feature):
            raise TypeError(
                f"Feature-value dictionary keys must be `str` or `Feature`, "
                f"got {type(key)}"
            )
        if isinstance(key, Feature) and (key.pk is None or key._state.adding):
            raise ValidationError(
                f"Please save feature '{key.name}' before annotation."
            )
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue  # lamindb: None skips the feature
        items.append((key, value))
    return items


def _split_labels(
    feature: Feature, dtype: Dtype, items: list[Any]
) -> tuple[list[Any], list[str]]:
    records, strings = [], []
    for item in items:
        if isinstance(item, BaseSQLRecord):
            if item.pk is None or item._state.adding:
                raise ValidationError(f"{type(item).__name__} {item} is not saved.")
            records.append(item)
        elif isinstance(item, str):
            strings.append(item)
        elif isinstance(item, bool | numbers.Number):
            raise TypeError(NUMERIC_LABEL_MESSAGE)
        else:
            raise TypeError(
                f"Value for feature '{feature.name}' with dtype '{dtype.raw}' must be "
                f"a string or record, got {item!r}."
            )
    return list(dict.fromkeys(records)), list(dict.fromkeys(strings))


def wrong_label_type_message(registry: str, feature: Feature) -> str:
    """The error for a label whose registry is not in the feature's dtype."""
    dtype = feature._dtype_str or ""
    inner = dtype[4:-1] if dtype.startswith("cat[") else dtype
    return (
        f"Label type {registry} is not valid for Feature(name='{feature.name}', "
        f"dtype='{dtype}'), consider a feature with dtype='cat[{inner}|{registry}]'"
    )


def _missing_registry_message(feature: Feature, target: CatTarget) -> str:
    module = target.registry.split(".")[0]
    return (
        f"Feature '{feature.name}' has dtype '{feature._dtype_str}', but the registry "
        f"'{target.registry}' is not available: lamingui does not include the "
        f"'{module}' module."
    )


def _missing_required(
    pairs: list[tuple[Feature, Any]], schema: Any, members: list[Feature] | None
) -> list[str]:
    """Schema members without a value: all but the optional ones (minimal sets)."""
    if schema is None or not members or not schema.minimal_set:
        return []
    optional = set(schema.optionals.get_uids())
    present = {f.pk for f, _ in pairs}
    return [
        f"COLUMN_NOT_IN_DATAFRAME: column '{m.name}' not in dataframe"
        for m in members
        if m.pk not in present and m.uid not in optional
    ]


def _unknown_keys_message(unknown: list[tuple[str, Any]]) -> str:
    lines, type_kwarg = [], ""
    run_id = context.current_run_id()
    if run_id is not None:
        run_model = apps.get_model("lamingui", "Run")
        run = run_model.objects.select_related("transform").filter(pk=run_id).first()
        if run is not None:
            name = f"{run.transform.kind}[{run.transform.key}]"
            lines.append(
                f"  feature_type = ln.Feature(name='{name}', is_type=True).save()"
            )
            type_kwarg = ", type=feature_type"
    lines += [
        f"  ln.Feature(name='{key}', dtype='{infer_dtype(value)}'{type_kwarg}).save()"
        for key, value in unknown
    ]
    return (
        f"These keys could not be validated: {[k for k, _ in unknown]}\n"
        "Here is how to create a feature:\n\n" + "\n".join(lines)
    )


def _filter_kwargs(filters: str) -> dict[str, str]:
    """``"schema__uid='abc', key='x'"`` as keyword arguments."""
    out = {}
    for part in filters.split(","):
        key, _, value = part.partition("=")
        if key.strip():
            out[key.strip()] = value.strip().strip("'\"")
    return out
