"""Create the ``bionty``/``pertdb`` tables of an instance that lacks them."""

from __future__ import annotations

from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

_APPS = {"bionty": Path(__file__).resolve().parent.parent / "migrations"}


def needs_migration(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Are migrations of the bio apps missing from ``django_migrations``?

    A database without that table was not built by migrations (a fresh one is
    migrated by ``lamingui``; test databases are built from the models).
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return False
        for label, folder in _apps().items():
            expected = {p.stem for p in folder.glob("[0-9][0-9][0-9][0-9]_*.py")}
            cursor.execute("SELECT name FROM django_migrations WHERE app = %s", [label])
            if not expected <= {row[0] for row in cursor.fetchall()}:
                return True
    return False


def _apps() -> dict[str, Path]:
    from django.apps import apps  # noqa: PLC0415 - after setup

    found = dict(_APPS)
    if apps.is_installed("lamingui.pert"):
        found["pertdb"] = Path(__file__).resolve().parents[2] / "pert" / "migrations"
    return found


def ensure_migrated(using: str = DEFAULT_DB_ALIAS) -> None:
    if needs_migration(using):
        from django.core.management import call_command  # noqa: PLC0415

        call_command("migrate", database=using, verbosity=0, interactive=False)
