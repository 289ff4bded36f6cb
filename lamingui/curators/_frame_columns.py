"""Which schema feature each column of a table holds (gui.md §7.3 step 2).

Automatic choice, in this order: the feature's exact name, one of its
synonyms (case-insensitive), a rapidfuzz match scoring at least 85 (marked
"suggested"). A caller's explicit mapping wins; ``None`` ignores a column.
Each feature takes at most one column (the first that maps to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils

from ..errors import ValidationError

#: the column that becomes ``Record.name`` unless another index column is chosen
NAME_COLUMN = "__lamindb_record_name__"
COLUMN_SCORE_CUTOFF = 85


@dataclass
class ColumnChoice:
    """The feature of one column and how it was found."""

    feature: Any | None
    match: str
    """exact, synonym, suggested, chosen (by the caller), name, none, ignored."""
    score: float | None = None


def feature_synonyms(feature: Any) -> list[str]:
    return [s for s in (getattr(feature, "synonyms", None) or "").split("|") if s]


def map_columns(
    columns: list[str],
    members: list[Any],
    overrides: dict[str, str | None],
    name_column: str | None,
) -> dict[str, ColumnChoice]:
    """``{column: ColumnChoice}`` for every column, in table order."""
    by_name = {m.name: m for m in members}
    unknown = sorted(
        str(f) for f in overrides.values() if f is not None and f not in by_name
    )
    if unknown:
        raise ValidationError(
            f"The mapping names features that are not in the schema: {unknown}; "
            f"the schema has {sorted(by_name)}."
        )
    by_synonym: dict[str, Any] = {}
    for member in members:
        for synonym in feature_synonyms(member):
            by_synonym.setdefault(synonym.lower(), member)
    out: dict[str, ColumnChoice] = {}
    taken: set[int] = set()

    def take(column: str, choice: ColumnChoice) -> None:
        if choice.feature is not None:
            if choice.feature.pk in taken:
                choice = ColumnChoice(None, "none")
            else:
                taken.add(choice.feature.pk)
        out[column] = choice

    # the caller's choices and exact names first, so that guesses never steal them
    for column in columns:
        if column == name_column:
            out[column] = ColumnChoice(None, "name")
        elif column in overrides:
            chosen = overrides[column]
            if chosen is None:
                out[column] = ColumnChoice(None, "ignored")
            else:
                take(column, ColumnChoice(by_name[chosen], "chosen"))
        elif column in by_name:
            take(column, ColumnChoice(by_name[column], "exact"))
    names = list(by_name)
    for column in columns:
        if column in out:
            continue
        synonym = by_synonym.get(column.lower())
        if synonym is not None and synonym.pk not in taken:
            take(column, ColumnChoice(synonym, "synonym"))
            continue
        free = [n for n in names if by_name[n].pk not in taken]
        hit = process.extractOne(
            column,
            free,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=COLUMN_SCORE_CUTOFF,
        )
        if hit is not None:
            take(column, ColumnChoice(by_name[hit[0]], "suggested", round(hit[1], 1)))
        else:
            out[column] = ColumnChoice(None, "none")
    return {column: out[column] for column in columns}
