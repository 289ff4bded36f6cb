"""App configuration: system checks and the admin theme after migrations."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db import connections
from django.db.models.signals import post_migrate

from .db_search_indexes import install_search_indexes
from .db_triggers import install_type_triggers
from .defaults import create_default_rows


class LaminguiConfig(AppConfig):
    name = "lamingui"
    verbose_name = "lamingui"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401, PLC0415 - registers the system checks

        post_migrate.connect(_after_migrate, sender=self)


def _after_migrate(using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if "lamindb_branch" in connection.introspection.table_names():
        create_default_rows(apps, connection)
        install_type_triggers(connection)
        install_search_indexes(connection)

    if apps.is_installed("admin_interface"):  # not in the Python API's settings
        from .theme import ensure_theme  # noqa: PLC0415 - needs the migrated tables

        ensure_theme(using=using)
