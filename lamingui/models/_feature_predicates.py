"""Feature predicates: ``ln.Artifact.filter(temperature > 21)`` (api.md §1.4).

Comparing a saved :class:`Feature` with a value (``==``, ``!=``, ``>``, ``>=``,
``<``, ``<=``) or calling ``feature.is_null()`` gives a :class:`FeaturePredicate`
instead of a bool; ``filter()`` of Artifact, Run and Record turns it into the
same condition as the keyword form (``temperature__gt=21``). The operators live
in :class:`FeatureComparisons`, a mixin the ``Feature`` registry lists before
``SQLRecord`` so that its ``__eq__`` wins over Django's model equality.

Example::

    temperature = ln.Feature.get(name="temperature")
    ln.Artifact.filter(temperature > 21, key__startswith="raw/")
    ln.Record.filter(temperature.is_null())        # records without a value
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Q

#: registries whose filter() accepts predicates
PREDICATE_REGISTRIES = frozenset({"Artifact", "Run", "Record"})

_SYMBOLS = {"": "==", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "isnull": "is"}


class FeaturePredicate:
    """``feature <op> value``, waiting to be passed to ``filter()``."""

    __slots__ = ("comparator", "feature", "negate", "value")

    def __init__(
        self, feature: Any, comparator: str, value: Any, *, negate: bool = False
    ) -> None:
        self.feature = feature
        self.comparator = comparator
        self.value = value
        self.negate = negate

    def __bool__(self) -> bool:
        raise TypeError(
            "Feature predicates cannot be used as booleans. Pass them into "
            "`.filter(...)`."
        )

    def __repr__(self) -> str:
        if self.comparator == "isnull":
            return f"FeaturePredicate({self.feature.name}.is_null({self.value}))"
        symbol = "!=" if self.negate else _SYMBOLS[self.comparator]
        return f"FeaturePredicate({self.feature.name} {symbol} {self.value!r})"

    def to_q(self, model: type[models.Model], using: str | None) -> Q:
        """The condition on ``model``'s rows (``FieldError`` on other registries)."""
        if model.__name__ not in PREDICATE_REGISTRIES:
            raise FieldError(
                "Feature predicates are only supported for Artifact, Run, and "
                f"Record, not {model.__name__}."
            )
        # imported here: _feature_filter reaches the link tables through the app
        from ._feature_filter import feature_condition  # noqa: PLC0415

        condition = feature_condition(
            model, self.feature, self.comparator, self.value, using
        )
        # ``!=`` excludes the equal ones, so objects without a value stay in
        return ~condition if self.negate else condition


def resolve_predicates(
    model: type[models.Model], queries: tuple[Any, ...], using: str | None
) -> tuple[Any, ...]:
    """``queries`` with every :class:`FeaturePredicate` turned into a ``Q``."""
    if not any(isinstance(q, FeaturePredicate) for q in queries):
        return queries
    return tuple(
        q.to_q(model, using) if isinstance(q, FeaturePredicate) else q for q in queries
    )


class FeatureComparisons:
    """Comparison operators of ``Feature`` that build :class:`FeaturePredicate`."""

    def _predicate_operand(self, other: Any) -> bool:
        """Whether ``self <op> other`` is a predicate rather than a comparison."""
        if getattr(self, "pk", None) is None or isinstance(other, FeaturePredicate):
            return False
        if isinstance(other, models.Model):
            if isinstance(other, type(self)):
                return False
            # a label of the feature's registry is a value, anything else is not
            from ._dtypes import parse_feature_dtype  # noqa: PLC0415 - cycle

            return type(other).__name__ in parse_feature_dtype(self).registries
        return True

    def __eq__(self, other: object) -> Any:
        if self._predicate_operand(other):
            return FeaturePredicate(self, "", other)
        return super().__eq__(other)

    def __ne__(self, other: object) -> Any:
        if self._predicate_operand(other):
            return FeaturePredicate(self, "", other, negate=True)
        equal = super().__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __gt__(self, other: Any) -> Any:
        return self._ordering("gt", other)

    def __ge__(self, other: Any) -> Any:
        return self._ordering("gte", other)

    def __lt__(self, other: Any) -> Any:
        return self._ordering("lt", other)

    def __le__(self, other: Any) -> Any:
        return self._ordering("lte", other)

    def _ordering(self, comparator: str, other: Any) -> Any:
        if self._predicate_operand(other):
            return FeaturePredicate(self, comparator, other)
        return NotImplemented

    def is_null(self, flag: bool = True) -> FeaturePredicate:
        """Objects without a value for this feature (``flag=False``: with one)."""
        if not isinstance(flag, bool):
            raise TypeError("Feature.is_null() expects a bool value.")
        return FeaturePredicate(self, "isnull", flag)

    __hash__ = models.Model.__hash__
