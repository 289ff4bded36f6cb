"""Public (offline) ontologies without a database: ``bt.base`` (bio.md §7.7).

Examples:
    >>> import lamingui.bio as bt
    >>> cl = bt.base.CellType()             # current Cell Ontology version
    >>> cl.search("T cell").head(3)
    >>> bt.base.display_sources()
"""

from __future__ import annotations

from typing import Any

from ._catalog import INSTALL_HINT, package_available
from .public import (
    PublicOntology,
    PublicOntologyField,
    StaticReference,
    display_sources,
)

__all__ = [
    "INSTALL_HINT",
    "CellLine",
    "CellType",
    "Compound",
    "DevelopmentalStage",
    "Disease",
    "Ethnicity",
    "ExperimentalFactor",
    "Organism",
    "Phenotype",
    "PublicOntology",
    "PublicOntologyField",
    "StaticReference",
    "Tissue",
    "display_sources",
    "package_available",
]


def _entity_class(entity: str) -> type[PublicOntology]:
    def __init__(
        self: PublicOntology,
        organism: str | None = None,
        source: str | None = None,
        version: str | None = None,
    ) -> None:
        PublicOntology.__init__(self, source, version, organism, entity=entity)

    name = entity.split(".")[-1]
    doc = f"The offline public source of ``{entity}`` (current version by default)."
    attrs: dict[str, Any] = {
        "__init__": __init__,
        "__doc__": doc,
        "__module__": __name__,
    }
    return type(name, (PublicOntology,), attrs)


CellLine = _entity_class("bionty.CellLine")
CellType = _entity_class("bionty.CellType")
DevelopmentalStage = _entity_class("bionty.DevelopmentalStage")
Disease = _entity_class("bionty.Disease")
Ethnicity = _entity_class("bionty.Ethnicity")
ExperimentalFactor = _entity_class("bionty.ExperimentalFactor")
Organism = _entity_class("bionty.Organism")
Phenotype = _entity_class("bionty.Phenotype")
Tissue = _entity_class("bionty.Tissue")
Compound = _entity_class("pertdb.Compound")
