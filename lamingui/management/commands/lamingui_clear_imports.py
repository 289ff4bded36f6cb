"""``manage.py lamingui_clear_imports --older-than 24h``: delete old import sessions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_age(text: str) -> dt.timedelta:
    """``30m``, ``24h``, ``7d`` as a timedelta."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([mhd])\s*", text or "")
    if match is None:
        raise CommandError(f"--older-than must look like 30m, 24h or 7d, got {text!r}")
    return dt.timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})


class Command(BaseCommand):
    help = "Delete import sessions (uploads and their mappings) older than an age."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", default="24h", help="e.g. 30m, 24h, 7d")

    def handle(self, *args: Any, **options: Any) -> None:
        from lamingui.models import ImportSession  # noqa: PLC0415 - app registry

        cutoff = timezone.now() - parse_age(options["older_than"])
        deleted, _ = ImportSession.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} import session(s).")
