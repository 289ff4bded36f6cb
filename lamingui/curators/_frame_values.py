"""Validate the values of one table column against its feature (gui.md §7.3).

Categorical values validate when they equal (case-sensitively) the name of a
visible record in the dtype's registry and type subtree: the matching of
``ValuePlanner`` (``_feature_validation.py``), one query per registry. For the
rest, synonyms come from ``CanCurate.inspect`` (registries with a ``synonyms``
field) or, for registries without one, from names that differ only in case,
spaces, hyphens, dots or underscores; fuzzy suggestions from rapidfuzz. Any
installed registry can be a target (``cat[bionty.CellType]``); for bio
registries the values left over are looked up in the public ontology
(``_frame_sources.py``): a term that is a row already is a synonym of it,
others are offered as ``source:<term>`` (create from the ontology).
Scalar values are parsed with pandas, whole columns at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process, utils

from ..models._annotation_links import visible
from ..models._dtypes import CatTarget, Dtype, registry_name, resolve_registry
from ..models._feature_validation import ValuePlanner, _filter_kwargs
from ..models._names import get_name_field
from ._frame_report import (
    ANY_VALUE,
    CREATE,
    EMPTY,
    FROM_SOURCE,
    MAP_PREFIX,
    SOURCE_PREFIX,
    ColumnReport,
)
from ._frame_report import ValueReport as ValueReport
from ._frame_sources import ok_term, public_source, source_terms

VALUE_SCORE_CUTOFF = 80
N_SUGGESTIONS = 3
#: non-validated values (most frequent first) that get fuzzy suggestions
N_SUGGESTED_VALUES = 50
N_INVALID_SHOWN = 20
N_VALIDATED_KEPT = 1000
#: a value's select lists every record it may map to up to this many; beyond,
#: a type-to-filter input asks the server (``Scope.search``)
N_CANDIDATES_LISTED = 50
BOOL_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False}
BOOL_WORDS["no"] = False
_SEPARATORS = re.compile(r"[\s_\-.]+")


def empty_mask(series: pd.Series) -> np.ndarray:
    """Cells that hold nothing: empty or whitespace-only strings."""
    return series.str.strip().eq("").to_numpy()


@dataclass
class Scope:
    """Where one categorical target's values live."""

    target: CatTarget
    model: Any
    field: str
    allowed: Any
    """``(type record, ids)`` of a typed target, else ``None``."""
    label: str
    _names: dict[str, int] | None = None
    sources: dict[Any, Any] = field(default_factory=dict)
    """Cache of ``_frame_sources.public_source``."""
    spaces: frozenset[int] | None = None
    """Spaces whose records the caller may see; ``None``: every space."""

    def in_spaces(self, qs: Any) -> Any:
        """``qs`` restricted to records in :attr:`spaces` (registries with a space)."""
        if self.spaces is None or not _has_space(self.model):
            return qs
        return qs.filter(space_id__in=sorted(self.spaces))

    def names(self) -> dict[str, int]:
        """``{name: id}`` of every record a value may map to (one query)."""
        if self._names is None:
            qs = self.in_spaces(visible(self.model, None))
            if self.allowed is not None:
                qs = qs.filter(type_id__in=self.allowed[1])
            if "is_type" in {f.name for f in self.model._meta.concrete_fields}:
                qs = qs.filter(is_type=False)
            found: dict[str, int] = {}
            for name, pk in qs.order_by("id").values_list(self.field, "id"):
                if name is not None:
                    found.setdefault(str(name), pk)
            self._names = found
        return self._names

    def search(
        self, text: str, limit: int, restrict: Callable[[Any], Any] | None = None
    ) -> list[str]:
        """Names (containing ``text``, case-insensitive) a value may map to.

        The first ``limit`` by name, from the database (not every name loaded);
        ``restrict`` narrows the queryset further (the GUI: readable rows only).
        """
        qs = self.in_spaces(visible(self.model, None))
        if restrict is not None:
            qs = restrict(qs)
        if self.allowed is not None:
            qs = qs.filter(type_id__in=self.allowed[1])
        if "is_type" in {f.name for f in self.model._meta.concrete_fields}:
            qs = qs.filter(is_type=False)
        if text:
            qs = qs.filter(**{f"{self.field}__icontains": text})
        names = qs.exclude(**{f"{self.field}__isnull": True}).order_by(self.field)
        return [str(n) for n in names.values_list(self.field, flat=True)[:limit]]


@dataclass
class CatPlan:
    """How the values of a categorical column become labels."""

    scopes: list[Scope]
    ids: dict[str, tuple[Any, int]] = field(default_factory=dict)
    """value -> (registry model, id) of an existing record."""
    new: dict[str, Scope] = field(default_factory=dict)
    """value -> scope a new record is created in (named like the value)."""
    unresolved: set[str] = field(default_factory=set)
    from_source: dict[str, tuple[Scope, str]] = field(default_factory=dict)
    """value -> (scope, public-ontology term) created from the registry's source."""


def _has_space(model: Any) -> bool:
    return any(f.name == "space" for f in model._meta.concrete_fields)


def hidden_names(scope: Scope, names: list[str]) -> set[str]:
    """Those of ``names`` held by visible records outside the caller's spaces.

    Only to refuse creating or linking them; never shown. Empty without a
    space restriction.
    """
    if scope.spaces is None or not names or not _has_space(scope.model):
        return set()
    qs = visible(scope.model, None).filter(**{f"{scope.field}__in": names})
    qs = qs.exclude(space_id__in=sorted(scope.spaces))
    return {str(n) for n in qs.values_list(scope.field, flat=True)}


def scopes_for(
    dtype: Dtype, planner: ValuePlanner, spaces: frozenset[int] | None = None
) -> list[Scope]:
    """The registries (and type subtrees) a categorical dtype draws on.

    ``spaces``: only records in these spaces count (validation, synonyms,
    suggestions, candidates); ``None``: every space.
    """
    out = []
    for target in dtype.targets or (CatTarget("ULabel"),):
        model = resolve_registry(target.registry)  # ValidationError: not installed
        allowed = planner._allowed_types(target) if target.type_ref else None
        label = target.registry
        if allowed is not None:
            label = f"{target.registry}[{allowed[0].name}]"
        name_field = target.field or get_name_field(model)
        scope = Scope(target, model, name_field, allowed, label, spaces=spaces)
        out.append(scope)
    return out


def _match(scope: Scope, planner: ValuePlanner, wanted: set[str]) -> dict[str, int]:
    """``{value: id}`` of the values that name a record of ``scope`` (one query).

    Without a space restriction this is ``ValuePlanner._match`` (the Python
    API's rule); with one, the same lookup limited to the readable spaces.
    """
    target = scope.target
    if scope.spaces is None:
        found = planner._match(target, wanted, scope.allowed)
        return {value: label.pk for value, label in found.items()}
    qs = visible(scope.model, planner._db).filter(
        **{f"{scope.field}__in": sorted(wanted)}
    )
    qs = scope.in_spaces(qs)
    if scope.allowed is not None:
        qs = qs.filter(type_id__in=scope.allowed[1])
    if target.filters:
        qs = qs.filter(**_filter_kwargs(target.filters))
    out: dict[str, int] = {}
    for name, pk in qs.order_by("id").values_list(scope.field, "id"):
        out.setdefault(str(name), pk)
    return out


def check_categorical(
    series: pd.Series,
    report: ColumnReport,
    scopes: list[Scope],
    planner: ValuePlanner,
    choices: dict[str, str],
    creatable: set[str] | None,
) -> tuple[CatPlan, np.ndarray]:
    """Fill ``report``; the plan and the mask of rows left unresolved."""
    empty = empty_mask(series)
    counts = series[~empty].value_counts(sort=True)
    distinct = [str(v) for v in counts.index]
    report.n_values = int((~empty).sum())
    report.n_empty = int(empty.sum())
    report.n_unique = len(distinct)
    report.all_empty = report.n_values == 0
    report.registry = " | ".join(s.label for s in scopes)
    report.can_create = creatable is None or registry_name(scopes[0].model) in creatable
    plan = CatPlan(scopes)
    wanted = set(distinct)
    for scope in scopes:  # union dtypes: the first registry wins
        if not wanted:
            break
        found = _match(scope, planner, wanted)
        for value, pk in found.items():
            plan.ids[value] = (scope.model, pk)
        wanted -= set(found)
    validated = [v for v in distinct if v in plan.ids]
    report.n_unique_validated = len(validated)
    report.n_validated = int(sum(int(counts[v]) for v in validated))
    report.validated_values = [[v, int(counts[v])] for v in validated][
        :N_VALIDATED_KEPT
    ]
    missing = [v for v in distinct if v not in plan.ids]
    report.n_nonvalidated = len(missing)
    synonyms = _synonyms(missing, scopes) if missing else {}
    if missing:
        report.n_choices = sum(len(s.names()) for s in scopes)
        if report.n_choices <= N_CANDIDATES_LISTED:
            report.candidates = sorted({n for s in scopes for n in s.names()})
    terms = _source_terms([v for v in missing if v not in synonyms], scopes, synonyms)
    any_choice = choices.get(ANY_VALUE) or None
    report.any_choice = any_choice
    for rank, value in enumerate(missing):
        item = ValueReport(value, int(counts[value]), synonym=synonyms.get(value))
        if value in terms:
            item.source_term, item.source_id = terms[value]
        if rank < N_SUGGESTED_VALUES:
            item.suggestions = _suggest(value, scopes)
        chosen = choices.get(value)
        if chosen is None:
            chosen = _default_choice(item, any_choice)
        item.choice = _resolve(chosen, value, report, plan) if chosen else None
        if item.choice is None:
            plan.unresolved.add(value)
        report.nonvalidated.append(item)
    bad = series.isin(plan.unresolved).to_numpy() if plan.unresolved else None
    if plan.unresolved:
        shown = ", ".join(repr(v) for v in sorted(plan.unresolved)[:10])
        more = ", …" if len(plan.unresolved) > 10 else ""
        report.problems.append(
            f"Column '{report.column}': {len(plan.unresolved)} value(s) not "
            f"validated in {report.registry} and not mapped: {shown}{more}"
        )
    mask = np.zeros(len(series), dtype=bool) if bad is None else bad
    return plan, mask | _required(report, empty)


def _resolve(choice: str, value: str, report: ColumnReport, plan: CatPlan) -> Any:
    """The choice if it can be carried out (the plan is updated), else ``None``."""
    if choice == EMPTY:
        return EMPTY if report.nullable else None
    if choice == CREATE:
        if not report.can_create:
            return None
        plan.new[value] = plan.scopes[0]
        return CREATE
    if choice.startswith(MAP_PREFIX):
        name = choice[len(MAP_PREFIX) :]
        for scope in plan.scopes:
            pk = scope.names().get(name)
            if pk is not None:
                plan.ids[value] = (scope.model, pk)
                return choice
    if choice.startswith(SOURCE_PREFIX) and report.can_create:
        term = choice[len(SOURCE_PREFIX) :]
        for scope in plan.scopes:
            public = public_source(scope.model, scope.sources)
            if public is None or scope.field != scope.model._name_field:
                continue
            if term in hidden_names(scope, [term]):
                continue  # a record outside the caller's spaces has it
            if ok_term(public, scope.field, term):
                pk = scope.names().get(term)
                if pk is not None:  # created meanwhile: map to it
                    plan.ids[value] = (scope.model, pk)
                else:
                    plan.from_source[value] = (scope, term)
                return choice
    return None


def _default_choice(item: ValueReport, any_choice: str | None) -> str | None:
    """A value's choice when the caller made none: its synonym, else the column's."""
    if item.synonym:
        return MAP_PREFIX + item.synonym
    if any_choice == FROM_SOURCE:
        return SOURCE_PREFIX + item.source_term if item.source_term else None
    return any_choice


def _source_terms(
    values: list[str], scopes: list[Scope], synonyms: dict[str, str]
) -> dict[str, tuple[str, str | None]]:
    """``{value: (term, ontology id)}`` of public-ontology terms not yet rows.

    A value whose term is a row of the registry already goes to ``synonyms``
    instead (pre-selected): the ontology says it names that row.
    """
    found: dict[str, tuple[str, str | None]] = {}
    for scope in scopes:
        rest = [v for v in values if v not in found and v not in synonyms]
        if not rest:
            break
        hits = source_terms(rest, scope.model, scope.field, scope.sources)
        names = scope.names() if hits else {}
        hidden = hidden_names(scope, [t for t, _ in hits.values() if t not in names])
        for value, (term, term_id) in hits.items():
            if term in hidden:
                continue  # a record the caller cannot see has it: no offer
            if term in names:
                synonyms[value] = term
            else:
                found[value] = (term, term_id)
    return found


def _normal(text: str) -> str:
    return _SEPARATORS.sub(" ", text).strip().lower()


def _synonyms(values: list[str], scopes: list[Scope]) -> dict[str, str]:
    """``{value: name}`` for values that are synonyms of a name in scope."""
    found: dict[str, str] = {}
    for scope in scopes:
        names = scope.names()
        rest = [v for v in values if v not in found]
        if not rest:
            break
        if any(f.name == "synonyms" for f in scope.model._meta.concrete_fields):
            # bio registries: the database here, their public source in _source_terms
            extra = {"from_source": False} if hasattr(scope.model, "public") else {}
            mapper = scope.model.inspect(rest, field=scope.field, mute=True, **extra)
            for value, name in mapper.synonyms_mapper.items():
                if name in names:
                    found.setdefault(value, name)
        normal: dict[str, list[str]] = {}
        for name in names:
            normal.setdefault(_normal(name), []).append(name)
        for value in rest:
            hits = normal.get(_normal(value), [])
            if len(hits) == 1 and value not in found:
                found[value] = hits[0]
    return found


def _suggest(value: str, scopes: list[Scope]) -> list[list[Any]]:
    hits: list[list[Any]] = []
    for scope in scopes:
        for name, score, _ in process.extract(
            value,
            list(scope.names()),
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=VALUE_SCORE_CUTOFF,
            limit=N_SUGGESTIONS,
        ):
            hits.append([name, round(float(score), 1)])
    hits.sort(key=lambda hit: -hit[1])
    return hits[:N_SUGGESTIONS]


def _required(report: ColumnReport, empty: np.ndarray) -> np.ndarray:
    """Rows with an empty cell in a column whose feature is not nullable."""
    if report.nullable or not empty.any():
        return np.zeros(len(empty), dtype=bool)
    report.problems.append(
        f"Column '{report.column}': {int(empty.sum())} empty cell(s), but feature "
        f"'{report.feature}' is not nullable"
    )
    return empty


# -- scalar columns ------------------------------------------------------------


def check_scalar(
    series: pd.Series, report: ColumnReport, dtype: Dtype
) -> tuple[pd.Series, np.ndarray]:
    """Fill ``report``; the stored (JSON) value per row (``None``: empty), bad rows."""
    empty = empty_mask(series)
    report.n_values = int((~empty).sum())
    report.n_empty = int(empty.sum())
    report.all_empty = report.n_values == 0
    text = series.where(~empty, None)
    stored, bad = parse_scalar(text, dtype.simple or "str")
    bad &= ~empty
    report.n_invalid = int(bad.sum())
    report.n_validated = report.n_values - report.n_invalid
    if report.n_invalid:
        rows = np.flatnonzero(bad)[:N_INVALID_SHOWN]
        report.invalid = [[int(i) + 1, str(series.iloc[i])] for i in rows]
        report.problems.append(
            f"Column '{report.column}': {report.n_invalid} value(s) are not of dtype "
            f"'{report.dtype}', e.g. row {report.invalid[0][0]}: "
            f"{report.invalid[0][1]!r}"
        )
    return stored, bad | _required(report, empty)


def parse_scalar(text: pd.Series, simple: str) -> tuple[pd.Series, np.ndarray]:
    """Stored values of non-empty cells (``None`` elsewhere) and the failing cells."""
    present = text.notna().to_numpy()
    if simple in {"int", "float", "num"}:
        numbers = pd.to_numeric(text, errors="coerce")
        bad = numbers.isna().to_numpy() & present
        if simple == "int":
            bad |= present & ~bad & (numbers.fillna(0) % 1 != 0).to_numpy()
            convert = int
        else:
            convert = float
        values = [
            convert(x) if ok else None
            for x, ok in zip(numbers.to_numpy(), present & ~bad, strict=True)
        ]
        return pd.Series(values, index=text.index, dtype=object), bad
    if simple == "bool":
        mapped = text.str.strip().str.lower().map(BOOL_WORDS)
        bad = mapped.isna().to_numpy() & present
        return mapped.astype(object).where(present & ~bad, None), bad
    if simple in {"date", "datetime", "datetime64[ns, UTC]"}:
        return _parse_times(text, simple, present)
    if simple == "dict":
        values, bad = [], np.zeros(len(text), dtype=bool)
        for i, cell in enumerate(text.tolist()):
            parsed = None
            if cell is not None:
                try:
                    parsed = json.loads(cell)
                except ValueError:
                    parsed = None
                bad[i] = not isinstance(parsed, dict)
            values.append(parsed if cell is not None and not bad[i] else None)
        return pd.Series(values, index=text.index, dtype=object), bad
    return text.astype(object), np.zeros(len(text), dtype=bool)


def _parse_times(
    text: pd.Series, simple: str, present: np.ndarray
) -> tuple[pd.Series, np.ndarray]:
    utc = simple == "datetime64[ns, UTC]"
    times = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=utc)
    retry = times.isna().to_numpy() & present
    if retry.any():  # other spellings (1/2/2024, 2 Jan 2024): slower, only those
        times[retry] = pd.to_datetime(
            text[retry], errors="coerce", format="mixed", utc=utc
        )
    bad = times.isna().to_numpy() & present
    ok = ~bad & present
    pairs = zip(times, ok, strict=True)
    if simple == "date":
        values = [t.date().isoformat() if k else None for t, k in pairs]
    else:
        values = [t.to_pydatetime().isoformat() if k else None for t, k in pairs]
    return pd.Series(values, index=text.index, dtype=object), bad
