"""The current instance: automatic migration and ``ln.settings``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connections

from . import context

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _expected_migrations() -> set[str]:
    return {p.stem for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")}


def needs_migration(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Cheap check: are all of lamingui's migrations recorded as applied?"""
    connection = connections[using]
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return True
        cursor.execute("SELECT name FROM django_migrations WHERE app = 'lamingui'")
        applied = {row[0] for row in cursor.fetchall()}
    return not _expected_migrations() <= applied


def ensure_migrated(using: str = DEFAULT_DB_ALIAS) -> None:
    """Migrate the database if it is new or behind."""
    if needs_migration(using):
        from django.core.management import call_command  # noqa: PLC0415

        call_command("migrate", database=using, verbosity=0, interactive=False)


def _ready() -> None:
    import lamingui  # noqa: PLC0415 - configures Django on first use

    lamingui._configure()


class _StorageSettings:
    @property
    def root(self) -> Path:
        """Root folder of the default storage location."""
        _ready()
        return Path(django_settings.LAMINGUI_STORAGE)

    @property
    def record(self) -> Any:
        """The default ``Storage`` record."""
        _ready()
        from .models.artifact import _default_storage  # noqa: PLC0415

        return _default_storage()

    def __repr__(self) -> str:
        return f"StorageSettings(root={str(self.root)!r})"


class _CreationSettings:
    """``ln.settings.creation``: what constructors do."""

    @property
    def search_names(self) -> bool:
        """Return an existing record with the same name instead of a new one.

        lamindb queries for the name in every constructor call (~6 ms a record);
        lamingui keeps constructors free of queries unless this is switched on.
        Per call: ``ln.Record(name="x", _search_names=True)``.
        """
        return context.search_names_enabled()

    @search_names.setter
    def search_names(self, value: bool) -> None:
        context.set_search_names(value)


class Settings:
    """``ln.settings``: the instance, the storage, the current user."""

    def __init__(self) -> None:
        self.storage = _StorageSettings()
        self.creation = _CreationSettings()

    def _ready(self) -> None:
        _ready()

    @property
    def user(self) -> Any:
        """The ``User`` the Python API acts as."""
        self._ready()
        from .models import User  # noqa: PLC0415

        return User.objects.get(pk=context.current_user_id())

    @property
    def instance(self) -> dict[str, Any]:
        """The current instance: ``slug`` (``owner/name``), engine, database, home."""
        self._ready()
        from .instances import instance_slug  # noqa: PLC0415 - reads the settings

        db = django_settings.DATABASES[DEFAULT_DB_ALIAS]
        return {
            "slug": instance_slug(),
            "engine": db["ENGINE"].rsplit(".", 1)[-1],
            "name": str(db["NAME"]),
            "home": str(django_settings.LAMINGUI_HOME),
        }

    @property
    def branch(self) -> Any:
        self._ready()
        from .models import Branch  # noqa: PLC0415

        return Branch.objects.get(pk=context.current_branch_id())

    @property
    def space(self) -> Any:
        self._ready()
        from .models import Space  # noqa: PLC0415

        return Space.objects.get(pk=context.current_space_id())

    def __repr__(self) -> str:
        home = os.environ.get("LAMINGUI_HOME", "~/.lamingui")
        return f"Settings(home={home!r})"


settings = Settings()
