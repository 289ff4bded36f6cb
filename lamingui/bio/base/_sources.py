"""Every offline source as one list: package files plus the built-in tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ._catalog import ORGANISM_SOURCE, offline_files
from ._loaders import load_offline, organism_table
from ._table import OntologyTable


@dataclass(frozen=True)
class SourceSpec:
    """An offline source version lamingui can load without any network."""

    entity: str
    name: str
    organism: str
    version: str
    description: str
    source_website: str | None
    url: str | None
    currently_used: bool
    filename: str | None
    prefix: str
    load: Callable[[], OntologyTable]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.entity, self.name, self.organism, self.version)


def builtin_sources() -> list[SourceSpec]:
    return [
        SourceSpec(
            ORGANISM_SOURCE["entity"],
            ORGANISM_SOURCE["name"],
            ORGANISM_SOURCE["organism"],
            ORGANISM_SOURCE["version"],
            ORGANISM_SOURCE["description"],
            None,
            None,
            True,
            None,
            "NCBITaxon:",
            organism_table,
        )
    ]


def all_sources() -> list[SourceSpec]:
    """Built-in sources, then every readable package file."""
    specs = builtin_sources()
    for offline in offline_files():
        specs.append(
            SourceSpec(
                offline.entity,
                offline.name,
                offline.organism,
                offline.version,
                offline.ontology.description,
                offline.ontology.website,
                offline.url,
                offline.latest and offline.ontology.current,
                offline.filename,
                offline.ontology.prefix,
                lambda offline=offline: load_offline(offline),
            )
        )
    return specs


def find_sources(
    entity: str,
    name: str | None = None,
    version: str | None = None,
    organism: str | None = None,
) -> list[SourceSpec]:
    """Matching sources, best first: organism match, currently used, newest."""
    hits = [
        s
        for s in all_sources()
        if s.entity == entity
        and (name is None or s.name == name)
        and (version is None or s.version == _strip(version))
    ]
    if organism is not None:
        exact = [s for s in hits if s.organism == organism]
        hits = exact or [s for s in hits if s.organism == "all"]
    return sorted(hits, key=lambda s: (not s.currently_used, _desc(s.version)))


def _strip(version: str) -> str:
    return version[1:] if version[:1] == "v" and version[1:2].isdigit() else version


def _desc(version: str) -> tuple[int, tuple[int, ...], str]:
    # newest first: sort on the negated numeric parts of the version
    parts = version.replace("-", ".").split(".")
    if all(p.isdigit() for p in parts):
        return (0, tuple(-int(p) for p in parts), "")
    return (1, (), version)
