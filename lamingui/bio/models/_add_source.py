"""``Registry.add_source``: register a source version (bio.md §5.4, §9.5)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from ... import context
from ..base._loaders import (
    load_json_file,
    read_table_file,
    table_from_frame,
    table_from_obo,
)
from ..base._sources import find_sources
from ..base._table import OntologyTable
from ..base.public import _PublicBase
from . import _organism as org
from ._sources import entity_name, registry_fields
from .source import Source

logger = logging.getLogger("lamingui")
_PART_OF = {"bionty.Tissue", "bionty.DevelopmentalStage"}


def add_source(
    registry: Any,
    source: Any,
    *,
    df: pd.DataFrame | None = None,
    version: str | None = None,
    organism: Any = None,
    path: Any = None,
) -> Source:
    entity = entity_name(registry)
    row: Source | None = None
    if isinstance(source, Source):
        if source.entity != entity:
            raise ValueError(
                f"please pass a source record of the same entity: {entity}"
            )
        row, name = source, source.name
        version = version or source.version
        organism = organism or source.organism
    elif isinstance(source, _PublicBase):
        name, version = source.source, version or source.version
        organism = organism or source.organism
    elif isinstance(source, str) and source:
        name = source
    else:
        raise TypeError("source must be a Source record, a PublicOntology or a name.")
    organism_name = _organism_name(registry, organism)
    has_data = df is not None or path is not None
    if row is None:
        rows = Source.objects.filter(
            entity=entity, name=name, branch_id__in=context.default_branch_ids()
        )
        if version is not None:
            rows = rows.filter(version=version)
        if organism_name is not None:
            rows = rows.filter(organism=organism_name)
        found = list(rows.order_by("id"))
        if len(found) > 1:
            raise ValueError(
                f"multiple existing sources found in the database for "
                f"{{'entity': '{entity}', 'name': '{name}'}}, please specify `version`."
            )
        if found:
            row = found[0]
        elif has_data:
            if version is None:
                raise ValueError("version must be provided to add a new source.")
        else:
            specs = find_sources(entity, name, version, organism_name)
            if not specs:
                raise ValueError(
                    f"No offline source '{name}' (version {version}) for {entity}: "
                    "pass "
                    "df= or path= to register your own table"
                )
            spec = specs[0]
            version, organism_name = spec.version, spec.organism
    if organism_name is None:
        organism_name = "all"
    if row is None:
        row = (
            Source.objects.filter(
                entity=entity, name=name, version=version, organism=organism_name
            ).first()
            or Source(
                entity=entity, name=name, version=version, organism=organism_name
            ).save()
        )
    if not has_data:
        return row
    table = _read_table(registry, entity, name, df=df, path=path)
    _store(row, table, entity, organism_name)
    logger.info(
        "Added source '%s' of version '%s' for organism '%s'.",
        name,
        version,
        organism_name,
    )
    return row


def _organism_name(registry: Any, organism: Any) -> str | None:
    if organism is None:
        if org.require_organism(registry):
            raise ValueError(
                "organism must be provided for organism-specific entities."
            )
        return None
    if org.has_organism_column(registry):
        record, name = org.resolve_organism(registry, organism)
        return record.name if record is not None else name
    return getattr(organism, "name", organism)


def _read_table(
    registry: Any, entity: str, name: str, *, df: Any, path: Any
) -> OntologyTable:
    id_field = registry._ontology_id_field
    fields = registry_fields(registry)
    if df is not None:
        return table_from_frame(
            df, id_field=id_field, name_field=registry._name_field, fields=fields
        )
    file = Path(path).expanduser()
    if not file.exists():
        raise FileNotFoundError(f"No such source file: {file}")
    lower = file.name.lower()
    if lower.endswith((".obo", ".owl")):
        return table_from_obo(file, name=name, part_of=entity in _PART_OF)
    if lower.endswith((".json", ".json.zst")):
        return load_json_file(file, f"{name.upper()}:")
    return table_from_frame(
        read_table_file(file),
        id_field=id_field,
        name_field=registry._name_field,
        fields=fields,
    )


def _store(row: Source, table: OntologyTable, entity: str, organism: str) -> None:
    from ...models import Artifact  # noqa: PLC0415 - core registry, loaded late

    frame = table.to_dataframe(include_deprecated=True).reset_index()
    frame["parents"] = [list(p) for p in frame["parents"]]
    frame["replaced_by"] = frame["replaced_by"].astype("string")
    key = (
        f"df_{organism.replace(' ', '-')}__{row.name}__{row.version}__"
        f"{entity.split('.')[-1]}.parquet"
    )
    artifact = Artifact(frame, key=key, kind="__lamindb_run__").save()
    row.dataframe_artifact = artifact
    row.save()
    row.artifacts.add(artifact)
