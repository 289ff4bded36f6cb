#!/usr/bin/env python
"""Time table curation (issue 7) on the instance named by the environment.

A CSV of ``--n`` rows and 10 columns (a name column, 3 categorical columns, 6
scalar ones) is parsed, validated (``validate_frame``) and imported
(``import_frame(dry_run=False)``). Targets at n=100,000 on SQLite: validation
≤ 10 s, commit ≤ 30 s.

Then the browser path (issue 7 item 3), in-process with Django's test Client as
a superuser: the upload (parse and plan, no validation), the mapping page (from
the stored per-column results, no validation), one column check (``check/``:
the chunk each waiting card asks for; median over the columns) and the same with
a cold frame cache (the upload parsed again). Prints the rows as one JSON list
on the last line.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "lamingui.django_settings"

import django

django.setup()  # the full site: the import pages are timed too

from _timing import ROWS, emit, timed  # noqa: E402
from django.core.management import call_command  # noqa: E402

import lamingui as ln  # noqa: E402


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
    logging.getLogger("django.request").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    call_command("lamingui_init", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
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
    gui(n, reps, raw, schema, record_type, columns)
    emit()


def gui(n: int, reps: int, raw: bytes, schema, record_type, columns) -> None:
    """Time the import pages on the same table (features named as its columns)."""
    from django.contrib.auth.models import User as AuthUser  # noqa: PLC0415
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415 - Django is set up by now
    from django.urls import reverse  # noqa: PLC0415

    from lamingui.models import ImportSession  # noqa: PLC0415
    from lamingui.panels import imports as panel  # noqa: PLC0415

    header, rest = raw.split(b"\n", 1)
    names = [columns.get(c, c) for c in header.decode().split(",")]
    raw = ",".join(names).encode() + b"\n" + rest
    admin = AuthUser.objects.filter(username="bench-import").first()
    if admin is None:
        admin = AuthUser.objects.create_superuser("bench-import", "", "x")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    hx = {"HTTP_HX_REQUEST": "true"}

    def upload() -> ImportSession:
        response = client.post(
            reverse("admin:lamingui_import"),
            {
                "file": SimpleUploadedFile("bench.csv", raw),
                "schema": schema.pk,
                "record_type": record_type.pk,
                "space": 1,
            },
        )
        assert response.status_code == 302, response.content[:500]
        return ImportSession.objects.get(pk=response["Location"].split("/")[-2])

    session = timed(
        "import GUI: upload (parse + plan, no validation)", n, n, upload, reps
    )
    page = reverse("admin:lamingui_import_session", args=[session.pk])

    def check(index: int) -> None:
        url = reverse("admin:lamingui_import_check", args=[session.pk, index])
        assert client.post(url, **hx).status_code == 200

    def check_all() -> None:
        ImportSession.objects.filter(pk=session.pk).update(report={})
        client.get(page)  # re-plans: every column waits again
        for index in range(len(names)):
            check(index)

    timed(
        "import GUI: mapping page, columns waiting",
        n,
        n,
        lambda: client.get(page),
        reps,
    )
    times = []
    for _ in range(reps):
        ImportSession.objects.filter(pk=session.pk).update(report={})
        client.get(page)
        for index in range(len(names)):
            start = time.perf_counter()
            check(index)
            times.append(time.perf_counter() - start)
    ROWS.append(
        {
            "operation": "import GUI: one column check (check/, median of the 10)",
            "n": n,
            "items": n,
            "median": statistics.median(times),
        }
    )
    ROWS.append(
        {
            "operation": "import GUI: slowest column check (check/)",
            "n": n,
            "items": n,
            "median": max(times),
        }
    )
    timed("import GUI: all 10 column checks in turn", n, n * 10, check_all, reps)

    session.refresh_from_db()
    checked = [c for c in session.report["columns"] if c["kind"] in {"cat", "scalar"}]
    assert len(checked) == 9 and not session.report["missing_required"]

    def page_load() -> None:
        panel._FRAMES.clear()  # the page needs no parsed table
        assert client.get(page).status_code == 200

    timed(
        "import GUI: mapping page, validated (no re-validation)", n, n, page_load, reps
    )

    def cold_check() -> None:
        panel._FRAMES.clear()
        session.refresh_from_db()
        report = dict(session.report)
        report["columns"] = [dict(c) for c in report["columns"]]
        report["columns"][1]["pending"] = True
        ImportSession.objects.filter(pk=session.pk).update(report=report)
        check(1)

    timed(
        "import GUI: column check, cold frame cache (parse once)",
        n,
        n,
        cold_check,
        reps,
    )


if __name__ == "__main__":
    main()
