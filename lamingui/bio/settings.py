"""``bt.settings``: the default organism of the bio registries (bio.md §6.2)."""

from __future__ import annotations

from typing import Any


class BioSettings:
    """Settings of ``lamingui.bio``; ``organism`` defaults to ``None``.

    Examples:
        >>> bt.settings.organism = "human"
        >>> bt.settings.organism.scientific_name
        'Homo sapiens'
    """

    def __init__(self) -> None:
        self._organism: Any = None

    @property
    def organism(self) -> Any:
        """The default ``Organism`` record of registries that need one."""
        return self._organism

    @organism.setter
    def organism(self, value: Any) -> None:
        if value is None:
            self._organism = None
            return
        from .models import Organism  # noqa: PLC0415 - needs the app registry
        from .models._organism import organism_by_name  # noqa: PLC0415

        if isinstance(value, Organism):
            self._organism = value
            return
        if not isinstance(value, str):
            raise TypeError("organism must be None, a name or a `bionty.Organism`.")
        record = organism_by_name(value, create=True)
        if record is None:
            raise ValueError(
                f"Organism {value} can't be created from the source, check your "
                "spelling or create it manually."
            )
        self._organism = record

    def __repr__(self) -> str:
        return f"BioSettings(organism={self._organism!r})"


settings = BioSettings()
