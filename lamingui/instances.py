"""Instances by name: ``$LAMINGUI_HOME/instances.toml`` (``connect``, ``ln.DB``).

```toml
[instances."acme/other"]
url = "postgresql://postgres@127.0.0.1:5432/other"
```

The current instance has a name too (``owner/name``, see :func:`instance_slug`):
``ln.Record.connect("<that name>")`` queries the default database.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .context import current_handle
from .django_settings import database_from_url
from .errors import InstanceNotFoundError

#: environment variable naming the current instance (``owner/name`` or ``name``)
INSTANCE_ENV = "LAMINGUI_INSTANCE"


def known_instances() -> dict[str, str]:
    path = Path(settings.LAMINGUI_HOME) / "instances.toml"
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text())
    return {
        name: spec["url"]
        for name, spec in (data.get("instances") or {}).items()
        if isinstance(spec, dict) and "url" in spec
    }


def instance_slug() -> str:
    """``owner/name`` of the current instance (the default database).

    Taken from ``LAMINGUI_INSTANCE`` (set by ``ln.setup.init(name=...)``), else
    from the ``instances.toml`` entry whose URL is the default database, else
    made of the current user's handle and the database's name (the SQLite file
    stem or the PostgreSQL database). A name without owner gets the handle.
    """
    name = os.environ.get(INSTANCE_ENV, "").strip()
    if not name:
        name = _toml_name_of_default() or _database_name()
    if "/" not in name:
        name = f"{current_handle()}/{name}"
    return name


def is_current_instance(instance: str) -> bool:
    """Whether ``instance`` names the current instance (``owner/name`` or ``name``)."""
    slug = instance_slug()
    return instance in (slug, slug.split("/", 1)[1])


def _same_database(config: dict[str, Any], default: dict[str, Any]) -> bool:
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(config.get(k) or "") == str(default.get(k) or "") for k in keys)


def _toml_name_of_default() -> str | None:
    default = connections.settings[DEFAULT_DB_ALIAS]
    for name, url in known_instances().items():
        try:
            config = database_from_url(url)
        except ValueError:
            continue
        if _same_database(config, default):
            return name
    return None


def _database_name() -> str:
    default = connections.settings[DEFAULT_DB_ALIAS]
    if "sqlite" in default["ENGINE"]:
        return Path(str(default["NAME"])).stem or "lamingui"
    return str(default["NAME"])


def database_alias(instance: str | None) -> str:
    """Django database alias for ``instance``, registering it on first use."""
    if instance in (None, "default"):
        return DEFAULT_DB_ALIAS
    if instance in connections.settings:
        return instance
    if is_current_instance(instance):
        return DEFAULT_DB_ALIAS
    known = known_instances()
    if instance not in known:
        listed = ", ".join(sorted(known)) or "none configured"
        raise InstanceNotFoundError(
            f"'{instance}' not found: 'instance-not-found'. Known instances: {listed} "
            f"(configure them in {Path(settings.LAMINGUI_HOME) / 'instances.toml'})"
        )
    config = database_from_url(known[instance])
    config.pop("TEST", None)
    # configure_settings fills in Django's defaults (TIME_ZONE, TEST, …)
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], instance: config}
    )
    connections.settings[instance] = configured[instance]
    return instance


class DB:
    """Query another instance: ``ln.DB("acme/other").Record.filter(...)``."""

    def __init__(self, instance: str) -> None:
        self._alias = database_alias(instance)
        self._instance = instance

    def __getattr__(self, name: str) -> Any:
        from . import models  # noqa: PLC0415

        if name in {"bionty", "pertdb"}:  # bio.md §8: module namespaces
            from .bio.db import BiontyDB, PertdbDB  # noqa: PLC0415 - optional apps

            kind = BiontyDB if name == "bionty" else PertdbDB
            namespace = kind(self._alias, name, self._instance)
            self.__dict__[name] = namespace
            return namespace

        registry = getattr(models, name, None)
        if registry is None or not hasattr(registry, "_meta"):
            raise AttributeError(f"No registry '{name}' in this instance")
        return registry.connect(self._alias)
