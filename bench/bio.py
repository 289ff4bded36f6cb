#!/usr/bin/env python
"""Time the biology registries on the instance named by the environment.

Targets (issue 8): loading the Cell Ontology ≤ 2 s; ``bt.CellType.from_values``
of 1,000 names with public fallback ≤ 1 s; ``standardize`` of 10,000 synonyms
≤ 0.5 s; any table from the disk cache < 1 s (bio.md §9.4). ``--ncbitaxon``
adds the full NCBITaxon file (one cold parse of 15-30 s). Prints the rows as one
JSON list on the last line of stdout.
"""

from __future__ import annotations

import argparse
import logging

from _timing import ROWS, emit, timed

import lamingui as ln
import lamingui.bio as bt


def time_load(label: str, entity: str, name: str | None, reps: int) -> None:
    """Rows "load <label> (cold)" (no cache file) and "(cached)" (from disk)."""
    from lamingui.bio.base import _cache, _loaders  # noqa: PLC0415 - caches to clear
    from lamingui.bio.base._catalog import data_files, find_offline  # noqa: PLC0415

    offline = find_offline(entity, name=name)[0]
    md5 = _cache.file_md5(data_files() / offline.filename)
    path = _cache.cache_path(offline.filename, md5)

    def cold() -> None:
        _loaders._CACHE.clear()
        path.unlink(missing_ok=True)

    def load() -> int:
        return len(_loaders.load_offline(offline).full)

    rows = timed(f"bio: load {label} (cold)", 1, 0, load, reps, cold)
    ROWS[-1]["items"] = rows
    timed(f"bio: load {label} (cached)", 1, rows, load, reps, _loaders._CACHE.clear)
    _loaders._CACHE.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--ncbitaxon", action="store_true", help="also time the NCBITaxon file"
    )
    args = parser.parse_args()
    n, reps = args.n, args.reps
    ln.setup.init()
    logging.getLogger("lamingui").setLevel(logging.WARNING)
    from lamingui.bio.base import _loaders  # noqa: PLC0415 - cache to clear

    def cold() -> None:
        _loaders._CACHE.clear()

    timed("bio: load Cell Ontology (cold)", 1, 3324, bt.base.CellType, reps, cold)
    time_load("CHEBI", "pertdb.Compound", None, reps)
    if args.ncbitaxon:
        time_load("NCBITaxon", "bionty.Organism", "ncbitaxon", 1)

    table = bt.CellType.public().to_dataframe()
    names = table["name"].tolist()[:n]

    def wipe() -> None:
        bt.CellType.parents.through.objects.all().delete()
        bt.CellType.objects.all().delete(permanent=True)

    timed(
        "bio: CellType.from_values (public fallback)",
        n,
        len(names),
        lambda: bt.CellType.from_values(names, mute=True),
        reps,
        wipe,
    )

    synonyms = [s.split("|")[0] for s in table["synonyms"].dropna().tolist()]
    values = (synonyms * (10 * n // max(len(synonyms), 1) + 1))[: 10 * n]
    wipe()
    bt.CellType.from_values(names[:100], mute=True).save()
    timed(
        "bio: CellType.standardize synonyms",
        10 * n,
        len(values),
        lambda: bt.CellType.standardize(values, mute=True),
        reps,
    )
    wipe()
    emit()


if __name__ == "__main__":
    main()
