"""``repr()`` and ``describe()`` of records and registries.

See api.md §1.10 (class level), §2.4 (instance level) and §2.5 (``repr``).
Instance trees follow the rendering recipe of §2.4 (``rich``, 80 columns, ANSI
stripped, trailing whitespace removed) through the helpers of
``_describe_features``, which also render the feature and label trees that are
grafted in here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import ForeignObjectRel
from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from . import _describe_features as render
from .feature_manager import FeatureManager

logger = logging.getLogger("lamingui")

# -- repr (§2.5) ----------------------------------------------------------------

_TO_END = ("created_at", "is_locked", "version_tag", "is_latest")
_HIDDEN = {"id", "updated_at", "source_code"}


def timestamp(value: dt.datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS UTC`` (aware values are converted to UTC first)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S UTC")


def _format(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return timestamp(value)
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def record_repr(record: models.Model) -> str:
    """``Record(uid='…', name='…', …, branch_id=1, …, created_at=…)`` (api.md §2.5).

    Strings are quoted with ``'`` as they are: unlike lamindb, a string that
    looks like an ISO timestamp is not re-formatted as one (api.md marks that
    a quirk; decisions.md: implement the sensible behaviour).

    Examples:
        >>> ln.Record(name="Experiment 1")
        Record(uid='ltTLaUmI4QQEPwlU', is_type=False, name='Experiment 1', ...)
    """
    model = type(record)
    plain, fks = [], []
    for f in model._meta.concrete_fields:
        if f.name in _HIDDEN:
            continue
        if f.name.startswith("_") and not (
            f.name == "_dtype_str" and model.__name__ == "Feature"
        ):
            continue
        if f.attname not in record.__dict__:  # deferred
            continue
        (fks if f.is_relation else plain).append(f)
    names = [f.name for f in plain]
    pairs = (
        [(n, record.__dict__[n]) for n in names if n == "uid"]
        + [(n, record.__dict__[n]) for n in names if n not in _TO_END and n != "uid"]
        + [(f.attname, record.__dict__[f.attname]) for f in fks]
        + [(n, record.__dict__[n]) for n in _TO_END if n in names]
    )
    if model.__name__ == "Schema":  # lamindb: a negative n is not shown
        pairs = [
            (n, v)
            for n, v in pairs
            if not (n in ("n", "n_members") and isinstance(v, int) and v < 0)
        ]
    return f"{model.__name__}({', '.join(f'{n}={_format(v)}' for n, v in pairs)})"


# -- class level (§1.10) --------------------------------------------------------


def describe_registry(
    model: type[models.Model], return_str: bool = False
) -> str | None:
    """Overview of a registry's simple and relational fields (api.md §1.10).

    Examples:
        >>> ln.Feature.describe(return_str=True).splitlines()[:3]
        ['Feature', '  Simple fields', '    .uid: CharField']
    """
    lines = [model.__name__, "  Simple fields"]
    lines += [f"    .{f.name}: {f.get_internal_type()}" for f in _simple_fields(model)]
    core, other = [], {}
    for f in _relational_fields(model):
        related = f.related_model
        label = related._meta.app_label
        if label == model._meta.app_label:
            core.append(f"    .{f.name}: {related.__name__}")
        else:
            other.setdefault(label, []).append(
                f"    .{f.name}: {label}.{related.__name__}"
            )
    if core:
        lines += ["  Relational fields", *core]
    for label in sorted(other, key=lambda name: (name != "bionty", name)):
        lines += [f"  {label.capitalize()} fields", *other[label]]
    return render.output("\n".join(lines), return_str)


def _base_rank(model: type[models.Model]) -> dict[str, int]:
    """``{field name: position of the first base class declaring it}``."""
    rank: dict[str, int] = {}
    for i, base in enumerate(model.__bases__):
        meta = getattr(base, "_meta", None)
        if meta is None:
            continue
        for f in meta.get_fields():
            rank.setdefault(f.name, i)
    return rank


def _by_class(model: type[models.Model], fields: Iterable[Any]) -> list[Any]:
    """The model's own fields first, then those of each base class in turn."""
    rank = _base_rank(model)
    return sorted(fields, key=lambda f: rank.get(f.name, -1))  # stable


def _simple_fields(model: type[models.Model]) -> list[Any]:
    fields = [
        f
        for f in model._meta.get_fields()
        if not f.is_relation and f.name != "id" and not f.name.startswith("_")
    ]
    return _by_class(model, fields)


def _relational_fields(model: type[models.Model]) -> list[Any]:
    """Forward FKs and m2m first (model order), then the rest, base-class ones last.

    The reverse relation to attached blocks (``ablocks``) closes the list, as in
    the example of §1.10; for ``Record``, ``linked_*`` and then ``values_*``
    fields go last.
    """

    def shown(f: Any) -> bool:
        return f.is_relation and not f.name.startswith(("links_", "_"))

    forward = [f for f in (*model._meta.fields, *model._meta.many_to_many) if shown(f)]
    rest = [f for f in model._meta.get_fields() if shown(f) and f not in forward]
    rest = _by_class(model, rest)
    rest.sort(key=lambda f: isinstance(f, ForeignObjectRel) and f.name == "ablocks")
    ordered = forward + rest
    if model.__name__ == "Record":
        ordered.sort(
            key=lambda f: (
                2 if f.name.startswith("values_") else f.name.startswith("linked_")
            )
        )
    return ordered


# -- instance level (§2.4) ------------------------------------------------------

_PLACEHOLDER = "\x00notes"


def describe_record(
    record: models.Model, return_str: bool = False, include: str | None = None
) -> str | None:
    """A tree of the record's main fields, features, labels and notes (api.md §2.4).

    Args:
        record: the record to describe.
        return_str: return the text instead of printing it.
        include: ``"comments"`` also shows the comment blocks attached to it.

    Examples:
        >>> print(ln.Record.get(name="sample1").describe(return_str=True))
        Record: sample1
        ├── uid: W8OFAUdIDzCPvFGJ  type:
        ...
    """
    with_comments = _wants_comments(include)
    _warn_about_state(record)
    tree = Tree(Text(render.header(record)), guide_style="dim")
    items = _items(record)
    if items is not None:
        rows, lines = items
        tree.add(Group(_two_columns(rows), *[Text(line) for line in lines]))
    features = getattr(record, "features", None)
    if isinstance(features, FeatureManager):
        _graft(tree, features.describe(return_str=True) or "", has_header=True)
    if type(record).__name__ == "Artifact":
        _graft(tree, record.labels.describe(return_str=True) or "", has_header=False)
    notes = _notes(record, with_comments)
    if notes:
        tree.add(Text(_PLACEHOLDER))
    text = render.render(tree)
    if notes:
        text = text[: text.rindex("└── " + _PLACEHOLDER)] + _draw(notes)
    return render.output(text, return_str)


def _wants_comments(include: Any) -> bool:
    if include is None:
        return False
    values = [include] if isinstance(include, str) else list(include)
    unknown = [v for v in values if v != "comments"]
    if unknown:
        raise ValueError(
            f"include must be 'comments' or None, got {', '.join(map(repr, unknown))}"
        )
    return True


def _warn_about_state(record: Any) -> None:
    name = type(record).__name__
    if getattr(record, "is_latest", True) is False:
        logger.warning("This is not the latest version of the %s.", name)
    branch_id = getattr(record, "branch_id", None)
    if branch_id == 0:
        logger.warning("This %s is archived.", name)
    elif branch_id == -1:
        logger.warning("This %s is in the trash.", name)


def _items(record: Any) -> tuple[list[str], list[str]] | None:
    """``(two-column items, full-width lines)`` of the record's body, or ``None``."""
    kind = type(record).__name__
    if kind == "Record":
        rows = [f"uid: {record.uid}"]
        if record.run_id is not None:
            rows.append(f"run: {_run(record.run)}")
        rows += [
            f"type: {_title(record.type)}",
            f"is_type: {record.is_type}",
            f"schema: {_title(record.schema)}",
            f"reference: {record.reference or ''}",
            *_common(record),
        ]
        return rows, []
    if kind == "Artifact":
        rows = [f"uid: {record.uid}", f"run: {_run(record.run)}"]
        if record.kind or record.otype:
            rows += [f"kind: {record.kind or ''}", f"otype: {record.otype or ''}"]
        rows += [
            f"hash: {record.hash or ''}",
            f"size: {format_bytes(record.size)}",
            *_common(record),
        ]
        if record.n_observations is not None:
            rows.append(f"n_observations: {record.n_observations}")
        if record.n_files is not None:
            rows.append(f"n_files: {record.n_files}")
        if record.schema_id is not None:
            rows.append(f"schema: {_title(record.schema)}")
        return rows, [f"storage/path: {_storage_path(record)}"]
    if kind == "Collection":
        rows = [f"uid: {record.uid}", f"run: {_run(record.run)}", *_common(record)]
        return rows, []
    if kind == "Transform":
        rows = [
            f"uid: {record.uid}",
            f"reference: {record.reference or ''}",
            f"hash: {record.hash or ''}",
            f"type: {record.kind}",  # lamindb's former name of ``kind``
            *_common(record),
        ]
        return rows, []
    if kind == "Branch":
        return [f"status: {record.status}", *_common(record)], []
    return None


def _common(record: Any) -> list[str]:
    """``branch`` (if it has one), ``space``, ``created_at`` and ``created_by``."""
    rows = [f"branch: {_title(record.branch)}"] if hasattr(record, "branch_id") else []
    created_at = record.created_at
    creator = record.created_by if record.created_by_id is not None else None
    return [
        *rows,
        f"space: {_title(record.space)}",
        "created_at: "
        + (timestamp(created_at) if isinstance(created_at, dt.datetime) else ""),
        f"created_by: {creator.handle if creator is not None else ''}",
    ]


def _title(related: Any) -> str:
    """Name field value of a related record, else its short uid, else ""."""
    if related is None:
        return ""
    value = getattr(related, related._name_field, None)
    return str(value) if value else (getattr(related, "uid", "") or "")[:7]


def _run(run: Any) -> str:
    """``<name or uid[:7]> (<transform key>)``, as in the header of a run."""
    if run is None:
        return ""
    return f"{run.name or run.uid[:7]} ({run.transform.key})"


def format_bytes(size: int | None) -> str:
    """Human-readable size: ``6 B``, ``1.2 KB``, ``3.4 MB``, … (binary units)."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def _storage_path(artifact: Any) -> str:
    """``<root>/<key>``, or ``<root>/.lamindb/<uid><suffix>`` without a key."""
    relative = artifact.key or f".lamindb/{artifact.uid}{artifact.suffix}"
    return f"{artifact.storage.root.rstrip('/')}/{relative}"


def _two_columns(items: list[str]) -> Table:
    """A borderless table with the items in pairs, left then right, row by row."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column()
    table.add_column()
    for i in range(0, len(items), 2):
        table.add_row(*(Text(item) for item in items[i : i + 2]))
    return table


def _graft(tree: Tree, text: str, *, has_header: bool) -> None:
    """Add the nodes of a rendered tree to ``tree``, keeping their text.

    ``has_header``: ``text`` starts with a header whose children are the nodes
    to add (``features.describe``); otherwise ``text`` is one node (``Labels``).
    """
    lines = text.splitlines()
    if not lines:
        return
    if not has_header:
        tree.add(Text("\n".join(lines), no_wrap=True, overflow="ignore"))
        return
    nodes: list[list[str]] = []
    for line in lines:
        if line.startswith(("├── ", "└── ")):
            nodes.append([line[4:]])
        elif nodes:  # a continuation, indented by "│   " or "    "
            nodes[-1].append(line[4:])
    for node in nodes:
        tree.add(Text("\n".join(node), no_wrap=True, overflow="ignore"))


# -- notes ----------------------------------------------------------------------

MAX_NOTE_LINES = 30
MAX_NOTE_WIDTH = 80


def note_lines(text: str) -> list[str]:
    """``│ <line>`` for the first 30 lines, each cut at 80 characters with `` …``."""
    lines = text.splitlines()
    shown = [
        f"│ {line[:MAX_NOTE_WIDTH]}{' …' if len(line) > MAX_NOTE_WIDTH else ''}"
        for line in lines[:MAX_NOTE_LINES]
    ]
    if len(lines) > MAX_NOTE_LINES:
        shown.append("│ …")
    return shown


def _notes(record: Any, with_comments: bool) -> list[tuple[str, list[str]]]:
    """``(title, lines)`` of the source code, README and comment nodes."""
    nodes = []
    if type(record).__name__ == "Transform" and record.source_code:
        nodes.append(("source_code:", note_lines(record.source_code)))
    readme = getattr(record, "notes", None)
    if readme:
        nodes.append(("README:", note_lines(readme)))
    if with_comments and record.pk is not None and hasattr(record, "ablocks"):
        comments = (
            record.ablocks.filter(kind="comment")
            .select_related("created_by")
            .order_by("created_at", "id")
        )
        for comment in comments:
            title = (
                f"comment by {comment.created_by.handle} "
                f"at {timestamp(comment.created_at)}:"
            )
            nodes.append((title, note_lines(comment.content)))
    return nodes


def _draw(nodes: list[tuple[str, list[str]]]) -> str:
    """The last children of the tree, drawn by hand so that long lines stay whole.

    ``rich`` would crop a note line at the console width; api.md §2.4 cuts them
    at 80 characters instead.
    """
    out = []
    for i, (title, lines) in enumerate(nodes):
        last = i == len(nodes) - 1
        out.append(("└── " if last else "├── ") + title)
        out += [("    " if last else "│   ") + line for line in lines]
    return "\n".join(line.rstrip() for line in out)
