"""Who and where a write happens: the current user, run, branch and space.

Field defaults (``created_by``, ``run``) call these functions, so they are
pluggable: the Python API uses the OS login (or ``LAMINGUI_USER``), the GUI
middleware binds the logged-in user for the duration of a request, and
``ln.track()`` binds a run. Models are reached through the app registry, so
this module sits below the model layer and imports none of it.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS

_user_id: ContextVar[int | None] = ContextVar("lamingui_user_id", default=None)
_run_id: ContextVar[int | None] = ContextVar("lamingui_run_id", default=None)
_branch_id: ContextVar[int | None] = ContextVar("lamingui_branch_id", default=None)
_space_id: ContextVar[int | None] = ContextVar("lamingui_space_id", default=None)

# handle -> id of the lamindb User row, per database alias; cleared by tests
_user_cache: dict[tuple[str, str], int] = {}
# LAMINGUI_USER value -> resolved handle (the OS login lookup costs a syscall)
_handle_cache: dict[str | None, str] = {}


def current_handle() -> str:
    """Handle the Python API acts as: ``LAMINGUI_USER``, else the OS login name."""
    configured = os.environ.get("LAMINGUI_USER")
    handle = _handle_cache.get(configured)
    if handle is None:
        handle = configured
        if not handle:
            try:
                handle = getpass.getuser()
            except (KeyError, OSError):
                handle = "anonymous"
        handle = _handle_cache[configured] = handle[:30]
    return handle


def user_id_for_handle(handle: str, using: str = DEFAULT_DB_ALIAS) -> int:
    """Id of the ``User`` with this handle, creating the row on first use."""
    key = (using, handle)
    cached = _user_cache.get(key)
    if cached is not None:
        return cached
    user_model = apps.get_model("lamingui", "User")
    row = user_model.objects.using(using).filter(handle=handle).only("id").first()
    if row is None:
        row = user_model(handle=handle, name=handle)
        row.save(using=using)
    _user_cache[key] = row.id
    return row.id


def current_user_id() -> int:
    """Default of every ``created_by`` field."""
    bound = _user_id.get()
    if bound is not None:
        return bound
    return user_id_for_handle(current_handle())


def current_run_id() -> int | None:
    """Default of every ``run`` field: the tracked run, else ``None``."""
    return _run_id.get()


def current_branch_id() -> int:
    bound = _branch_id.get()
    return 1 if bound is None else bound


def current_space_id() -> int:
    bound = _space_id.get()
    return 1 if bound is None else bound


_search_names: ContextVar[bool] = ContextVar("lamingui_search_names", default=False)


def search_names_enabled() -> bool:
    """Whether constructors return an existing record with the same name."""
    return _search_names.get()


def set_search_names(value: bool) -> None:
    _search_names.set(bool(value))


def default_branch_ids() -> list[int]:
    """Branches visible in default queries: the current one plus main."""
    current = current_branch_id()
    return [1] if current == 1 else [current, 1]


@contextmanager
def acting_as(
    user_id: int | None = None,
    run_id: int | None = None,
    branch_id: int | None = None,
    space_id: int | None = None,
) -> Iterator[None]:
    """Bind user, run, branch or space for the code inside the ``with`` block."""
    tokens = []
    for var, value in (
        (_user_id, user_id),
        (_run_id, run_id),
        (_branch_id, branch_id),
        (_space_id, space_id),
    ):
        if value is not None:
            tokens.append((var, var.set(value)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def set_run_id(run_id: int | None) -> None:
    """Bind (or unbind with ``None``) the tracked run for this context."""
    _run_id.set(run_id)


def set_branch_id(branch_id: int | None) -> None:
    _branch_id.set(branch_id)


def clear_caches() -> None:
    _user_cache.clear()
    _handle_cache.clear()
