"""``ln.setup``: choose and initialise an instance from Python."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .instance import settings

__all__ = ["init", "settings"]


def init(
    db: str | None = None,
    storage: str | Path | None = None,
    name: str | None = None,
) -> None:
    """Point lamingui at a database and storage folder and migrate it.

    Args:
        db: SQLite path or ``postgresql://`` URL; defaults to
            ``$LAMINGUI_HOME/lamingui.sqlite3``.
        storage: Default storage root for artifacts.
        name: The instance's name, ``owner/name`` or ``name`` (the owner is then
            the current user); ``Registry.connect(name)`` queries this instance.
            Defaults to ``$LAMINGUI_INSTANCE``, an ``instances.toml`` entry with
            this database, or the database's name.

    Raises:
        ValueError: ``name`` is not ``owner/name`` or ``name``.
        RuntimeError: Django is already configured for another database.
    """
    import lamingui  # noqa: PLC0415

    if name is not None and (
        not isinstance(name, str) or not name.strip() or name.count("/") > 1
    ):
        raise ValueError(f"Invalid instance name {name!r}: use 'owner/name' or 'name'.")
    if lamingui._state["ready"]:
        from django.conf import settings as django_settings  # noqa: PLC0415

        from .django_settings import database_from_url  # noqa: PLC0415

        wanted = database_from_url(db)["NAME"] if db else None
        current = django_settings.DATABASES["default"]["NAME"]
        if wanted is not None and str(wanted) != str(current):
            raise RuntimeError(
                f"lamingui is already connected to {current}; start a new Python "
                "process to use another instance."
            )
    else:
        if db is not None:
            os.environ["LAMINGUI_DATABASE_URL"] = str(db)
        if storage is not None:
            os.environ["LAMINGUI_STORAGE"] = str(storage)
    if name is not None:
        os.environ["LAMINGUI_INSTANCE"] = name.strip()
    lamingui._configure()
    from .instance import ensure_migrated  # noqa: PLC0415

    ensure_migrated()


def __getattr__(name: str) -> Any:
    raise AttributeError(f"module 'lamingui.setup' has no attribute '{name}'")
