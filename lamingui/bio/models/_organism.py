"""Resolving ``organism=`` for curation, sources and construction (bio.md §6.2)."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from ..errors import OrganismNotSet

#: standard Ensembl gene id prefixes (not in the offline data)
ENSEMBL_PREFIXES = {
    "ENSG": "human",
    "ENSMUSG": "mouse",
    "ENSRNOG": "rat",
    "ENSDARG": "zebrafish",
    "ENSGALG": "chicken",
    "ENSSSCG": "pig",
    "ENSCAFG": "dog",
    "ENSBTAG": "cow",
    "ENSMMUG": "rhesus macaque",
    "ENSOCUG": "rabbit",
}


def organism_model() -> Any:
    return apps.get_model("bionty", "Organism")


def has_organism_column(registry: Any) -> bool:
    return any(f.name == "organism" for f in registry._meta.concrete_fields)


def require_organism(registry: Any, field: str | None = None) -> bool:
    """The registry needs an organism for ``field`` (bio.md §6.1)."""
    try:
        column = registry._meta.get_field("organism")
    except Exception:
        return False
    if column.null or not column.is_relation:
        return False
    if field is None:
        return True
    target = registry._meta.get_field(field)
    return not (getattr(target, "unique", False) and not target.is_relation)


def infer_from_ensembl(values: list[Any]) -> str | None:
    for value in values:
        if isinstance(value, str) and value.startswith("ENS"):
            letters = value.rstrip("0123456789")
            return ENSEMBL_PREFIXES.get(letters)
    return None


def resolve_organism(
    registry: Any,
    organism: Any = None,
    *,
    field: str | None = None,
    values: list[Any] | None = None,
) -> tuple[Any, str | None]:
    """``(Organism record or None, organism name for source selection)``.

    A name resolves to a saved record (created from the organism source when
    needed) only for registries with an organism column; for the others it just
    selects the source (``DevelopmentalStage`` with ``"mouse"`` → mmusdv).
    """
    with_column = has_organism_column(registry)
    if organism is None and with_column:
        if field == "ensembl_gene_id" and values:
            organism = infer_from_ensembl(values)
        if organism is None:
            from ..settings import settings  # noqa: PLC0415 - settings query the DB

            organism = settings.organism
    if organism is None:
        return None, None
    Organism = organism_model()
    if isinstance(organism, Organism):
        return organism, organism.name
    if not isinstance(organism, str):
        raise TypeError("organism must be a `bionty.Organism` record or a name.")
    if not with_column:
        return None, organism
    record = organism_by_name(organism, create=True)
    if record is None:
        if require_organism(registry, field):
            raise OrganismNotSet(
                f"Organism {organism} can't be created from the source, check your "
                "spelling or create it manually."
            )
        return None, organism
    return record, record.name


def organism_by_name(name: str, *, create: bool) -> Any:
    """The saved Organism named ``name`` (or with that scientific name)."""
    Organism = organism_model()
    rows = Organism.objects.exclude(branch_id=-1)
    record = rows.filter(name=name).first() or rows.filter(scientific_name=name).first()
    if record is not None or not create:
        return record
    for key in ("name", "scientific_name"):
        try:
            found = Organism.from_source(mute=True, **{key: name})
        except (Organism.DoesNotExist, ValueError):
            continue
        found = found[0] if isinstance(found, list) else found
        return found.save() if found._state.adding else found
    return None
