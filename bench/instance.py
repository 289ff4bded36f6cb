#!/usr/bin/env python
"""Time the lamingui API on the instance named by the environment (see bench/run.py).

Prints the rows as one JSON list on the last line of stdout.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path
from typing import Any

from _timing import ROWS, emit, timed

import lamingui as ln


def wipe(registry: Any, **filters: Any) -> None:
    registry.objects.filter(**filters).delete(permanent=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    n, reps = args.n, args.reps
    ln.setup.init()
    # after init: configuring Django applies LOGGING, which sets the level to INFO
    logging.getLogger("lamingui").setLevel(logging.WARNING)

    names = [f"rec{i}" for i in range(n)]
    ln.Record.filter().to_dataframe()  # warm up: imports pandas once

    def bulk_records() -> None:
        ln.save([ln.Record(name=name) for name in names])

    timed(
        "Record: construct + ln.save",
        n,
        n,
        bulk_records,
        reps,
        setup=lambda: wipe(ln.Record),
    )
    wipe(ln.Record)
    bulk_records()

    def bulk_ulabels() -> None:
        ln.save([ln.ULabel(name=f"ul{i}") for i in range(n)])

    timed(
        "ULabel: construct + ln.save",
        n,
        n,
        bulk_ulabels,
        reps,
        setup=lambda: wipe(ln.ULabel),
    )

    def single_saves() -> None:
        for i in range(100):
            ln.Record(name=f"single{i}").save()

    timed(
        "Record: single .save()",
        n,
        100,
        single_saves,
        reps,
        setup=lambda: wipe(ln.Record, name__startswith="single"),
    )

    timed(
        "filter(name__startswith).to_dataframe()",
        n,
        1,
        lambda: ln.Record.filter(name__startswith="rec1").to_dataframe(),
        reps,
    )
    timed(
        "to_dataframe(limit=None)",
        n,
        n,
        lambda: ln.Record.to_dataframe(limit=None),
        reps,
    )

    exact = f"rec{n // 2}"
    typo = f"rce{n // 3}"  # two letters swapped
    timed("search: exact name", n, 1, lambda: list(ln.Record.search(exact)), reps)
    timed("search: prefix", n, 1, lambda: list(ln.Record.search("rec12")), reps)
    found = timed("search: one typo", n, 1, lambda: list(ln.Record.search(typo)), reps)
    ROWS[-1]["operation"] += f" (top: {found[0].name if found else None})"
    timed(
        "search: exact, field=name",
        n,
        1,
        lambda: list(ln.Record.search(exact, field="name")),
        reps,
    )
    stem = ln.Record.get(name=exact).uid[:8]
    timed("search: uid prefix", n, 1, lambda: list(ln.Record.search(stem)), reps)

    timed("lookup() build", n, n, lambda: ln.Record.lookup(), reps)

    sample = list(ln.Record.filter(name__in=names[:: max(1, n // 100)][:100]))
    timed(
        "get(uid)", n, len(sample), lambda: [ln.Record.get(r.uid) for r in sample], reps
    )
    timed(
        "get(name=...)",
        n,
        len(sample),
        lambda: [ln.Record.get(name=r.name) for r in sample],
        reps,
    )

    kind = ln.Record(name="Trash type", is_type=True).save()
    members = [ln.Record(name=f"t{i}", type=kind) for i in range(min(n, 1000))]
    ln.save(members)
    members = list(ln.Record.filter(type=kind))

    def trash_each() -> None:
        for record in members:
            record.delete()

    def restore_each() -> None:
        for record in members:
            record.restore()

    timed("trash per object", n, len(members), trash_each, 1)
    timed("restore per object", n, len(members), restore_each, 1)
    timed(
        "trash query set",
        n,
        len(members),
        lambda: ln.Record.filter(type=kind).delete(),
        1,
    )
    timed(
        "restore query set",
        n,
        len(members),
        lambda: ln.Record.filter(type=kind, branch_id=-1).restore(),
        1,
    )

    folder = Path(tempfile.mkdtemp(prefix="lamingui-bench-files-"))
    path = folder / "table.csv"
    path.write_text("a,b\n0,0\n")
    artifact = ln.Artifact(path, key="bench/table.csv").save()
    counter = iter(range(1, 10_000))

    def new_versions() -> None:
        for _ in range(10):
            path.write_text(f"a,b\n{next(counter)},1\n")
            ln.Artifact(path, key="bench/table.csv").save()

    timed("Artifact: new version (file + save)", n, 10, new_versions, reps)
    del artifact

    deep = ln.Record(name="depth0", is_type=True).save()
    for depth in range(1, 6):
        deep = ln.Record(name=f"depth{depth}", is_type=True, type=deep).save()
    timed("query_types() at depth 5", n, 1, lambda: deep.query_types(), reps)
    label = ln.ULabel(name="leaf").save()
    node = label
    for depth in range(5):
        parent = ln.ULabel(name=f"parent{depth}").save()
        node.parents.add(parent)
        node = parent
    timed("query_parents() at depth 5", n, 1, lambda: list(label.query_parents()), reps)

    emit()


if __name__ == "__main__":
    main()
