"""The admin page of free-standing ``Block`` pages (issue 6, gui.md §6.6).

A page's change form shows its fields with ``content`` and ``key`` read-only:
editing the content in place would rewrite a saved version, and a new key would
move this version out of its family. Its notes panel (from ``admin_bases``)
shows the page's own versions: the latest rendered, the editor, whose save
makes a new version, history with view, diff and restore. Pages take no
comments (api.md §8.1: a ``Block`` is a readme).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ..models.blocks import Block
from .registry import admin_bases
from .site import site


class BlockAdmin(*admin_bases(Block)):  # type: ignore[misc]
    """Pages: content changes only through the notes editor (a new version)."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is None:  # a new page starts its history with its first content
            return fields
        return (*fields, "content", "key")


if site.is_registered(Block):
    site.unregister(Block)
site.register(Block, BlockAdmin)
