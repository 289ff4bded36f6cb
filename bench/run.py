#!/usr/bin/env python
"""lamingui benchmarks: every suite on a fresh SQLite (or PostgreSQL) instance.

    python bench/run.py                          # all suites, API at N = 1k, 10k, 100k
    python bench/run.py --suites api --sizes 1000 --reps 5
    python bench/run.py --suites curation,gui    # one size each: the issue's target
    LAMINGUI_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \
        python bench/run.py --suites api --sizes 1000  # PostgreSQL, recreated

Suites and their scripts (each prints its rows as JSON on its last stdout line):
``api`` (bench/instance.py, at every ``--sizes``), ``curation`` (bench/curation.py,
100,000 values), ``imports`` (bench/imports.py, a 100,000-row CSV), ``gui``
(bench/gui.py, 100,000 records) and ``bio`` (bench/bio.py, the ontology targets).
Prints one table: suite, operation, N, median over the repetitions, time per item.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent

#: suite -> (script, sizes it runs at; None: the --sizes option)
SUITES: dict[str, tuple[str, list[int] | None]] = {
    "api": ("instance.py", None),
    "curation": ("curation.py", [100_000]),
    "imports": ("imports.py", [100_000]),
    "gui": ("gui.py", [100_000]),
    "bio": ("bio.py", [1_000]),
}


def recreate_postgres_database(url: str) -> None:
    """Drop and create the database named in ``url`` (a fresh instance per run)."""
    import psycopg  # noqa: PLC0415 - only needed for PostgreSQL runs

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_script(script: str, n: int, reps: int, database_url: str | None) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix=f"lamingui-bench-{n}-") as home:
        env = {
            **os.environ,
            "LAMINGUI_HOME": home,
            "LAMINGUI_USER": "bench",
            "LAMINGUI_STORAGE": str(Path(home) / "storage"),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if database_url:
            recreate_postgres_database(database_url)
            env["LAMINGUI_DATABASE_URL"] = database_url
        else:
            env["LAMINGUI_DATABASE_URL"] = f"sqlite:///{home}/bench.sqlite3"
        command = [sys.executable, str(HERE / script), "--n", str(n)]
        out = subprocess.run(
            [*command, "--reps", str(reps)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])


def format_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", default=",".join(SUITES))
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    suites = [s.strip() for s in args.suites.split(",") if s.strip()]
    unknown = sorted(set(suites) - set(SUITES))
    if unknown:
        parser.error(f"unknown suite(s) {unknown}; choose from {sorted(SUITES)}")
    database_url = os.environ.get("LAMINGUI_BENCH_DATABASE_URL")
    rows: list[dict] = []
    for suite in suites:
        script, sizes = SUITES[suite]
        for n in sizes or [int(s) for s in args.sizes.split(",")]:
            print(f"… {suite}, N = {n:,}", file=sys.stderr, flush=True)
            rows += [
                {"suite": suite, **row}
                for row in run_script(script, n, args.reps, database_url)
            ]
    backend = "PostgreSQL" if database_url else "SQLite"
    header = f"{'suite':<9} {'operation':<46} {'N':>8} {'median':>10} {'per item':>10}"
    print(f"lamingui benchmarks on {backend} (median of {args.reps})")
    print(header)
    print("-" * len(header))
    for row in rows:
        per_item = format_time(row["median"] / row["items"]) if row["items"] > 1 else ""
        print(
            f"{row['suite']:<9} {row['operation']:<46} {row['n']:>8,} "
            f"{format_time(row['median']):>10} {per_item:>10}"
        )


if __name__ == "__main__":
    main()
