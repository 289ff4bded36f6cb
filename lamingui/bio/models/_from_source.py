"""``from_values`` and ``from_source`` of bio registries (bio.md §7.4, §7.5)."""

from __future__ import annotations

import logging
from typing import Any

from ... import context
from ...errors import InvalidArgument
from ...models._names import get_name_field
from ...models.mixins.curate import CurationScope
from ..base._table import OntologyTable
from ..base.public import standardize_mapper
from ..errors import OrganismNotSet, SourceNotAvailable
from . import _organism as org
from ._sources import get_source_record, public_for_source

logger = logging.getLogger("lamingui")
_CONTROL = ("organism", "source", "mute")


def record_kwargs(registry: Any, row: dict[str, Any]) -> dict[str, Any]:
    """Constructor keywords of a source row (``definition`` → ``description``)."""
    names = _field_names(registry)
    kwargs = {k: v for k, v in row.items() if k in names and v is not None}
    if row.get("definition") is not None and "description" in names:
        kwargs["description"] = row["definition"]
    if _has_parents(registry):
        parents = row.get("parents")
        if parents is not None and len(parents) > 0:
            kwargs["parents"] = [str(p) for p in parents]
    return kwargs


def _field_names(registry: Any) -> set[str]:
    cached = registry.__dict__.get("_bio_field_names")
    if cached is None:
        cached = {
            f.name
            for f in registry._meta.concrete_fields
            if not f.is_relation and f.name not in {"id", "uid"}
        }
        registry._bio_field_names = cached
    return cached


def _has_parents(registry: Any) -> bool:
    return any(f.name == "parents" for f in registry._meta.many_to_many)


def build_records(
    registry: Any,
    table: OntologyTable,
    positions: list[int],
    source: Any,
    organism: Any,
) -> list[Any]:
    out = []
    with_organism = org.has_organism_column(registry)
    for pos in positions:
        kwargs = record_kwargs(registry, table.row(pos))
        kwargs["source"] = source
        if with_organism:
            kwargs["organism"] = organism
        out.append(registry(**kwargs, _skip_validation=True))
    return out


def _public_step(
    registry: Any,
    values: list[Any],
    field: str,
    *,
    organism: Any,
    organism_name: str | None,
    source: Any,
    standardize: bool,
    mute: bool,
    db_rows: Any,
) -> tuple[dict[Any, list[Any]], list[Any], dict[str, Any]]:
    """``({value: records}, values left over, context)`` from the public source."""
    try:
        record = get_source_record(registry, organism or organism_name, source)
        public = public_for_source(record)
    except OrganismNotSet:
        raise
    except ValueError as error:
        if not mute:
            logger.info("%s", error)
        return {}, values, {"error": error}
    table = public.table
    index = table.index(field)
    renamed: dict[Any, Any] = {}
    if standardize and field == registry._name_field:
        renamed = standardize_mapper(
            table, [v for v in values if v not in index], field, field
        )
    canonical = {v: renamed.get(v, v) for v in values}
    wanted = [c for c in dict.fromkeys(canonical.values()) if c in index]
    # a canonical value saved already (e.g. without the synonym): return that row
    saved = {getattr(r, field): r for r in db_rows.filter(**{f"{field}__in": wanted})}
    built: dict[Any, list[Any]] = {}
    ambiguous = []
    for value in wanted:
        if value in saved:
            built[value] = [saved[value]]
            continue
        positions = index[value]
        if len(positions) > 1:
            ambiguous.append(value)
        built[value] = build_records(registry, table, positions, record, organism)
    if ambiguous and not mute:
        logger.warning(
            "ambiguous validation in Bionty for %d record(s): %s",
            len(ambiguous),
            ambiguous,
        )
    by_value = {v: built[canonical[v]] for v in values if canonical[v] in built}
    direct = [v for v in by_value if canonical[v] == v]
    synonyms = [v for v in by_value if canonical[v] != v]
    if not mute:
        name = registry.__name__
        if direct:
            logger.info(
                "created %d %s record(s) from Bionty matching %s: %s",
                len(direct),
                name,
                field,
                ", ".join(map(repr, direct)),
            )
        if synonyms:
            logger.info(
                "created %d %s record(s) from Bionty matching synonyms: %s",
                len(synonyms),
                name,
                ", ".join(map(repr, synonyms)),
            )
    left = [v for v in values if canonical[v] not in built]
    return by_value, left, {"table": table, "source": record}


def records_for_missing(
    registry: Any, missing: list[Any], field: str, scope: CurationScope
) -> dict[Any, list[Any]]:
    """``{value: [records]}`` for values ``from_values`` did not find in the
    database: from the public source (``from_source``), and with ``create`` a
    new record (with the organism) for each value left (bio.md §7.4)."""
    record, organism_name = org.resolve_organism(
        registry, scope.organism, field=field, values=missing
    )
    built: dict[Any, list[Any]] = {}
    rest = list(missing)
    if scope.from_source:
        if record is None and org.has_organism_column(registry) and scope.matched:
            record = scope.matched[0].organism
            organism_name = record.name
        if record is None and org.require_organism(registry, field):
            raise OrganismNotSet(
                f"`organism` is required to create new {registry.__name__} records "
                "from source!"
            )
        built, rest, _ = _public_step(
            registry,
            rest,
            field,
            organism=record,
            organism_name=organism_name,
            source=scope.source,
            standardize=scope.standardize,
            mute=scope.mute,
            db_rows=registry._reference(record, None, False),
        )
    if scope.create:
        with_organism = record is not None and org.has_organism_column(registry)
        extra = {"organism": record} if with_organism else {}
        for value in rest:
            built[value] = [registry(**{field: value}, **extra)]
    return built


def from_source(
    registry: Any, string: str | None = None, *, mute: bool = False, **kwargs: Any
) -> Any:
    organism = kwargs.pop("organism", None)
    source = kwargs.pop("source", None)
    if string is not None:
        if kwargs:
            raise InvalidArgument(
                "Pass either a positional value or one field=value pair, not both"
            )
        records = registry.from_values(
            [string], organism=organism, source=source, mute=mute
        )
        if not records:
            raise registry.DoesNotExist(
                f"no {registry.__name__} found in source for the given field value: "
                f"'{string}'"
            )
        return records[0] if len(records) == 1 else list(records)
    if len(kwargs) > 1:
        raise InvalidArgument(
            "Only one field can be passed to generate records from source"
        )
    if not kwargs:
        raise InvalidArgument("No field passed to generate records from source")
    ((field, value),) = kwargs.items()
    get_name_field(registry, field=field)
    if field not in _field_names(registry):
        raise InvalidArgument(
            f"'{field}' is not a field of {registry.__name__}; use one of "
            f"{sorted(_field_names(registry))}"
        )
    record, organism_name = org.resolve_organism(
        registry, organism, field=field, values=[value]
    )
    rows = registry._reference(record, None, False)
    saved = list(rows.filter(**{field: value}).order_by("id"))
    if saved:
        return saved[0] if len(saved) == 1 else saved
    if record is None and org.require_organism(registry, field):
        raise OrganismNotSet(
            f"`organism` is required to create new {registry.__name__} records "
            "from source!"
        )
    by_value, _, info = _public_step(
        registry,
        [value],
        field,
        organism=record,
        organism_name=organism_name,
        source=source,
        standardize=False,
        mute=True,
        db_rows=rows,
    )
    records = by_value.get(value, [])
    if not records:
        message = (
            f"no {registry.__name__} found in source for the given field value: "
            f"{field}='{value}'"
        )
        table = info.get("table")
        if table is not None:
            dead = table.deprecated_row(field, value)
            if dead is not None:
                src = info["source"]
                message += f" (deprecated in {src.name} {src.version}"
                if dead["replaced_by"]:
                    message += f", replaced by {dead['replaced_by']}"
                message += ")"
        elif "error" in info:
            message += f"; {_no_source_hint(registry, info['error'])}"
        raise registry.DoesNotExist(message)
    return records[0] if len(records) == 1 else records


def _no_source_hint(registry: Any, error: Exception) -> str:
    from ..base._catalog import INSTALL_HINT, package_available  # noqa: PLC0415

    hint = (
        f"no source for {registry._meta.app_label}.{registry.__name__} is available "
        f"offline — add one with {_module(registry)}.{registry.__name__}"
        ".add_source(...)"
    )
    if isinstance(error, SourceNotAvailable) or not package_available():
        hint += f" or install the offline ontologies: {INSTALL_HINT}"
    return hint


def _module(registry: Any) -> str:
    return "bt" if registry._meta.app_label == "bionty" else "pt"


__all__ = [
    "build_records",
    "context",
    "from_source",
    "record_kwargs",
    "records_for_missing",
]
