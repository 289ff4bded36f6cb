#!/usr/bin/env python
"""Time table curation (issue 7) on the instance named by the environment.

A CSV of ``--n`` rows and 10 columns (a name column, 3 categorical columns, 6
scalar ones) is parsed, validated (``validate_frame``) and imported
(``import_frame(dry_run=False)``). Targets at n=100,000 on SQLite: validation
≤ 10 s, commit ≤ 30 s. Prints the rows as one JSON list on the last line.
"""

from __future__ import annotations

import argparse
import logging
import random

from _timing import emit, timed

import lamingui as ln


def make_csv(n: int, labels: dict[str, list[str]]) -> bytes:
    rng = random.Random(7)
    header = ["__lamindb_record_name__", *labels, "s1", "s2", "s3", "i1", "b1", "d1"]
    lines = [",".join(header)]
    pools = list(labels.values())
    for i in range(n):
        cats = [rng.choice(pool) for pool in pools]
        lines.append(
            f"row{i},{cats[0]},{cats[1]},{cats[2]},{rng.random():.4f},"
            f"{rng.random() * 100:.2f},sample {i % 97},{i},"
            f"{'yes' if i % 2 else 'no'},2024-01-{1 + i % 28:02d}"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    n, reps = args.n, args.reps
    logging.getLogger("lamingui").setLevel(logging.WARNING)
    ln.setup.init()
    from lamingui.curators import import_frame, validate_frame  # noqa: PLC0415
    from lamingui.curators._frame_read import read_table  # noqa: PLC0415

    labels: dict[str, list[str]] = {}
    features = []
    for name in ("cell_type", "tissue", "donor"):
        kind = ln.ULabel(name=f"bench {name}", is_type=True).save()
        values = [f"{name} {k}" for k in range(50)]
        ln.save([ln.ULabel(name=v, type=kind) for v in values])
        labels[name] = values
        features.append(
            ln.Feature(name=f"bench_{name}", dtype=f"cat[ULabel[{kind.uid}]]").save()
        )
    for name, dtype in (
        ("s1", "float"),
        ("s2", "num"),
        ("s3", "str"),
        ("i1", "int"),
        ("b1", "bool"),
        ("d1", "date"),
    ):
        features.append(ln.Feature(name=f"bench_{name}", dtype=dtype).save())
    schema = ln.Schema(name="bench import", features=features).save()
    record_type = ln.Record(name="bench import rows", is_type=True).save()
    columns = {f.name.removeprefix("bench_"): f.name for f in features}
    mapping = {"columns": columns}
    raw = make_csv(n, labels)
    df = timed(
        "import: read CSV (sniffed delimiter)",
        n,
        n,
        lambda: read_table(raw, "bench.csv").frame,
        reps,
    )
    report = timed(
        "import: validate_frame (10 columns, 3 categorical)",
        n,
        n,
        lambda: validate_frame(df, schema, record_type, mapping),
        reps,
    )
    assert report.n_blocking == 0, report.blocking
    user = ln.User.filter().order_by("id").first()
    space = ln.Space.get(1)

    def wipe() -> None:
        ln.Record.filter(type=record_type).delete(permanent=True)

    result = timed(
        "import: import_frame commit (records + values)",
        n,
        n,
        lambda: import_frame(
            df, schema, record_type, mapping, user=user, space=space, dry_run=False
        ),
        reps,
        setup=wipe,
    )
    assert result.n_records == n
    emit()


if __name__ == "__main__":
    main()
