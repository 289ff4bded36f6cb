"""Bootstrap the GUI: theme, default rows and the three permission groups.

``python manage.py lamingui_init`` is idempotent (gui.md §2.2, §8.2):

* the active django-admin-interface theme ``lamingui`` (from the fixture);
* branches 1 main, 0 archive, -1 trash and space 1 ``all``;
* groups ``lamingui-viewer`` (view every registry), ``lamingui-curator``
  (viewer + add/change/delete on registries, the trash, notes, imports) and
  ``lamingui-admin`` (curator + permanent deletes, spaces, branches,
  memberships, themes). Each run resets the groups' permissions to exactly
  these sets.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from ...defaults import create_default_rows
from ...models.base import BaseSQLRecord
from ...theme import ensure_theme

VIEWER, CURATOR, ADMIN = "lamingui-viewer", "lamingui-curator", "lamingui-admin"
#: registries only admins change: governance
_GOVERNANCE = {"space", "branch", "spacemembership"}


#: apps whose registries the groups cover: the core and the biology registries
REGISTRY_APPS = ("lamingui", "bionty", "pertdb")


def _registry_models() -> list[tuple[str, str]]:
    """``(app_label, model_name)`` of every registry, link and block model."""
    return [
        (config.label, m._meta.model_name)
        for config in apps.get_app_configs()
        if config.label in REGISTRY_APPS
        for m in config.get_models()
        if issubclass(m, BaseSQLRecord)
    ]


def group_permissions() -> dict[str, set[tuple[str, str]]]:
    """``{group: {(app_label, codename)}}`` as in gui.md §8.2."""
    models = _registry_models()
    viewer = {(app, f"view_{m}") for app, m in models} | {
        ("lamingui", "view_spacemembership")
    }
    curator = viewer | {
        (app, f"{action}_{m}")
        for app, m in models
        if m not in _GOVERNANCE
        for action in ("add", "change", "delete")
    }
    curator |= {
        ("lamingui", "view_trash"),
        ("lamingui", "add_importsession"),
        ("lamingui", "view_importsession"),
        ("lamingui", "change_importsession"),
    }
    admin = curator | {("lamingui", "purge_trash")}
    admin |= {
        ("lamingui", f"{action}_{m}")
        for m in _GOVERNANCE
        for action in ("add", "change", "delete")
    }
    admin |= {
        ("admin_interface", f"{action}_theme")
        for action in ("view", "add", "change", "delete")
    }
    return {VIEWER: viewer, CURATOR: curator, ADMIN: admin}


def ensure_groups() -> dict[str, int]:
    """Create the three groups with exactly their permissions; ``{group: n}``."""
    wanted = group_permissions()
    every = set().union(*wanted.values())
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={c for _, c in every}
        )
    }
    missing = sorted(f"{a}.{c}" for a, c in every - set(found))
    if missing:
        raise RuntimeError(
            "Permissions are missing (run `manage.py migrate` first): "
            + ", ".join(missing[:10])
        )
    counts = {}
    with transaction.atomic():
        for name, keys in wanted.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.set([found[k] for k in keys])
            counts[name] = len(keys)
    return counts


class Command(BaseCommand):
    help = "Load the lamingui theme, default rows and the GUI permission groups."

    def handle(self, *args: Any, **options: Any) -> None:
        create_default_rows(apps, connection)
        ensure_theme()
        counts = ensure_groups()
        for name, n in counts.items():
            self.stdout.write(f"group {name}: {n} permissions")
        self.stdout.write(self.style.SUCCESS("lamingui GUI initialised."))
