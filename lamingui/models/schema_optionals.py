"""``SchemaOptionals``: which members of a schema are optional (api.md §9.2).

The uids of optional features live in ``schema._aux["af"]["1"]``; the methods
change the schema in memory, and ``schema.save()`` persists them.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Case, IntegerField, Value, When


def _as_features(features: Any, allow_single: bool) -> list[Any]:
    feature_model = apps.get_model("lamingui", "Feature")
    if allow_single and isinstance(features, feature_model):
        features = [features]
    if not isinstance(features, list) or not all(
        isinstance(f, feature_model) for f in features
    ):
        raise TypeError("features must be a list of Feature records!")
    return features


class SchemaOptionals:
    """Optional members of a schema: ``schema.optionals``."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema

    def get_uids(self) -> list[str]:
        """uids of the optional features (no database query)."""
        return list(((self.schema._aux or {}).get("af") or {}).get("1") or [])

    def get(self) -> Any:
        """The optional features, in the order they were made optional."""
        feature_model = apps.get_model("lamingui", "Feature")
        uids = self.get_uids()
        if not uids:
            return feature_model.objects.none()
        order = Case(
            *[When(uid=uid, then=Value(i)) for i, uid in enumerate(uids)],
            output_field=IntegerField(),
        )
        return feature_model.objects.filter(uid__in=uids).order_by(order)

    def set(self, features: list[Any]) -> None:
        """Replace the optional features (an empty list changes nothing)."""
        features = _as_features(features, allow_single=False)
        if features:
            self._write([f.uid for f in features])

    def add(self, features: Any) -> None:
        """Make one feature or a list of features optional."""
        features = _as_features(features, allow_single=True)
        uids = self.get_uids()
        self._write(uids + [f.uid for f in features if f.uid not in uids])

    def remove(self, features: Any) -> None:
        """Make features required again; a feature that isn't optional -> ValueError."""
        features = _as_features(features, allow_single=True)
        uids = self.get_uids()
        for feature in features:
            uids.remove(feature.uid)  # ValueError when it was not optional
        self._write(uids)

    def _write(self, uids: list[str]) -> None:
        aux = dict(self.schema._aux or {})
        groups = dict(aux.get("af") or {})
        if uids:
            groups["1"] = uids
        else:
            groups.pop("1", None)
        if groups:
            aux["af"] = groups
        else:
            aux.pop("af", None)
        self.schema._aux = aux or None

    def __repr__(self) -> str:
        return f"SchemaOptionals({self.get_uids()!r})"
