"""``repr()`` and ``describe()`` of records and registries.

See api.md §1.10, §2.4 and §2.5.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

_TO_END = ("created_at", "is_locked", "version_tag", "is_latest")
_HIDDEN = {"id", "updated_at", "source_code"}


def _format(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, str):
        return repr(value)
    return repr(value)


def record_repr(record: models.Model) -> str:
    """``Record(uid='…', name='…', …, branch_id=1, …, created_at=…)``."""
    plain, fks = [], []
    for f in record._meta.concrete_fields:
        if f.name in _HIDDEN or (f.name.startswith("_") and f.name != "_dtype_str"):
            continue
        if f.attname not in record.__dict__:  # deferred
            continue
        (fks if f.is_relation else plain).append(f)
    names = [f.name for f in plain]
    ordered = (
        (["uid"] if "uid" in names else [])
        + [n for n in names if n not in _TO_END and n != "uid"]
        + [f.attname for f in fks]
        + [n for n in _TO_END if n in names]
    )
    parts = [
        f"{n}={_format(record.__dict__.get(_attname(record, n)))}" for n in ordered
    ]
    return f"{type(record).__name__}({', '.join(parts)})"


def _attname(record: models.Model, name: str) -> str:
    return name if name.endswith("_id") else record._meta.get_field(name).attname


def describe_registry(
    model: type[models.Model], return_str: bool = False
) -> str | None:
    """Overview of a registry's simple and relational fields."""
    simple, relational = [], []
    for f in model._meta.get_fields():
        if f.name == "id" or f.name.startswith(("_", "links_")):
            continue
        if f.is_relation:
            relational.append(f"    .{f.name}: {f.related_model.__name__}")
        else:
            simple.append(f"    .{f.name}: {f.get_internal_type()}")
    text = "\n".join(
        [model.__name__, "  Simple fields", *simple, "  Relational fields", *relational]
    )
    if return_str:
        return text
    print(text)  # noqa: T201 - describe() prints, like lamindb
    return None


def describe_record(
    record: models.Model, return_str: bool = False, include: str | None = None
) -> str | None:
    """A tree of the record's main fields and its latest readme."""
    name_field = getattr(record, "_name_field", "name")
    title = getattr(record, name_field, None) or (getattr(record, "uid", "") or "")[:7]
    if hasattr(record, "version"):
        title = f"{getattr(record, 'key', None) or ''} ({record.version})"
    lines = [f"{type(record).__name__}: {title}"]
    items = []
    for name in ("uid", "type", "is_type", "branch", "space", "created_at"):
        if name in {f.name for f in record._meta.concrete_fields}:
            value = getattr(record, name)
            if isinstance(value, dt.datetime):
                value = value.strftime("%Y-%m-%d %H:%M:%S UTC")
            elif isinstance(value, models.Model):
                value = str(value)
            items.append(f"{name}: {'' if value is None else value}")
    if hasattr(record, "created_by_id"):
        items.append(f"created_by: {record.created_by.handle}")
    notes = getattr(record, "notes", None)
    body = [*items]
    for i, item in enumerate(body):
        lines.append(("└── " if i == len(body) - 1 and not notes else "├── ") + item)
    if notes:
        lines.append("└── README:")
        note_lines = notes.splitlines()
        for line in note_lines[:30]:
            lines.append(f"    │ {line[:80]}{' …' if len(line) > 80 else ''}")
        if len(note_lines) > 30:
            lines.append("    │ …")
    text = "\n".join(line.rstrip() for line in lines)
    if return_str:
        return text
    print(text)  # noqa: T201
    return None
