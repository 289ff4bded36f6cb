"""The offline sources lamingui can read (bio.md §9.2, §9.3), no Django needed.

Ontology files come from the optional ``cellxgene-ontology-guide`` package
(``pip install 'lamingui[bio]'``); the organism table is built in. Nothing here
reaches the network: the package's data files are the only inputs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

INSTALL_HINT = "pip install 'lamingui[bio]'"
_PACKAGE = "cellxgene_ontology_guide"
_FILE = re.compile(r"^(?P<ont>[A-Za-z]+)-ontology-(?P<version>.+)\.json\.zst$")


@dataclass(frozen=True)
class Ontology:
    """How one ontology file maps onto a registry."""

    entity: str
    name: str
    organism: str
    file_key: str
    prefix: str
    description: str
    website: str
    current: bool = True


ONTOLOGIES: tuple[Ontology, ...] = (
    Ontology(
        "bionty.CellType",
        "cl",
        "all",
        "CL",
        "CL:",
        "Cell Ontology",
        "https://obophenotype.github.io/cell-ontology",
    ),
    Ontology(
        "bionty.Tissue",
        "uberon",
        "all",
        "UBERON",
        "UBERON:",
        "Uber-anatomy ontology",
        "http://obophenotype.github.io/uberon",
    ),
    Ontology(
        "bionty.Disease",
        "mondo",
        "all",
        "MONDO",
        "MONDO:",
        "Mondo Disease Ontology",
        "https://mondo.monarchinitiative.org",
    ),
    Ontology(
        "bionty.ExperimentalFactor",
        "efo",
        "all",
        "EFO",
        "EFO:",
        "The Experimental Factor Ontology",
        "https://bioportal.bioontology.org/ontologies/EFO",
    ),
    Ontology(
        "bionty.Ethnicity",
        "hancestro",
        "human",
        "HANCESTRO",
        "HANCESTRO:",
        "Human Ancestry Ontology",
        "https://github.com/EBISPOT/hancestro",
    ),
    Ontology(
        "bionty.DevelopmentalStage",
        "hsapdv",
        "human",
        "HsapDv",
        "HsapDv:",
        "Human Developmental Stages",
        "https://github.com/obophenotype/developmental-stage-ontologies",
    ),
    Ontology(
        "bionty.DevelopmentalStage",
        "mmusdv",
        "mouse",
        "MmusDv",
        "MmusDv:",
        "Mouse Developmental Stages",
        "https://github.com/obophenotype/developmental-stage-ontologies",
    ),
    Ontology(
        "bionty.Phenotype",
        "pato",
        "all",
        "PATO",
        "PATO:",
        "Phenotype And Trait Ontology",
        "https://github.com/pato-ontology/pato",
    ),
    Ontology(
        "bionty.CellLine",
        "cellosaurus",
        "all",
        "CVCL",
        "CVCL_",
        "Cellosaurus",
        "https://www.cellosaurus.org",
    ),
    Ontology(
        "pertdb.Compound",
        "chebi",
        "all",
        "CHEBI",
        "CHEBI:",
        "Chemical Entities of Biological Interest",
        "https://www.ebi.ac.uk/chebi",
    ),
    Ontology(
        "bionty.Organism",
        "ncbitaxon",
        "all",
        "NCBITaxon",
        "NCBITaxon:",
        "NCBI organismal classification",
        "https://github.com/obophenotype/ncbitaxon",
        current=False,
    ),
)


@dataclass(frozen=True)
class OfflineFile:
    """One versioned offline source: a catalog entry and its file."""

    ontology: Ontology
    version: str
    filename: str
    url: str | None
    latest: bool

    @property
    def entity(self) -> str:
        return self.ontology.entity

    @property
    def name(self) -> str:
        return self.ontology.name

    @property
    def organism(self) -> str:
        return self.ontology.organism


def package_available() -> bool:
    """Whether the ontology files of ``lamingui[bio]`` can be imported."""
    try:
        import cellxgene_ontology_guide  # noqa: F401, PLC0415 - optional extra
        import zstandard  # noqa: F401, PLC0415 - optional extra
    except ImportError:
        return False
    return True


def data_files() -> Any:
    """The package's data folder (a ``Traversable``); ImportError if missing."""
    try:
        import importlib.resources  # noqa: PLC0415

        import cellxgene_ontology_guide  # noqa: F401, PLC0415 - optional extra
        import zstandard  # noqa: F401, PLC0415 - optional extra
    except ImportError as error:
        raise ImportError(
            "The offline ontologies need the package cellxgene-ontology-guide: "
            f"{INSTALL_HINT}"
        ) from error
    return importlib.resources.files(f"{_PACKAGE}.data")


def strip_version(version: str) -> str:
    return version[1:] if version[:1] == "v" and version[1:2].isdigit() else version


@cache
def offline_files() -> tuple[OfflineFile, ...]:
    """Every readable ontology file, oldest version first per ontology."""
    if not package_available():
        return ()
    folder = data_files()
    info = json.loads((folder / "latest_ontology_info.json").read_text())
    latest = info.get("ontologies", {})
    found: list[OfflineFile] = []
    names = sorted(p.name for p in folder.iterdir())
    for ontology in ONTOLOGIES:
        meta = latest.get(ontology.file_key, {})
        for filename in names:
            match = _FILE.match(filename)
            if match is None or match["ont"] != ontology.file_key:
                continue
            raw = match["version"]
            url = meta.get("source")
            if url:
                url = url.replace("{version}", raw).replace(
                    "{filename}", meta.get("filename", "")
                )
            found.append(
                OfflineFile(
                    ontology,
                    strip_version(raw),
                    filename,
                    url,
                    strip_version(str(meta.get("version", ""))) == strip_version(raw),
                )
            )
    return tuple(found)


def find_offline(
    entity: str,
    name: str | None = None,
    version: str | None = None,
    organism: str | None = None,
) -> list[OfflineFile]:
    """Offline files of ``entity`` matching the given parts, latest first."""
    hits = [
        f
        for f in offline_files()
        if f.entity == entity
        and (name is None or f.name == name)
        and (version is None or f.version == strip_version(version))
        and (organism is None or f.organism == organism)
    ]
    return sorted(hits, key=lambda f: (not f.latest, f.version), reverse=False)


# -- the built-in organism table (bio.md §9.3) ---------------------------------

ORGANISM_SOURCE = {
    "entity": "bionty.Organism",
    "name": "lamingui",
    "organism": "all",
    "version": "2026-05-13",
    "description": "lamingui's built-in table of common model organisms",
}

#: (name, scientific name, NCBI taxon id, NCBITaxon synonyms without the name)
ORGANISMS: tuple[tuple[str, str, int, str], ...] = (
    ("human", "Homo sapiens", 9606, ""),
    ("mouse", "Mus musculus", 10090, "house mouse"),
    ("rat", "Rattus norvegicus", 10116, "Norway rat|brown rat|rats"),
    ("zebrafish", "Danio rerio", 7955, "leopard danio|zebra danio|zebra fish"),
    ("fruit fly", "Drosophila melanogaster", 7227, ""),
    ("caenorhabditis elegans", "Caenorhabditis elegans", 6239, ""),
    ("chicken", "Gallus gallus", 9031, "Gallus domesticus|bantam|chickens"),
    ("pig", "Sus scrofa", 9823, "pigs|swine|wild boar"),
    ("dog", "Canis lupus familiaris", 9615, "dogs"),
    ("cow", "Bos taurus", 9913, "bovine|dairy cow|domestic cattle|domestic cow|ox"),
    (
        "rhesus macaque",
        "Macaca mulatta",
        9544,
        "Rhesus monkey|rhesus macaques|rhesus monkeys",
    ),
    (
        "crab-eating macaque",
        "Macaca fascicularis",
        9541,
        "crab eating macaque|cynomolgus macaque|cynomolgus monkey|"
        "cynomolgus monkeys|long-tailed macaque",
    ),
    ("chimpanzee", "Pan troglodytes", 9598, ""),
    (
        "african clawed frog",
        "Xenopus laevis",
        8355,
        "clawed frog|common platanna|platanna",
    ),
    (
        "chinese hamster",
        "Cricetulus griseus",
        10029,
        "Chinese hamsters|Cricetulus aureus",
    ),
    (
        "rabbit",
        "Oryctolagus cuniculus",
        9986,
        "European rabbit|Japanese white rabbit|domestic rabbit|rabbits",
    ),
    ("cat", "Felis catus", 9685, "cats|domestic cat"),
    ("horse", "Equus caballus", 9796, "domestic horse|equine"),
    (
        "common marmoset",
        "Callithrix jacchus",
        9483,
        "white ear-tufted marmoset|white-tufted-ear marmoset",
    ),
    ("saccharomyces cerevisiae", "Saccharomyces cerevisiae", 4932, ""),
    ("arabidopsis thaliana", "Arabidopsis thaliana", 3702, ""),
    ("escherichia coli", "Escherichia coli", 562, ""),
)
