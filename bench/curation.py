#!/usr/bin/env python
"""Time curation on the instance named by the environment (like bench/instance.py).

    LAMINGUI_HOME=/tmp/b python bench/curation.py --n 100000 --reps 3

``--n`` is the number of values given to ``validate`` and ``inspect`` (issue 4
targets: 100,000 values, ≤ 0.2 s and ≤ 0.5 s). ``from_values`` gets ``n // 10``
values, half of them existing (target at n = 100,000: 10,000 values ≤ 0.2 s);
``add_values`` writes 20 features on ``n // 100`` artifacts (target: 1,000
artifacts ≤ 5 s; each call is its own transaction, so on PostgreSQL each pays
a durable commit, a WAL flush of several ms on a slow disk: the second
add_values row wraps the loop in one transaction, the way a bulk import
would). The registry holds ``n // 2`` labels, so half of the
validated values exist. Prints the rows as one JSON list on the last line.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path
from typing import Any

from _timing import emit, timed

import lamingui as ln


def _features() -> list[Any]:
    """20 features: 5 each of int, float, str and cat[ULabel]."""
    dtypes = ["int", "float", "str", "cat[ULabel]"]
    features = [
        ln.Feature(name=f"bench_{dtype}_{i}", dtype=dtype)
        for dtype in dtypes
        for i in range(5)
    ]
    ln.save(features)
    return list(ln.Feature.filter(name__startswith="bench_").order_by("id"))


def _artifacts(count: int) -> list[Any]:
    folder = Path(tempfile.mkdtemp(prefix="lamingui-bench-curation-"))
    out = []
    for i in range(count):
        path = folder / f"file{i}.txt"
        path.write_text(f"content {i}\n")
        out.append(ln.Artifact(path, key=f"bench/curation/file{i}.txt").save())
    return out


def _analyze() -> None:
    """Refresh PostgreSQL's planner statistics after the bulk set-up, as
    autovacuum would on a live instance (fresh tables get poor plans)."""
    from django.db import connection  # noqa: PLC0415 - Django is set up by now

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    n, reps = args.n, args.reps
    logging.getLogger("lamingui").setLevel(logging.ERROR)
    ln.setup.init()
    from django.db import transaction  # noqa: PLC0415 - Django is set up by init

    existing = n // 2
    ln.save([ln.ULabel(name=f"label{i}") for i in range(existing)])
    values = [f"label{i}" for i in range(n)]  # half exist, half do not
    ln.ULabel.validate(values[:10], mute=True)  # warm up: imports pandas once

    timed(
        "ULabel.validate (half existing)",
        n,
        n,
        lambda: ln.ULabel.validate(values, mute=True),
        reps,
    )
    timed(
        "ULabel.inspect (half existing)",
        n,
        n,
        lambda: ln.ULabel.inspect(values, mute=True),
        reps,
    )
    m = n // 10
    some = [f"label{i}" for i in range(existing - m // 2, existing + m // 2)]
    timed(
        "ULabel.from_values (half existing)",
        n,
        m,
        lambda: ln.ULabel.from_values(some, mute=True),
        reps,
    )

    features = _features()
    artifacts = _artifacts(max(1, n // 100))
    cat_values = [f"label{i}" for i in range(5)]
    _analyze()

    def annotate() -> None:
        for k, artifact in enumerate(artifacts):
            payload: dict[str, Any] = {}
            for feature in features:
                dtype = feature._dtype_str
                if dtype == "int":
                    payload[feature.name] = k
                elif dtype == "float":
                    payload[feature.name] = k / 3
                elif dtype == "str":
                    payload[feature.name] = f"value {k % 50}"
                else:
                    payload[feature.name] = cat_values[k % 5]
            artifact.features.add_values(payload)

    def clear() -> None:
        ln.models.ArtifactJsonValue.objects.all().delete()
        ln.models.ArtifactULabel.objects.all().delete()

    timed(
        "Artifact.features.add_values (20 features)",
        n,
        len(artifacts),
        annotate,
        reps,
        setup=clear,
    )

    def annotate_in_one_transaction() -> None:
        with transaction.atomic():
            annotate()

    timed(
        "Artifact.features.add_values (20 features, one transaction)",
        n,
        len(artifacts),
        annotate_in_one_transaction,
        reps,
        setup=clear,
    )
    emit()


if __name__ == "__main__":
    main()
