"""Other instances by name: ``$LAMINGUI_HOME/instances.toml`` (``connect``, ``ln.DB``).

```toml
[instances."acme/other"]
url = "postgresql://postgres@127.0.0.1:5432/other"
```
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .django_settings import database_from_url
from .errors import InstanceNotFoundError


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


def database_alias(instance: str | None) -> str:
    """Django database alias for ``instance``, registering it on first use."""
    if instance in (None, "default"):
        return DEFAULT_DB_ALIAS
    if instance in connections.settings:
        return instance
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
