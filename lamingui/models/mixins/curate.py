"""``CanCurate``, ``HasSynonyms``, ``HasAbbr``, ``ValidateFields`` (models.md §2.8).

All four are behaviour-only mixins. Curation works in bulk: a constant number
of queries per call, never one per value (the engine is ``.._curate``).
``validate``, ``inspect``, ``standardize`` and ``from_values`` are class-only.
Registries backed by a public source (bionty-like) override the hooks of
``CanCurate``: ``_curation_queryset`` (the reference set), ``_inspect_unmatched``,
``_standardize_leftover`` and ``_from_values_missing`` (the public-source steps)
and ``_empty_registry_hint``. The hooks get ``scope``: the ``organism``,
``source``, ``strict_source`` and ``from_source`` arguments of the call. Query
sets pass no scope, so their curation never runs the hooks.
"""

from __future__ import annotations

import logging
import types
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q

from ... import context
from ...errors import FieldValidationError, SynonymsNotSupported, ValidationError
from .. import _curate
from .._curate import SUCCESS, as_keys, as_values, has_field, quoted
from .._names import get_name_field
from ..hooks import LifecycleHooks
from ..querysets import SQLRecordList

logger = logging.getLogger("lamingui")


@dataclass
class CurationScope:
    """The arguments of one curation call that the hooks of ``CanCurate`` see."""

    organism: Any = None
    source: Any = None
    strict_source: bool = False
    from_source: bool = True
    mute: bool = False
    #: ``standardize``: the field returned and how to match
    return_field: str | None = None
    case_sensitive: bool = False
    keep: str | bool = "first"
    synonyms: bool = True
    #: ``from_values``
    create: bool = False
    standardize: bool = True
    matched: list[Any] = dataclass_field(default_factory=list)


def _visible(cls: Any) -> Any:
    """Rows of ``cls`` in the current branch and main (trash and archive hidden)."""
    manager = cls.objects
    if hasattr(cls, "branch_id"):
        return manager.filter(branch_id__in=context.default_branch_ids())
    return manager.all()


class _ClassOnly:
    """Descriptor: a classmethod whose call on an instance raises ``TypeError``."""

    def __init__(self, func: Any) -> None:
        self.func = func
        self.__doc__ = func.__doc__
        self.__wrapped__ = func

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return types.MethodType(self.func, owner)
        name, kind = self.name, type(obj).__name__

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise TypeError(
                f"{kind}.{name}() is a class method and must be called on the "
                f"{kind} class, not on a {kind} object"
            )

        return refuse


class InspectResult:
    """What ``inspect()`` found (api.md §6.5); all attributes are read-only.

    ``result["validated"]`` / ``result["non_validated"]`` (legacy ``"mapped"`` /
    ``"not_mapped"``) work like the properties.
    """

    def __init__(
        self,
        validated_df: Any,
        validated: list[Any],
        nonvalidated: list[Any],
        frac_validated: float,
        n_empty: int,
        n_unique: int,
    ) -> None:
        self._df = validated_df
        self._validated = validated
        self._non_validated = nonvalidated
        self._frac_validated = frac_validated
        self._n_empty = n_empty
        self._n_unique = n_unique
        self._synonyms_mapper: dict[str, Any] = {}

    @property
    def df(self) -> Any:
        """DataFrame indexed by the inputs with a boolean ``__validated__`` column."""
        return self._df

    @property
    def validated(self) -> list[Any]:
        """Unique, non-empty validated values in first-seen order."""
        return self._validated

    @property
    def non_validated(self) -> list[Any]:
        """Unique, non-empty values that did not validate, in first-seen order."""
        return self._non_validated

    @property
    def frac_validated(self) -> float:
        """Percentage (0 to 100) of the unique values that validated."""
        return self._frac_validated

    @property
    def n_empty(self) -> int:
        """Number of inputs that were empty or duplicates."""
        return self._n_empty

    @property
    def n_unique(self) -> int:
        """Number of unique, non-empty inputs."""
        return self._n_unique

    @property
    def synonyms_mapper(self) -> dict[str, Any]:
        """``{non-validated input: canonical name}`` found via synonyms or casing."""
        return self._synonyms_mapper

    def __getitem__(self, key: str) -> list[Any]:
        if key in {"validated", "mapped"}:
            return self._validated
        if key in {"non_validated", "not_mapped"}:
            return self._non_validated
        raise KeyError("invalid key")

    def __repr__(self) -> str:
        return (
            f"InspectResult(validated={len(self._validated)}, "
            f"non_validated={len(self._non_validated)}, "
            f"frac_validated={self._frac_validated})"
        )


def inspect_values(
    model: Any,
    qs: Any,
    values: Any,
    field: Any = None,
    *,
    mute: bool = False,
    scope: CurationScope | None = None,
) -> InspectResult:
    """``inspect`` against the reference set ``qs`` (api.md §6.2).

    With ``scope`` the registry's ``_inspect_unmatched`` hook sees (and logs
    about) the values that neither validated nor map via synonyms.
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads on first curation call

    field_name = get_name_field(model, field=field)
    items = as_values(values)
    _curate.check_types(model, field_name, items)
    keys = as_keys(items)
    unique = _curate.unique_nonempty(keys)
    found = _curate.matching_values(qs, field_name, unique)
    validated = [k for k in unique if k in found]
    non_validated = [k for k in unique if k not in found]
    n_unique = len(unique)
    frac = (
        round(100 - round(len(non_validated) / n_unique * 100, 1), 1) if n_unique else 0
    )
    mask = pd.Series(keys, dtype=object).isin(found).to_numpy()
    df = pd.DataFrame({"__validated__": mask}, index=pd.Index(items, dtype=object))
    result = InspectResult(
        df,
        validated,
        non_validated,
        frac,
        len(keys) - n_unique if n_unique else 0,
        n_unique,
    )
    if (
        non_validated
        and field_name == get_name_field(model)
        and has_field(model, "synonyms")
    ):
        result._synonyms_mapper = _curate.map_non_exact(
            qs,
            field_name,
            non_validated,
            case_sensitive=False,
            keep="first",
            synonyms_field="synonyms",
        )
    if not mute:
        if not validated:
            _curate.warn_if_empty(qs, getattr(model, "_empty_registry_hint", ""))
        _curate.log_statistics(field_name, validated, non_validated, len(keys))
        _log_inspect_hints(model, result, field_name, scope)
    return result


def _log_inspect_hints(
    model: Any, result: InspectResult, field_name: str, scope: CurationScope | None
) -> None:
    mapper = result.synonyms_mapper
    if mapper:
        casing = any(
            isinstance(v, str) and k.lower() == v.lower() for k, v in mapper.items()
        )
        logger.warning(
            "   detected %d unique term%s with %ssynonym%s: %s",
            len(mapper),
            "" if len(mapper) == 1 else "s",
            "inconsistent casing/" if casing else "",
            "" if len(mapper) == 1 else "s",
            ", ".join(map(str, mapper)),
        )
        logger.warning("→  standardize terms via .standardize()")
    unmatched = [v for v in result.non_validated if v not in mapper]
    if unmatched and scope is not None:
        unmatched = model._inspect_unmatched(unmatched, field_name, scope)
    if unmatched:
        logger.warning(
            "   couldn't validate %d term%s: %s",
            len(unmatched),
            "" if len(unmatched) == 1 else "s",
            quoted(unmatched),
        )
        logger.warning(
            "→  if you are sure, create new record(s) via %s() and save to your "
            "registry",
            model.__name__,
        )


def standardize_values(
    model: Any,
    qs: Any,
    values: Any,
    field: Any = None,
    *,
    return_field: Any = None,
    return_mapper: bool = False,
    case_sensitive: bool = False,
    mute: bool = False,
    keep: str | bool = "first",
    synonyms_field: str = "synonyms",
    scope: CurationScope | None = None,
) -> Any:
    """``standardize`` against the reference set ``qs`` (api.md §6.3).

    With ``scope`` the registry's ``_standardize_leftover`` hook maps the values
    the reference set could not (for a registry with ``_has_public_source`` also
    those of a field without synonyms).
    """
    _curate.check_keep(keep)
    field_name = get_name_field(model, field=field)
    return_name = get_name_field(model, field=return_field) if return_field else None
    single = isinstance(values, str)
    items = as_values(values)
    active = field_name == get_name_field(model) and has_field(model, synonyms_field)
    strings = [v for v in dict.fromkeys(v for v in items if isinstance(v, str)) if v]
    if not active:
        mapper = {}
        if scope is not None and model._has_public_source and strings:
            exact = _curate.matching_values(qs, field_name, strings)
            mapper = model._standardize_leftover(
                [k for k in strings if k not in exact],
                field_name,
                replace(scope, return_field=return_name or field_name, synonyms=False),
            )
        if return_mapper:
            return mapper
        out = [mapper.get(v, v) if isinstance(v, str) else v for v in items]
        return out[0] if single and out else out
    if keep is False and not mute:
        logger.warning("returning list might contain lists when 'keep=False'")
    exact = _curate.matching_values(qs, field_name, strings)
    standard: dict[str, Any] = {k: k for k in strings if k in exact}
    standard.update(
        _curate.map_non_exact(
            qs,
            field_name,
            [k for k in strings if k not in exact],
            case_sensitive=case_sensitive,
            keep=keep,
            synonyms_field=synonyms_field,
        )
    )
    if return_name and return_name != field_name:
        targets = {
            x for v in standard.values() for x in (v if isinstance(v, list) else [v])
        }
        convert = _curate.convert_field(
            qs, field_name, return_name, targets, keep or "first"
        )
        standard = {
            k: [convert.get(x, x) for x in v]
            if isinstance(v, list)
            else convert.get(v, v)
            for k, v in standard.items()
        }
    leftover = [k for k in strings if k not in standard]
    if leftover and scope is not None:
        standard.update(
            model._standardize_leftover(
                leftover,
                field_name,
                replace(scope, return_field=return_name or field_name),
            )
        )
    mapper = {k: v for k, v in standard.items() if v != k}
    if not mute:
        logger.info("standardized %d/%d term(s)", len(mapper), len(strings))
    if return_mapper:
        return mapper
    out = [mapper.get(v, v) if isinstance(v, str) else v for v in items]
    return out[0] if single and out else out


def records_from_values(
    model: Any,
    qs: Any,
    values: Any,
    field: Any = None,
    *,
    create: bool = False,
    standardize: bool = True,
    mute: bool = False,
    scope: CurationScope | None = None,
    **ignored: Any,
) -> SQLRecordList:
    """``from_values`` against the reference set ``qs`` (api.md §6.4).

    With ``scope`` the registry's ``_from_values_missing`` hook gets the values
    not found (and the records found) and may build records for them.
    """
    field_name = get_name_field(model, field=field)
    items = [v for v in as_values(values) if not _curate.is_empty(v)]
    if create:
        return _create_from_values(model, qs, items, field_name, scope)
    unique = list(dict.fromkeys(as_keys(items)))
    mapper: dict[str, Any] = {}
    name_field = get_name_field(model)
    if standardize and field_name == name_field and has_field(model, "synonyms"):
        exact = _curate.matching_values(qs, field_name, unique)
        mapper = _curate.map_non_exact(
            qs,
            field_name,
            [k for k in unique if k not in exact],
            case_sensitive=False,
            keep="first",
            synonyms_field="synonyms",
        )
    wanted = list(dict.fromkeys([*unique, *mapper.values()]))
    records = list(_curate.filter_in(qs, field_name, wanted).order_by("pk"))
    present = {str(getattr(r, field_name)) for r in records}
    by_synonym = [k for k, v in mapper.items() if v in present]
    matched = [k for k in unique if k in present]
    missing = [k for k in unique if k not in present and k not in by_synonym]
    created: list[Any] = []
    if missing and scope is not None:
        built = model._from_values_missing(
            missing, field_name, replace(scope, matched=records)
        )
        saved = {r.pk for r in records}
        for key in missing:
            for record in built.get(key, ()):
                if record.pk is None or record.pk not in saved:
                    created.append(record)
                    saved.add(record.pk)
        missing = [k for k in missing if k not in built]
    if not mute:
        _log_loaded(model, field_name, by_synonym, matched, missing)
    return SQLRecordList(records + _unique_objects(created))


def _unique_objects(records: list[Any]) -> list[Any]:
    seen: set[int] = set()
    out = []
    for record in records:
        if id(record) not in seen:
            seen.add(id(record))
            out.append(record)
    return out


def _create_from_values(
    model: Any,
    qs: Any,
    items: list[Any],
    field_name: str,
    scope: CurationScope | None,
) -> SQLRecordList:
    """``create=True``: an existing or a new record per input (api.md §6.4)."""
    keys = as_keys(items)
    unique = list(dict.fromkeys(keys))
    existing: dict[str, Any] = {}
    for record in _curate.filter_in(qs, field_name, unique).order_by("pk"):
        existing.setdefault(str(getattr(record, field_name)), record)
    missing = [k for k in unique if k not in existing]
    built: dict[str, list[Any]] = {}
    if missing and scope is not None:
        built = model._from_values_missing(
            missing, field_name, replace(scope, matched=list(existing.values()))
        )
    out: list[Any] = []
    handled: set[str] = set()
    for key, value in zip(keys, items, strict=True):
        if key in existing:
            out.append(existing[key])
        elif key in built:
            out.extend(built[key] if key not in handled else [])
            handled.add(key)  # a repeated value adds nothing more
        else:
            out.append(model(**{field_name: value}))
    return SQLRecordList(out)


def _log_loaded(
    model: Any,
    field_name: str,
    by_synonym: list[str],
    matched: list[str],
    missing: list[str],
) -> None:
    if by_synonym:
        logger.log(
            SUCCESS,
            "loaded %d %s record(s) matching synonyms: %s",
            len(by_synonym),
            model.__name__,
            quoted(by_synonym),
        )
    if missing:
        if matched:
            logger.log(
                SUCCESS,
                "loaded %d %s record(s) matching %s: %s",
                len(matched),
                model.__name__,
                field_name,
                quoted(matched),
            )
        logger.info(
            "did not create %s record(s) for %d non-validated %s(s): %s",
            model.__name__,
            len(missing),
            field_name,
            quoted(missing),
        )


class CanCurate:
    """Behaviour-only mixin: validate, inspect, standardize and create from values.

    ``values`` may be a ``str``, a list, a pandas Series/Index or a numpy array;
    ``field`` defaults to the name field. The reference set is the registry's
    visible rows (``Registry.filter()``). ``organism``, ``source``,
    ``strict_source`` and ``from_source`` only matter for source-backed
    registries and are ignored by the core ones.
    """

    _empty_registry_hint: str = ""
    #: ``standardize`` asks ``_standardize_leftover`` also for non-name fields
    _has_public_source: bool = False

    @classmethod
    def _curation_queryset(cls, field: str, values: Any, scope: CurationScope) -> Any:
        """The reference set; source-backed registries restrict it.

        ``field`` (the resolved field name) and ``values`` (the raw inputs) let
        such a registry resolve an organism from the values.
        """
        return _visible(cls)

    @classmethod
    def _inspect_unmatched(
        cls, values: list[Any], field: str, scope: CurationScope
    ) -> list[Any]:
        """Hook: ``inspect`` values that neither validated nor map via synonyms.

        May log what it finds elsewhere; returns the values still unmatched
        (the core logs "couldn't validate" for them). Called unless muted.
        """
        return values

    @classmethod
    def _standardize_leftover(
        cls, values: list[Any], field: str, scope: CurationScope
    ) -> dict[Any, Any]:
        """Hook: ``{value: standardized scope.return_field value}`` for values the
        reference set could not map (only those that change)."""
        return {}

    @classmethod
    def _from_values_missing(
        cls, missing: list[Any], field: str, scope: CurationScope
    ) -> dict[Any, list[Any]]:
        """Hook: ``{value: [records]}`` built for values ``from_values`` did not
        find (``scope.matched`` holds the records it found). With
        ``scope.create`` a value left out gets a plain new record from the core."""
        return {}

    @_ClassOnly
    def validate(
        cls,
        values: Any,
        field: Any = None,
        *,
        mute: bool = False,
        organism: Any = None,
        source: Any = None,
        strict_source: bool = False,
    ) -> Any:
        """Boolean array: which inputs occur exactly (case-sensitive) in ``field``.

        Example:
            >>> ln.ULabel.validate(["A", "zz"]).tolist()
            [True, False]
        """
        field_name = get_name_field(cls, field=field)
        scope = CurationScope(organism, source, strict_source)
        qs = cls._curation_queryset(field_name, values, scope)
        return _curate.validate_values(
            qs,
            values,
            field_name,
            mute=mute,
            empty_hint=cls._empty_registry_hint,
        )

    @_ClassOnly
    def inspect(
        cls,
        values: Any,
        field: Any = None,
        *,
        mute: bool = False,
        organism: Any = None,
        source: Any = None,
        from_source: bool = True,
        strict_source: bool = False,
    ) -> InspectResult:
        """Which inputs validate, which do not, and which are synonyms or miscased.

        Logs what to do next unless ``mute``.
        """
        field_name = get_name_field(cls, field=field)
        scope = CurationScope(organism, source, strict_source, from_source, mute)
        qs = cls._curation_queryset(field_name, values, scope)
        return inspect_values(cls, qs, values, field_name, mute=mute, scope=scope)

    @_ClassOnly
    def standardize(
        cls,
        values: Any,
        field: Any = None,
        *,
        return_field: Any = None,
        return_mapper: bool = False,
        case_sensitive: bool = False,
        mute: bool = False,
        from_source: bool = True,
        keep: str | bool = "first",
        synonyms_field: str = "synonyms",
        organism: Any = None,
        source: Any = None,
        strict_source: bool = False,
    ) -> Any:
        """Map inputs (case variants, synonyms) to the canonical ``field`` values.

        Returns a list (a ``str`` for a ``str`` input), or with ``return_mapper``
        ``{input: standardized}`` for the inputs that changed.
        """
        field_name = get_name_field(cls, field=field)
        scope = CurationScope(
            organism,
            source,
            strict_source,
            from_source,
            mute,
            case_sensitive=case_sensitive,
            keep=keep,
        )
        qs = cls._curation_queryset(field_name, values, scope)
        return standardize_values(
            cls,
            qs,
            values,
            field_name,
            return_field=return_field,
            return_mapper=return_mapper,
            case_sensitive=case_sensitive,
            mute=mute,
            keep=keep,
            synonyms_field=synonyms_field,
            scope=scope,
        )

    @_ClassOnly
    def from_values(
        cls,
        values: Any,
        field: Any = None,
        create: bool = False,
        organism: Any = None,
        source: Any = None,
        standardize: bool = True,
        from_source: bool = True,
        mute: bool = False,
    ) -> SQLRecordList:
        """Records for ``values``: the existing ones; with ``create`` also new,
        unsaved ones (call ``.save()`` on the result).

        ``create=False`` maps synonyms to names first (``standardize``) and drops
        values it cannot find. ``create=True`` builds one record per non-empty
        input (duplicates kept, existing records reused).
        """
        field_name = get_name_field(cls, field=field)
        scope = CurationScope(
            organism,
            source,
            from_source=from_source,
            mute=mute,
            create=create,
            standardize=standardize,
        )
        qs = cls._curation_queryset(field_name, values, scope)
        return records_from_values(
            cls,
            qs,
            values,
            field_name,
            create=create,
            standardize=standardize,
            mute=mute,
            scope=scope,
        )


class HasSynonyms:
    """Behaviour-only mixin: a ``|``-joined ``synonyms`` text field."""

    def add_synonym(
        self, synonym: Any, force: bool = False, save: bool | None = None
    ) -> None:
        """Add synonyms (``str`` or list-like); refuses ones used by another
        record unless ``force``. Saves when the record exists (or ``save=True``)."""
        model = type(self)
        if not has_field(model, "synonyms"):
            raise SynonymsNotSupported(f"{model.__name__} has no synonyms field")
        new = [str(s) for s in as_values(synonym) if not _curate.is_empty(s)]
        if not new:
            return
        if any("|" in s for s in new):
            raise ValidationError("a synonym can't contain '|'!")
        if not force:
            _refuse_taken_synonyms(self, new)
        current = [s for s in (self.synonyms or "").split("|") if s]
        self.synonyms = "|".join(dict.fromkeys(current + new)) or None
        if save or (save is None and not self._state.adding):
            self.save()

    def remove_synonym(self, synonym: Any) -> None:
        """Remove synonyms; an empty result stores ``None``. Saves if it exists."""
        if not has_field(type(self), "synonyms"):
            raise SynonymsNotSupported(f"{type(self).__name__} has no synonyms field")
        drop = {str(s) for s in as_values(synonym)}
        kept = [s for s in (self.synonyms or "").split("|") if s and s not in drop]
        self.synonyms = "|".join(kept) or None
        if not self._state.adding:
            self.save()


def _refuse_taken_synonyms(record: Any, new: list[str]) -> None:
    """One query: other visible records whose synonyms contain any of ``new``."""
    query = Q()
    for synonym in new:
        query |= Q(synonyms__contains=synonym)
    others = _visible(type(record)).filter(query)
    if record.pk is not None:
        others = others.exclude(pk=record.pk)
    clashes: dict[str, list[str]] = {}
    for other in others:
        taken = set((other.synonyms or "").split("|"))
        for synonym in new:
            if synonym in taken:
                clashes.setdefault(synonym, []).append(repr(other))
    if not clashes:
        return
    table = "\n".join(f"    {s}: {', '.join(r)}" for s, r in clashes.items())
    logger.error(
        "input synonyms %s already associated with the following records:\n%s",
        list(clashes),
        table,
    )
    raise ValidationError(
        f"you are trying to assign a synonym to record: {record!r}\n"
        "    → consider removing the synonym from existing records or using a "
        "different synonym."
    )


class HasAbbr:
    """Behaviour-only mixin: ``set_abbr`` for registries with an ``abbr`` field."""

    def set_abbr(self, value: str) -> None:
        """Set the abbreviation (also as a synonym where synonyms exist)."""
        self.abbr = value
        if has_field(type(self), "synonyms") and value != getattr(self, "name", None):
            self.add_synonym(value, save=False)
        if not self._state.adding:
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
