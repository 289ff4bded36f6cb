"""Saving source records with their ancestors; ``import_source`` (bio.md §6.3, §6.4)."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

from ...models._save import save as bulk_save
from ..base._table import OntologyTable
from . import _organism as org
from ._from_source import record_kwargs
from ._sources import entity_name, get_source_record, source_table
from .source import Source

logger = logging.getLogger("lamingui")


def _id_field(registry: Any) -> str:
    return registry._ontology_id_field


def _has_parents(registry: Any) -> bool:
    return any(f.name == "parents" for f in registry._meta.many_to_many)


def save_with_parents(records: list[Any], using: str = DEFAULT_DB_ALIAS) -> None:
    """Import the ancestors of saved source records and link their parents."""
    groups: dict[tuple[type, int | None], list[Any]] = defaultdict(list)
    for record in records:
        groups[(type(record), record.source_id)].append(record)
    for (registry, source_id), members in groups.items():
        if source_id is None or not _has_parents(registry):
            for record in members:
                record.__dict__.pop("_parents", None)
            continue
        source = Source.objects.using(using).get(pk=source_id)
        table = source_table(source)
        _link_closure(registry, table, source, members, using)
        for record in members:
            record.__dict__.pop("_parents", None)


def _link_closure(
    registry: Any,
    table: OntologyTable,
    source: Source,
    members: list[Any],
    using: str,
) -> None:
    field = _id_field(registry)
    ids = {getattr(r, field) for r in members if getattr(r, field)}
    wanted = table.closure(ids)
    rows = registry.objects.using(using)
    present = set(rows.filter(**{f"{field}__in": wanted}).values_list(field, flat=True))
    organism = members[0].organism if org.has_organism_column(registry) else None
    _create_missing(registry, table, source, sorted(wanted - present), organism, using)
    of_source: dict[str, int] = {}
    any_source: dict[str, int] = {}
    for pk, term, source_id in rows.filter(**{f"{field}__in": wanted}).values_list(
        "pk", field, "source_id"
    ):
        any_source.setdefault(term, pk)
        if source_id == source.pk:
            of_source.setdefault(term, pk)
    pairs: set[tuple[int, int]] = set()
    for term in wanted:
        child = of_source.get(term)
        if child is None:
            continue
        for parent in table.parents_of.get(term, ()):
            if parent in of_source:
                pairs.add((child, of_source[parent]))
    for record in members:
        for parent in table.parents_of.get(getattr(record, field), ()):
            if parent in any_source:
                pairs.add((record.pk, any_source[parent]))
    _add_links(registry, pairs, using)
    _update_in_db(registry, table, source, using)


def _create_missing(
    registry: Any,
    table: OntologyTable,
    source: Source,
    terms: list[str],
    organism: Any,
    using: str,
) -> int:
    if not terms:
        return 0
    position = {term: pos[0] for term, pos in table.index(table.id_field).items()}
    new = []
    for term in terms:
        kwargs = record_kwargs(registry, table.row(position[term]))
        kwargs.pop("parents", None)
        kwargs["source"] = source
        if organism is not None:
            kwargs["organism"] = organism
        new.append(registry(**kwargs, _skip_validation=True))
    bulk_save(new, ignore_conflicts=True, using=using)
    return len(new)


def _add_links(registry: Any, pairs: set[tuple[int, int]], using: str) -> int:
    if not pairs:
        return 0
    through = registry.parents.through
    name = registry._meta.model_name
    child, parent = f"from_{name}_id", f"to_{name}_id"
    children = {c for c, _ in pairs}
    existing = set(
        through.objects.using(using)
        .filter(**{f"{child}__in": children})
        .values_list(child, parent)
    )
    new = [
        through(**{child: c, parent: p}) for c, p in sorted(pairs - existing) if c != p
    ]
    through.objects.using(using).bulk_create(new, batch_size=5000)
    return len(new)


def _update_in_db(
    registry: Any, table: OntologyTable, source: Source, using: str
) -> None:
    field = _id_field(registry)
    held = (
        set(
            registry.objects.using(using)
            .filter(**{f"{field}__in": list(table.live_ids)})
            .values_list(field, flat=True)
        )
        if len(table) <= 50000
        else set()
    )
    in_db = len(held) >= len(table.live_ids)
    if bool(source.in_db) != in_db:
        Source.objects.using(using).filter(pk=source.pk).update(in_db=in_db)
        source.in_db = in_db


def import_source(
    registry: Any,
    source: Any = None,
    *,
    update_records: bool = False,
    organism: Any = None,
    ignore_conflicts: bool = True,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Insert every live term of a source and link all their parents."""
    if isinstance(source, str):
        raise TypeError("import_source() expects a `bt.Source` object, not a str.")
    entity = entity_name(registry)
    if source is not None and source.entity != entity:
        raise ValueError(f"please pass a source record of the same entity: {entity}")
    record, name = org.resolve_organism(registry, organism)
    source = get_source_record(
        registry,
        record or name,
        source,
        required=org.require_organism(registry) and source is None,
    )
    table = source_table(source)
    if not len(table):
        raise ValueError("No valid records to add!")
    logger.info(
        "importing %s records from %s, %s",
        registry.__name__,
        source.name,
        source.version,
    )
    field = _id_field(registry)
    with transaction.atomic(using=using):
        rows = registry.objects.using(using)
        if update_records:
            _move_to_source(registry, table, source, using)
        present = set(
            rows.filter(**{f"{field}__in": list(table.live_ids)}).values_list(
                field, flat=True
            )
        )
        missing = sorted(table.live_ids - present)
        logger.info("adding %d new records", len(missing))
        _create_missing(registry, table, source, missing, record, using)
        n_links = 0
        if _has_parents(registry):
            of_source = dict(rows.filter(source=source).values_list(field, "pk"))
            pairs = {
                (of_source[term], of_source[parent])
                for term, parents in table.parents_of.items()
                if term in of_source
                for parent in parents
                if parent in of_source
            }
            n_links = _add_links(registry, pairs, using)
        logger.info("adding %d parents/children links", n_links)
        Source.objects.using(using).filter(pk=source.pk).update(in_db=True)
        source.in_db = True
        if update_records:
            source.currently_used = True
            source.save(using=using)
    logger.info("import is completed!")


def _move_to_source(
    registry: Any, table: OntologyTable, source: Source, using: str
) -> None:
    """Rows of other versions of the same source move to ``source`` (§6.4)."""
    field = _id_field(registry)
    others = (
        Source.objects.using(using)
        .filter(entity=source.entity, name=source.name, organism=source.organism)
        .exclude(pk=source.pk)
    )
    rows = registry.objects.using(using).filter(
        source__in=others, **{f"{field}__in": list(table.live_ids)}
    )
    position = {term: pos[0] for term, pos in table.index(table.id_field).items()}
    has_artifacts = hasattr(registry, "artifacts")
    for row in rows:
        data = table.row(position[getattr(row, field)])
        if has_artifacts and row.artifacts.exists() and row.name != data.get("name"):
            continue  # a new row is created for the new name by the import
        for key, value in record_kwargs(registry, data).items():
            if key != "parents":
                setattr(row, key, value)
        row.source = source
        row.save(using=using)
