"""The root of every lamingui model: cooperative life-cycle hooks.

Registries inherit from a base (``BaseSQLRecord``) and several mixins. Each of
them may need to act when a record is constructed, saved or trashed. They do so
by overriding a hook and calling ``super()``; this class ends the chain, so the
hooks of every class in the MRO run, whatever the order of the bases.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class LifecycleHooks(models.Model):
    """Abstract model with no fields: terminal implementations of the hooks."""

    class Meta:
        abstract = True

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Turn constructor keywords into model field values (pop API-only ones)."""
        return kwargs

    def _after_init(self) -> None:
        """Runs after a keyword construction (not when loading from the database)."""

    def _before_save(self, using: str) -> None:
        """Validate and prepare the row; raise to refuse the save."""

    def _before_soft_delete(self, using: str) -> None:
        """Runs inside the transaction that moves the row to the trash."""

    def _before_hard_delete(self, using: str) -> None:
        """Runs inside the transaction that deletes the row permanently."""
