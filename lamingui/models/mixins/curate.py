"""``CanCurate``, ``HasSynonyms``, ``HasAbbr``, ``ValidateFields`` (models.md §2.8).

All four are behaviour-only mixins. Curation works in bulk: one query per call
for the registry's values, never one per value.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

from ... import context
from ...errors import FieldValidationError, SynonymsNotSupported, ValidationError
from .._names import get_name_field
from ..hooks import LifecycleHooks
from ..querysets import SQLRecordList

logger = logging.getLogger("lamingui")


def _as_list(values: Any) -> list[Any]:
    if isinstance(values, str):
        return [values]
    if hasattr(values, "tolist"):
        return list(values.tolist())
    return list(values)


def _visible(cls: Any) -> Any:
    manager = cls.objects
    if hasattr(cls, "branch_id"):
        return manager.filter(branch_id__in=context.default_branch_ids())
    return manager.all()


def _synonym_map(cls: Any, field_name: str, case_sensitive: bool) -> dict[str, str]:
    """synonym -> value of ``field_name`` for registries with a ``synonyms`` field."""
    if not _has_field(cls, "synonyms"):
        return {}
    mapping: dict[str, str] = {}
    rows = _visible(cls).exclude(synonyms=None).values_list(field_name, "synonyms")
    for value, synonyms in rows:
        for synonym in (synonyms or "").split("|"):
            if synonym:
                mapping.setdefault(
                    synonym if case_sensitive else synonym.lower(), value
                )
    return mapping


def _existing_values(cls: Any, field_name: str, wanted: set[Any]) -> set[Any]:
    """Which of ``wanted`` occur in ``field_name`` among visible records."""
    rows = _visible(cls).filter(**{f"{field_name}__in": list(wanted)})
    return set(rows.values_list(field_name, flat=True))


def _has_field(cls: Any, name: str) -> bool:
    return any(f.name == name for f in cls._meta.concrete_fields)


@dataclass
class InspectResult:
    """What ``inspect()`` found: validated and non-validated values, synonyms."""

    validated: list[Any]
    non_validated: list[Any]
    frac_validated: float
    n_empty: int
    n_unique: int
    synonyms_mapper: dict[str, str] = field(default_factory=dict)
    values: list[Any] = field(default_factory=list)

    @property
    def df(self) -> Any:
        import pandas as pd  # noqa: PLC0415 - only when asked for

        valid = set(self.validated)
        return pd.DataFrame(
            {"value": self.values, "__validated__": [v in valid for v in self.values]}
        )


class CanCurate:
    """Behaviour-only mixin: validate, inspect, standardize and create from values."""

    @classmethod
    def validate(
        cls, values: Any, field: Any = None, *, mute: bool = False, **kwargs: Any
    ) -> Any:
        """Boolean array: which values exist in the registry's ``field``."""
        import numpy as np  # noqa: PLC0415

        field_name = get_name_field(cls, field=field)
        items = _as_list(values)
        existing = _existing_values(cls, field_name, set(items))
        result = np.array([v in existing for v in items], dtype=bool)
        if not mute:
            n_bad = int((~result).sum())
            if n_bad:
                logger.warning("%d values are not validated", n_bad)
            else:
                logger.info("all %d values are validated", len(items))
        return result

    @classmethod
    def inspect(
        cls, values: Any, field: Any = None, *, mute: bool = False, **kwargs: Any
    ) -> InspectResult:
        """Which values validate, which do not, and which are known synonyms."""
        field_name = get_name_field(cls, field=field)
        items = _as_list(values)
        n_empty = sum(1 for v in items if v is None or v == "")
        unique = list(dict.fromkeys(v for v in items if v is not None and v != ""))
        valid_mask = cls.validate(unique, field=field_name, mute=True)
        validated = [v for v, ok in zip(unique, valid_mask, strict=True) if ok]
        non_validated = [v for v, ok in zip(unique, valid_mask, strict=True) if not ok]
        synonyms = _synonym_map(cls, field_name, case_sensitive=False)
        mapper = {
            v: synonyms[v.lower()]
            for v in non_validated
            if isinstance(v, str) and v.lower() in synonyms
        }
        frac = len(validated) / len(unique) if unique else 1.0
        if not mute and non_validated:
            logger.warning(
                "%d unique terms (%.1f%%) are not validated for %s: %s",
                len(non_validated),
                100 * (1 - frac),
                field_name,
                ", ".join(map(repr, non_validated[:20])),
            )
            if mapper:
                logger.warning(
                    "   %d terms are synonyms: standardize them via .standardize()",
                    len(mapper),
                )
        return InspectResult(
            validated, non_validated, frac, n_empty, len(unique), mapper, items
        )

    @classmethod
    def standardize(
        cls,
        values: Any,
        field: Any = None,
        *,
        return_field: Any = None,
        return_mapper: bool = False,
        case_sensitive: bool = False,
        mute: bool = False,
        keep: str | bool = "first",
        synonyms_field: str = "synonyms",
        **kwargs: Any,
    ) -> Any:
        """Map values and synonyms to the registry's standard ``field`` values."""
        field_name = get_name_field(cls, field=field)
        return_name = get_name_field(cls, field=return_field) if return_field else None
        items = _as_list(values)
        norm = (lambda s: s) if case_sensitive else (lambda s: str(s).lower())
        target = return_name or field_name
        if target == field_name:
            # values that are already standard need no mapping: one indexed query
            standard = _existing_values(cls, field_name, set(items))
            if all(v in standard for v in items):
                if return_mapper:
                    return {}
                return values if isinstance(values, str) else list(items)
        exact = {
            norm(a): b
            for a, b in _visible(cls).values_list(field_name, target)
            if a is not None
        }
        synonyms = (
            _synonym_map(cls, target, case_sensitive)
            if synonyms_field and _has_field(cls, synonyms_field)
            else {}
        )
        mapper = {}
        for v in items:
            if not isinstance(v, str):
                continue
            hit = exact.get(norm(v), synonyms.get(norm(v)))
            if hit is not None and hit != v:
                mapper[v] = hit
        if return_mapper:
            return mapper
        out = [mapper.get(v, v) for v in items]
        return out[0] if isinstance(values, str) else out

    @classmethod
    def from_values(
        cls,
        values: Iterable[Any],
        field: Any = None,
        create: bool = False,
        standardize: bool = True,
        mute: bool = False,
        **kwargs: Any,
    ) -> SQLRecordList:
        """Records for ``values``: existing ones, and new unsaved ones if ``create``."""
        field_name = get_name_field(cls, field=field)
        items = list(dict.fromkeys(v for v in _as_list(values) if v not in (None, "")))
        found: dict[Any, Any] = {}
        for record in _visible(cls).filter(**{f"{field_name}__in": items}):
            found.setdefault(getattr(record, field_name), record)
        if standardize:
            missing = [v for v in items if v not in found]
            mapper = cls.standardize(missing, field=field_name, return_mapper=True)
            if mapper:
                for record in _visible(cls).filter(
                    **{f"{field_name}__in": list(mapper.values())}
                ):
                    for original, standard in mapper.items():
                        if getattr(record, field_name) == standard:
                            found.setdefault(original, record)
        # saved records only: unsaved model instances are unhashable
        out = list(dict.fromkeys(found[v] for v in items if v in found))
        new = [v for v in items if v not in found]
        if create:
            out += [cls(**{field_name: v}) for v in new]
        elif new and not mute:
            logger.warning(
                "did not create %s records for %d non-validated %ss: %s",
                cls.__name__,
                len(new),
                field_name,
                ", ".join(map(repr, new[:20])),
            )
        return SQLRecordList(out)


class HasSynonyms:
    """Behaviour-only mixin: a ``|``-joined ``synonyms`` text field."""

    def add_synonym(
        self, synonym: str | list[str], force: bool = False, save: bool | None = None
    ) -> None:
        """Add synonyms; refuses ones used by another record unless ``force``."""
        if not _has_field(type(self), "synonyms"):
            raise SynonymsNotSupported(f"{type(self).__name__} has no synonyms field")
        new = [s for s in _as_list(synonym) if s]
        if not new:
            return
        bad = [s for s in new if "|" in s]
        if bad:
            raise ValidationError(f"A synonym can't contain '|': {bad}")
        if not force:
            clashes = []
            for other in type(self).objects.exclude(pk=self.pk).exclude(synonyms=None):
                taken = set(other.synonyms.split("|"))
                clashes += [(s, other) for s in new if s in taken]
            if clashes:
                s, other = clashes[0]
                raise ValidationError(
                    f"synonym '{s}' is already used by {other!r}; pass force=True to "
                    "add it anyway"
                )
        current = [s for s in (self.synonyms or "").split("|") if s]
        self.synonyms = "|".join(dict.fromkeys(current + new)) or None
        if save or (save is None and self.pk is not None):
            self.save()

    def remove_synonym(self, synonym: str | list[str]) -> None:
        """Remove synonyms; saves if the record exists."""
        if not _has_field(type(self), "synonyms"):
            raise SynonymsNotSupported(f"{type(self).__name__} has no synonyms field")
        drop = set(_as_list(synonym))
        kept = [s for s in (self.synonyms or "").split("|") if s and s not in drop]
        self.synonyms = "|".join(kept) or None
        if self.pk is not None:
            self.save()


class HasAbbr:
    """Behaviour-only mixin: ``set_abbr`` for registries with an ``abbr`` field."""

    def set_abbr(self, value: str) -> None:
        """Set the abbreviation (also as a synonym where synonyms exist)."""
        self.abbr = value
        if _has_field(type(self), "synonyms") and value != self.name:
            self.add_synonym(value, save=False)
        if self.pk is not None:
            self.save()


class ValidateFields(LifecycleHooks):
    """Abstract model without fields: run Django's field validators at construction."""

    class Meta:
        abstract = True

    def _after_init(self) -> None:
        super()._after_init()
        try:
            self.clean_fields(exclude=_unvalidated(self))
        except DjangoValidationError as error:
            # api.md §9.3: one block per field, naming the value and the reason
            raise FieldValidationError(
                "".join(
                    f"\n  {name}: {getattr(self, name, None)} is not valid\n"
                    f"    → {' '.join(messages)}\n  "
                    for name, messages in error.message_dict.items()
                )
            ) from None


def _unvalidated(record: Any) -> list[str]:
    # only the fields whose validators matter (URL, DOI, lengths); blank values pass
    return [
        f.name
        for f in record._meta.fields
        if f.is_relation or getattr(record, f.attname) in (None, "")
    ]
