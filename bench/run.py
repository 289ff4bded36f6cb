#!/usr/bin/env python
"""lamingui benchmarks: one fresh SQLite (or PostgreSQL) instance per size N.

    python bench/run.py                      # N = 1,000, 10,000 and 100,000
    python bench/run.py --sizes 1000 --reps 5
    LAMINGUI_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench \
        python bench/run.py --sizes 1000     # PostgreSQL (the database is recreated)

Prints one table: operation, N, median over the repetitions, time per item.
Each size runs in its own process (bench/instance.py) on a new instance home.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_size(n: int, reps: int, database_url: str | None) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix=f"lamingui-bench-{n}-") as home:
        env = {
            **os.environ,
            "LAMINGUI_HOME": home,
            "LAMINGUI_USER": "bench",
            "LAMINGUI_STORAGE": str(Path(home) / "storage"),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if database_url:
            env["LAMINGUI_DATABASE_URL"] = database_url
        else:
            env["LAMINGUI_DATABASE_URL"] = f"sqlite:///{home}/bench.sqlite3"
        command = [sys.executable, str(HERE / "instance.py"), "--n", str(n)]
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
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    database_url = os.environ.get("LAMINGUI_BENCH_DATABASE_URL")
    rows: list[dict] = []
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"… N = {n:,}", file=sys.stderr, flush=True)
        rows += run_size(n, args.reps, database_url)
    backend = "PostgreSQL" if database_url else "SQLite"
    header = f"{'operation':<46} {'N':>8} {'median':>10} {'per item':>10}"
    print(f"lamingui benchmarks on {backend} (median of {args.reps})")
    print(header)
    print("-" * len(header))
    for row in rows:
        per_item = format_time(row["median"] / row["items"]) if row["items"] > 1 else ""
        print(
            f"{row['operation']:<46} {row['n']:>8,} "
            f"{format_time(row['median']):>10} {per_item:>10}"
        )


if __name__ == "__main__":
    main()
