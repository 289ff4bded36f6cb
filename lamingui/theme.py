"""The lamingui look of the admin GUI (a django-admin-interface theme).

The theme's settings live in ``fixtures/admin_interface_theme_lamingui.json``.
The fixture uses pk 2 because admin_interface's own migration creates the default
"Django" theme with pk 1; :func:`ensure_theme` matches by name instead, so it works
whatever pks the database already holds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

THEME_NAME = "lamingui"
FIXTURE_PATH = (
    Path(__file__).resolve().parent / "fixtures" / "admin_interface_theme_lamingui.json"
)


def theme_fields() -> dict[str, Any]:
    """Return the theme's field values from the fixture, without ``name``."""
    entries = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    entry = next(
        e
        for e in entries
        if e["model"] == "admin_interface.theme" and e["fields"]["name"] == THEME_NAME
    )
    fields = dict(entry["fields"])
    fields.pop("name", None)
    fields["active"] = True
    return fields


def ensure_theme(using: str = "default") -> None:
    """Create or update the "lamingui" theme and make it the only active one.

    Idempotent and quiet: a database that already has the theme as in the fixture,
    active and alone in being active, is not written to.
    """
    from admin_interface.cache import del_cached_active_theme  # noqa: PLC0415 - GUI only
    from django.apps import apps  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    theme_model = apps.get_model("admin_interface", "Theme")
    themes = theme_model.objects.using(using)
    fields = theme_fields()

    current = themes.filter(name=THEME_NAME).first()
    if (
        current is not None
        and all(_same(getattr(current, k), v) for k, v in fields.items())
        and not themes.filter(active=True).exclude(pk=current.pk).exists()
    ):
        return

    with transaction.atomic(using=using):
        theme, _ = themes.update_or_create(name=THEME_NAME, defaults=fields)
        themes.exclude(pk=theme.pk).filter(active=True).update(active=False)
    del_cached_active_theme()


def _same(current: Any, wanted: Any) -> bool:
    """Compare a model value with a fixture value (files and numbers as text)."""
    if hasattr(current, "name") and not isinstance(current, str):  # FieldFile
        current = current.name or ""
    return str(current) == str(wanted)
