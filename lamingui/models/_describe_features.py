"""Rendering of feature and label trees (api.md §2.4, §7.1, §7.2) with ``rich``.

The recipe of api.md §2.4: a ``rich`` tree rendered on an 80-column terminal
console, ANSI codes stripped, trailing whitespace removed on every line. Tables
have columns 30 / 35 / 40 wide with no-wrap ellipsis, as in lamindb.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from io import StringIO
from typing import Any

from rich.console import Console
from rich.table import Column, Table
from rich.tree import Tree

NAME_WIDTH, TYPE_WIDTH, VALUES_WIDTH = 30, 35, 40
MAX_SHOWN = 10
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(tree: Tree) -> str:
    """The tree as plain text: no ANSI codes, no trailing whitespace."""
    console = Console(file=StringIO(), force_terminal=True, width=80)
    console.print(tree)
    text = _ANSI.sub("", console.file.getvalue())
    return "\n".join(line.rstrip() for line in text.splitlines())


def output(text: str, return_str: bool) -> str | None:
    if return_str:
        return text
    print(text)  # noqa: T201 - describe() prints, like lamindb
    return None


def table(rows: Iterable[tuple[str, str, str]], title: str | None = None) -> Table:
    """A borderless three-column table; ``title`` becomes its header row."""
    out = Table(
        Column(title or "", no_wrap=True, width=NAME_WIDTH),
        Column("", style="dim", no_wrap=True, width=TYPE_WIDTH),
        Column("", no_wrap=True, width=VALUES_WIDTH),
        show_header=title is not None,
        box=None,
        pad_edge=False,
    )
    for row in rows:
        out.add_row(*row)
    return out


def _one(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def join_limited(values: Iterable[Any]) -> str:
    """The first 10 values comma-joined, then ``...`` if there are more."""
    items = list(values)
    shown = ", ".join(_one(v) for v in items[:MAX_SHOWN])
    return shown + (", ..." if len(items) > MAX_SHOWN else "")


def format_value(value: Any) -> str:
    """Sets sorted and comma-joined (max 10, then ``...``), lists and dicts as repr."""
    if isinstance(value, set | frozenset):
        return join_limited(sorted(value, key=lambda v: (str(type(v)), v)))
    if isinstance(value, list | dict):
        return repr(value)
    return _one(value)


def header(host: Any) -> str:
    """``Artifact: <key> (<version>)`` (+ description), ``Run: …``, ``Record: …``."""
    name = type(host).__name__
    if hasattr(host, "_len_stem_uid"):
        text = f"{name}: {getattr(host, 'key', None) or ''} ({host.version})"
        if getattr(host, "description", None):
            text += f"\n|   description: {host.description}"
        return text
    if name == "Run":
        transform = host.transform.key if host.transform_id is not None else ""
        return f"Run: {host.name or host.uid[:7]} ({transform})"
    title = getattr(host, host._name_field, None)
    return f"{name}: {title or (getattr(host, 'uid', '') or '')[:7]}"


def new_tree(host: Any) -> Tree:
    """A tree whose root is the host's header."""
    return titled_tree(header(host))


def titled_tree(title: str) -> Tree:
    return Tree(title, guide_style="dim")
