#!/usr/bin/env python
"""Time GUI views in-process (Django's test Client) on the instance of the environment.

    LAMINGUI_HOME=/tmp/b LAMINGUI_DATABASE_URL=sqlite:////tmp/b/gui.sqlite3 \
        python bench/gui.py --n 100000 --reps 5

Builds ``n`` records (one type holding all members, so a type tree level and
the changelist see every row) plus ``n // 10`` labels, then times, as a
superuser and as a space-restricted curator:

* the Record changelist page (50 rows, issue 5 target <= 300 ms);
* the global search fragment (issue 5 target <= 100 ms);
* one type tree level (``types/children/``, issue 5 target <= 100 ms).

Prints the rows as one JSON list on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "lamingui.django_settings"

import django

django.setup()

from django.contrib.auth.models import User as AuthUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

import lamingui as ln  # noqa: E402
from lamingui import context  # noqa: E402
from lamingui.management.commands.lamingui_init import CURATOR  # noqa: E402
from lamingui.models.access import SpaceMembership  # noqa: E402

ROWS: list[dict[str, Any]] = []
HX = {"HX-Request": "true"}


def timed(
    operation: str,
    n: int,
    items: int,
    client: Client,
    url: str,
    reps: int,
    **kwargs: Any,
) -> None:
    client.get(url, **kwargs)  # warm up caches and imports
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        response = client.get(url, **kwargs)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    ROWS.append(
        {
            "operation": operation,
            "n": n,
            "items": items,
            "median": statistics.median(times),
        }
    )


def build(n: int) -> Any:
    kind = ln.Record.filter(name="Bench type", is_type=True).first()
    if kind is not None:
        return kind
    kind = ln.Record(name="Bench type", is_type=True).save()
    private = ln.Space(name="bench private").save()
    batch = 10_000
    for start in range(0, n, batch):
        ln.save(
            [
                ln.Record(
                    name=f"rec{i}",
                    type=kind,
                    is_type=i % 1000 == 0,
                    space=private if i % 10 == 0 else None,
                )
                for i in range(start, min(n, start + batch))
            ]
        )
    ln.save([ln.ULabel(name=f"label{i}") for i in range(n // 10)])
    return kind


def logins() -> dict[str, Client]:
    clients = {}
    admin = AuthUser.objects.filter(username="bench-admin").first()
    if admin is None:
        admin = AuthUser.objects.create_superuser("bench-admin", "", "x")
    curator = AuthUser.objects.filter(username="bench-curator").first()
    if curator is None:
        curator = AuthUser.objects.create_user("bench-curator", "", "x", is_staff=True)
        from django.contrib.auth.models import Group  # noqa: PLC0415

        curator.groups.add(Group.objects.get(name=CURATOR))
        private = ln.Space.objects.get(name="bench private")
        SpaceMembership.objects.create(
            space=private,
            user_id=context.user_id_for_handle("bench-curator"),
            role="write",
        )
    for name, user in (("superuser", admin), ("curator", curator)):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        clients[name] = client
    return clients


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    n, reps = args.n, args.reps
    logging.getLogger("lamingui").setLevel(logging.WARNING)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    call_command("lamingui_init", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    kind = build(n)
    changelist = reverse("admin:lamingui_record_changelist")
    search = reverse("admin:search_suggest") + f"?q=rec{n // 2}"
    level = reverse("admin:lamingui_record_types_children", args=[kind.pk])
    for who, client in logins().items():
        timed(f"GUI {who}: record changelist page", n, 50, client, changelist, reps)
        timed(f"GUI {who}: search fragment", n, 10, client, search, reps, headers=HX)
        timed(f"GUI {who}: type tree level", n, 100, client, level, reps, headers=HX)
    for row in ROWS:
        print(f"{row['operation']:<45} n={row['n']:<8} {row['median'] * 1000:8.1f} ms")
    print(json.dumps(ROWS))


if __name__ == "__main__":
    main()
