"""What the import page shows per column and in the sample table (gui.md §7.3).

Turns a ``ColumnReport`` into the options of the card's selects, so the
templates stay free of logic.
"""

from __future__ import annotations

from typing import Any

from ..curators._frame_report import (
    CREATE,
    EMPTY,
    FROM_SOURCE,
    MAP_PREFIX,
    SOURCE_PREFIX,
    ColumnReport,
    FrameReport,
)

N_VALUES_SHOWN = 50
N_SAMPLE_ROWS = 20
#: a select with more options than this gets a type-to-filter input (gui.md §7.3)
N_OPTIONS = 50
MATCH_BADGES = {
    "exact": "exact",
    "synonym": "synonym",
    "suggested": "suggested",
    "chosen": "chosen",
}


def column_card(session: Any, col: ColumnReport, members: list[Any]) -> dict[str, Any]:
    """Template context of one column card."""
    features = [("", "ignore this column", col.feature is None)]
    features += [
        (m.name, f"{m.name} ({m._dtype_str})", m.name == col.feature) for m in members
    ]
    values = [value_row(col, item) for item in col.nonvalidated[:N_VALUES_SHOWN]]
    any_options = [("", "choose per value", not col.any_choice)]
    if col.can_create and any(v.source_term for v in col.nonvalidated):
        any_options.append(
            (
                FROM_SOURCE,
                "create from the public ontology where found",
                col.any_choice == FROM_SOURCE,
            )
        )
    if col.can_create:
        any_options.append((CREATE, "create new records", col.any_choice == CREATE))
    if col.nullable:
        any_options.append((EMPTY, "leave empty", col.any_choice == EMPTY))
    return {
        "col": col,
        "index": col.index,
        "load": False,
        "features": features,
        "badge": MATCH_BADGES.get(col.match),
        "values": values,
        "n_more": max(
            0, max(col.n_nonvalidated, len(col.nonvalidated)) - N_VALUES_SHOWN
        ),
        "value_filter": col.n_choices > N_OPTIONS,
        "any_options": any_options,
        "percent": round(100 * col.frac_validated, 1),
        "invalid": col.invalid,
    }


def value_row(
    col: ColumnReport,
    item: Any,
    names: list[str] | None = None,
    selected: str | None = None,
) -> dict[str, Any]:
    """A non-validated value and the options of its select.

    The options: its synonym, fuzzy suggestions, the current choice, every
    record it may map to (``col.candidates`` when there are few, else
    ``names``: the matches of a type-to-filter search), then "create" and
    "leave empty" where allowed. ``selected`` overrides ``item.choice``.
    """
    chosen = item.choice if selected is None else (selected or None)
    options: list[tuple[str, str, bool]] = [("", "— not mapped —", chosen is None)]
    seen = {""}

    def add(value: str, label: str) -> None:
        if value not in seen:
            seen.add(value)
            options.append((value, label, chosen == value))

    if item.synonym:
        add(MAP_PREFIX + item.synonym, f"{item.synonym} (synonym)")
    for name, score in item.suggestions:
        add(MAP_PREFIX + name, f"{name} (suggested, {score:g})")
    for choice in (item.choice, chosen):
        if choice and choice.startswith(MAP_PREFIX):
            add(choice, choice[len(MAP_PREFIX) :])
    for name in col.candidates if names is None else names:
        add(MAP_PREFIX + name, name)
    if col.can_create and item.source_term:
        term_id = f", {item.source_id}" if item.source_id else ""
        add(
            SOURCE_PREFIX + item.source_term,
            f"create {item.source_term} from the public ontology{term_id}",
        )
    for choice in (item.choice, chosen):
        if choice and choice.startswith(SOURCE_PREFIX):
            term = choice[len(SOURCE_PREFIX) :]
            add(choice, f"create {term} from the public ontology")
    if col.can_create:
        add(CREATE, "create new record")
    if col.nullable:
        add(EMPTY, "leave empty")
    return {"item": item, "options": options}


def sample_rows(sample: dict[str, Any], report: FrameReport) -> dict[str, Any]:
    """The stored first rows, each cell with a status: validated, mapped, new,
    invalid (none while its column waits for validation)."""
    header = list(sample.get("header") or [])
    statuses = {c.column: _cell_status(c) for c in report.columns}
    rows = []
    for number, row in enumerate(sample.get("rows") or [], start=1):
        cells = [
            (text, statuses[column](number, text))
            for column, text in zip(header, row, strict=False)
        ]
        rows.append((number, cells))
    return {"header": header, "rows": rows}


def _cell_status(col: ColumnReport) -> Any:
    if col.pending:
        return lambda number, text: ""
    if col.kind not in {"cat", "scalar"}:
        return lambda number, text: "ignored" if col.kind == "ignored" else ""
    if col.kind == "scalar":
        bad = {row for row, _ in col.invalid}
        return lambda number, text: (
            "empty" if not text.strip() else "invalid" if number in bad else "validated"
        )
    validated = {v for v, _ in col.validated_values}
    choices = {v.value: v.choice for v in col.nonvalidated}

    def status(number: int, text: str) -> str:
        if not text.strip():
            return "empty"
        if text in validated:
            return "validated"
        choice = choices.get(text)
        if choice is None:
            return "validated" if text not in choices else "invalid"
        if choice == CREATE or choice.startswith(SOURCE_PREFIX):
            return "new"
        if choice == EMPTY:
            return "empty"
        return "mapped"

    return status
