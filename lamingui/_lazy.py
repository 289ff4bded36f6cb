"""Lazy attribute access for the optional apps (``lamingui.bio``, ``lamingui.pert``).

Importing such a package stays cheap: nothing Django-related runs until a
registry is first used. ``lazy_module`` builds the module-level ``__getattr__``
and ``__dir__`` of the package; the first registry access configures Django
like ``import lamingui as ln`` and migrates an instance that lacks the tables
of the optional apps.

Example (in a package ``__init__``)::

    __getattr__, __dir__ = lazy_module(
        globals(), registries=("Gene",), models="lamingui.bio.models"
    )
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

_state = {"ready": False}


def configure() -> None:
    """Configure Django (via ``lamingui``) and create missing bio/pert tables."""
    if _state["ready"]:
        return
    import lamingui  # noqa: PLC0415 - deferred: importing the optional apps stays cheap

    lamingui._configure()
    from .bio.core.migrate import ensure_migrated  # noqa: PLC0415 - needs Django

    ensure_migrated()
    _state["ready"] = True


def lazy_module(
    namespace: dict[str, Any],
    *,
    registries: tuple[str, ...],
    models: str,
    others: dict[str, Callable[[], Any]] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for the package whose globals are ``namespace``.

    A name in ``registries`` configures Django and is read from the module
    ``models``; a name in ``others`` is loaded by its zero-argument loader;
    anything else raises ``AttributeError``. Resolved values are cached in the
    package's globals, so each name is looked up once.
    """
    package = namespace["__name__"]
    loaders = others or {}

    def __getattr__(name: str) -> Any:
        if name in registries:
            configure()
            value = getattr(importlib.import_module(models), name)
        elif name in loaders:
            value = loaders[name]()
        else:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace.get("__all__", ())) | set(namespace))

    return __getattr__, __dir__
