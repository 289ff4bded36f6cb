"""Source rows: seeding, default-source resolution, tables (bio.md §5, §7.6).

The seeded rows describe the offline sources of :mod:`lamingui.bio.base`;
``source_table`` loads the table behind a row without any network access.
"""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from ... import context
from ..base._catalog import INSTALL_HINT, data_files
from ..base._loaders import table_from_frame
from ..base._sources import SourceSpec, all_sources, find_sources
from ..base._table import OntologyTable
from ..base.public import PublicOntology, StaticReference
from ..errors import OrganismNotSet, SourceNotAvailable
from .source import Source

logger = logging.getLogger("lamingui")


def entity_name(registry: Any) -> str:
    """``bionty.CellType`` for a registry class or record."""
    model = registry if isinstance(registry, type) else type(registry)
    return f"{model._meta.app_label}.{model.__name__}"


@cache
def _file_md5(filename: str) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with (data_files() / filename).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sync_public_sources(
    update_currently_used: bool = False, using: str = DEFAULT_DB_ALIAS
) -> int:
    """Insert a ``Source`` row for every readable offline source; returns the count.

    Trashed rows are restored. A new row becomes current when it is the latest
    version and its (entity, organism, name) group has no current row.
    """
    specs = all_sources()
    rows = Source.objects.using(using)
    existing = {
        (s.entity, s.name, s.organism, s.version): s
        for s in rows.filter(entity__in={spec.entity for spec in specs})
    }
    current_groups = {
        (s.entity, s.organism, s.name) for s in existing.values() if s.currently_used
    }
    created = 0
    for spec in specs:
        row = existing.get(spec.key)
        if row is not None:
            if row.branch_id == -1:
                row.branch_id = 1
                row.save(using=using)
            continue
        group = (spec.entity, spec.organism, spec.name)
        current = spec.currently_used and group not in current_groups
        Source(
            entity=spec.entity,
            name=spec.name,
            organism=spec.organism,
            version=spec.version,
            description=spec.description,
            url=spec.url,
            md5=_file_md5(spec.filename) if spec.filename else None,
            source_website=spec.source_website,
            currently_used=current,
        ).save(using=using)
        if current:
            current_groups.add(group)
        created += 1
    if update_currently_used:
        for spec in specs:
            group = (spec.entity, spec.organism, spec.name)
            if spec.currently_used and group in current_groups:
                latest = rows.get(
                    entity=spec.entity,
                    organism=spec.organism,
                    name=spec.name,
                    version=spec.version,
                )
                latest.currently_used = True
                latest.save(using=using)
    return created


def get_source_record(
    registry: Any, organism: Any = None, source: Any = None, *, required: bool = False
) -> Source:
    """The source to use for ``registry`` (bio.md §5.3).

    Args:
        registry: A bio registry.
        organism: An ``Organism`` record, an organism name or ``None``.
        source: A ``Source`` record: returned as is.
        required: The caller needs an organism (``OrganismNotSet`` without one).
    """
    if source is not None:
        if not isinstance(source, Source):
            raise TypeError("source must be a `bionty.Source` record.")
        return source
    entity = entity_name(registry)
    name = getattr(organism, "name", organism)
    if name is None and required:
        raise OrganismNotSet(
            f"`organism` is required to get Source record for {registry.__name__}!"
        )
    candidates = _candidates(entity, organism)
    if not candidates:
        sync_public_sources()
        candidates = _candidates(entity, organism)
    if not candidates:
        filters: dict[str, Any] = {"entity": entity}
        if name is not None:
            filters["organism"] = name
        raise ValueError(
            f"No source record found for filter {filters}; no source for {entity} "
            f"is available offline — add one with {registry.__name__}.add_source(...)"
            + ("" if _has_package() else f" or install the ontologies: {INSTALL_HINT}")
        )
    if len(candidates) == 1:
        return candidates[0]
    current = [s for s in candidates if s.currently_used]
    if len(current) == 1:
        return current[0]
    pool = current or candidates
    if organism is None or not current:
        for row in pool:
            if row.organism == "all":
                return row
    return pool[0]


def _has_package() -> bool:
    from ..base._catalog import package_available  # noqa: PLC0415 - cheap re-export

    return package_available()


def _candidates(entity: str, organism: Any) -> list[Source]:
    rows = Source.objects.filter(
        entity=entity, branch_id__in=context.default_branch_ids()
    ).order_by("id")
    if organism is None:
        return list(rows)
    if hasattr(organism, "name"):
        found = list(rows.filter(organism=organism.name))
        if not found and getattr(organism, "scientific_name", None):
            found = list(rows.filter(organism=organism.scientific_name.lower()))
        if found:
            return found
    else:
        found = list(rows.filter(organism=organism))
        if found:
            return found
    # registries without an organism column: sources for "all" organisms apply
    return list(rows.filter(organism="all"))


# -- tables -------------------------------------------------------------------------

_STATIC_CACHE: dict[tuple[int, str], OntologyTable] = {}


def offline_spec(source: Source) -> SourceSpec | None:
    for spec in find_sources(source.entity, source.name, source.version):
        if spec.organism == source.organism:
            return spec
    return None


def _registry_of(entity: str) -> Any:
    from django.apps import apps  # noqa: PLC0415 - registry lookup by label

    app_label, model_name = entity.split(".", 1)
    return apps.get_model(app_label, model_name)


def source_table(source: Source) -> OntologyTable:
    """The table behind ``source``; ``SourceNotAvailable`` when it cannot be read."""
    return public_for_source(source).table


def public_for_source(source: Source) -> PublicOntology | StaticReference:
    if source.dataframe_artifact_id is not None:
        artifact = source.dataframe_artifact
        key = (artifact.pk, artifact.hash or "")
        table = _STATIC_CACHE.get(key)
        if table is None:
            registry = _registry_of(source.entity)
            frame = artifact.load()
            id_field = frame.columns[0]
            table = table_from_frame(
                frame,
                id_field=id_field,
                name_field=registry._name_field,
                fields=registry_fields(registry),
            )
            _STATIC_CACHE[key] = table
        return StaticReference(
            table,
            entity=source.entity,
            source=source.name,
            version=source.version,
            organism=source.organism,
        )
    spec = offline_spec(source)
    if spec is None:
        registry = source.entity.split(".")[-1]
        raise SourceNotAvailable(
            f"Source '{source.name}' version '{source.version}' for {source.entity} "
            f"(organism '{source.organism}') cannot be loaded offline: install the "
            f"ontologies with `{INSTALL_HINT}` or register a table with "
            f"{registry}.add_source(...)"
        )
    return PublicOntology(spec.name, spec.version, spec.organism, entity=source.entity)


def registry_fields(registry: Any) -> set[str]:
    return {
        f.name
        for f in registry._meta.concrete_fields
        if not f.is_relation
        and f.name not in {"id", "uid"}
        and not f.name.startswith("_")
    }
