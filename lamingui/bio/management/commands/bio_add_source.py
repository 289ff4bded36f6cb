"""``manage.py bio_add_source CellType mini --source-version 1 --path mini.obo``."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Register a source (OBO/OWL/CSV/TSV/Parquet file) for a bio registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("registry", help="e.g. CellType, Gene or pertdb.Compound")
        parser.add_argument("name", help="short source name, e.g. 'mini'")
        parser.add_argument("--source-version", dest="source_version", required=True)
        parser.add_argument("--path", required=True, help="the source file")
        parser.add_argument("--organism", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        label, _, name = options["registry"].rpartition(".")
        try:
            registry = apps.get_model(label or "bionty", name)
        except LookupError as error:
            raise CommandError(f"Unknown registry '{options['registry']}'") from error
        if not hasattr(registry, "add_source"):
            raise CommandError(f"{registry.__name__} does not take sources")
        try:
            source = registry.add_source(
                options["name"],
                version=options["source_version"],
                organism=options["organism"],
                path=options["path"],
            )
        except (ValueError, ImportError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"registered source {source.name} {source.version} ({source.organism}) "
            f"for {source.entity}: uid {source.uid}"
        )
