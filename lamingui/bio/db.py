"""``ln.DB("owner/name").bionty`` / ``.pertdb``: registry namespaces (bio.md §8)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connections

#: module -> the table whose presence says the instance has the module
_MARKER = {"bionty": "bionty_source", "pertdb": "wetlab_compound"}
_HAS_MODULE: dict[tuple[str, str], bool] = {}


def has_module(alias: str, module: str) -> bool:
    """The database behind ``alias`` has the tables of ``module`` (cached)."""
    key = (alias, module)
    if key not in _HAS_MODULE:
        connection = connections[alias]
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        _HAS_MODULE[key] = _MARKER[module] in tables
    return _HAS_MODULE[key]


class ModuleDB:
    """Registries of one module on another instance (``BiontyDB``/``PertdbDB``)."""

    def __init__(self, alias: str, module: str, instance: str) -> None:
        if not has_module(alias, module):
            raise AttributeError(
                f"Schema '{module}' not available in instance '{instance}'."
            )
        self._alias, self._module = alias, module
        self._cache: dict[str, Any] = {}

    def _names(self) -> list[str]:
        if not apps.is_installed(
            "lamingui.bio" if self._module == "bionty" else "lamingui.pert"
        ):
            return []
        config = apps.get_app_config(self._module)
        return sorted(
            m.__name__
            for m in config.get_models()
            if hasattr(m, "from_values") or m.__name__ == "Source"
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._cache:
            if name not in self._names():
                raise AttributeError(
                    f"Registry '{name}' not found in lamindb. Use .bt.{name} or "
                    f".pertdb.{name} for schema-specific registries."
                )
            model = apps.get_model(self._module, name)
            self._cache[name] = model.connect(self._alias)
        return self._cache[name]

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._names()))

    def __repr__(self) -> str:
        kind = "BiontyDB" if self._module == "bionty" else "PertdbDB"
        return f"{kind}({self._module!r})"


class BiontyDB(ModuleDB):
    """Namespace for Bionty registries (Gene, CellType, Disease, …)."""


class PertdbDB(ModuleDB):
    """Namespace for PertDB registries (Biologic, Compound, …)."""
