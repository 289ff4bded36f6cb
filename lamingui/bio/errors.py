"""Errors of the biology registries (bio.md §0)."""

from __future__ import annotations


class OrganismNotSet(ValueError):
    """A registry needs an organism and none was passed or set in ``bt.settings``.

    lamingui raises a ``ValueError`` where bionty exits the interpreter.
    """


class SourceNotAvailable(ValueError):
    """A ``Source`` row exists but its ontology table cannot be loaded offline."""


__all__ = ["OrganismNotSet", "SourceNotAvailable"]
