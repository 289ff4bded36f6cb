"""``BioCurate``: curation of bio registries against the database and a source.

Extends the core ``CanCurate`` (api.md §6) with an organism filter, a
``source``/``strict_source`` scope and a public-source step (bio.md §7). The
database step works on a query set narrowed by organism and source; the public
step reads the offline table of the resolved ``Source``.
"""

from __future__ import annotations

import logging
from typing import Any

from ... import context
from ...errors import InvalidArgument
from ...models._names import get_name_field
from ...models.mixins.curate import CanCurate, CurationScope
from ...models.querysets import SQLRecordList
from ..base._table import OntologyTable
from ..base.public import (
    StaticReference,
    as_list,
    standardize_mapper,
)
from ..errors import OrganismNotSet
from . import _organism as org
from ._sources import entity_name, get_source_record, public_for_source

logger = logging.getLogger("lamingui")


class BioRecordList(SQLRecordList):
    """Records of a bio registry; ``save()`` also imports source parents

    (``BioRecord._after_bulk_save`` does, in the same transaction)."""


class BioCurate(CanCurate):
    """Behaviour-only mixin: ``CanCurate`` with organisms, sources and ontologies."""

    # -- scoping ---------------------------------------------------------------

    @classmethod
    def require_organism(cls, field: Any = None) -> bool:
        """Whether ``field`` needs an organism (bio.md §6.1)."""
        name = get_name_field(cls, field=field) if field is not None else None
        return org.require_organism(cls, name)

    _empty_registry_hint = (
        "\n   → use `.import_source()` to import records from a source, "
        "e.g. a public ontology"
    )

    @classmethod
    def _curation_queryset(cls, field: str, values: Any, scope: CurationScope) -> Any:
        """Visible rows, narrowed by the organism resolved for ``field`` (bio.md §7).

        Used by the four core curation methods; the public-source hooks resolve
        the organism again from the call's ``scope``.
        """
        items = None if values is None else as_list(values)
        record, _ = org.resolve_organism(cls, scope.organism, field=field, values=items)
        return cls._reference(record, scope.source, scope.strict_source)

    @classmethod
    def _reference(cls, organism: Any, source: Any, strict_source: bool) -> Any:
        rows = cls.objects.filter(branch_id__in=context.default_branch_ids())
        if organism is not None and org.has_organism_column(cls):
            rows = rows.filter(organism=organism)
        if strict_source and source is not None:
            rows = rows.filter(source=source)
        return rows

    @classmethod
    def _public_or_none(
        cls, organism_name: str | None, source: Any, field: str | None
    ) -> tuple[Any, Any]:
        """``(source row, public table)`` or ``(None, None)`` when unavailable."""
        try:
            record = get_source_record(
                cls,
                organism_name,
                source,
                required=org.require_organism(cls, field) and source is None,
            )
            return record, public_for_source(record)
        except ValueError:  # OrganismNotSet, SourceNotAvailable, no source row
            return None, None

    # -- public-source steps (hooks of the core curation, bio.md §7) ------------

    _has_public_source = True

    @classmethod
    def _public_for(cls, field: str, values: list[Any], scope: CurationScope) -> Any:
        """The public table for the call's organism and source, or ``None``."""
        record, name = org.resolve_organism(
            cls, scope.organism, field=field, values=values
        )
        return cls._public_or_none(name or record, scope.source, field)[1]

    @classmethod
    def _inspect_unmatched(
        cls, values: list[Any], field: str, scope: CurationScope
    ) -> list[Any]:
        """Log which values the public source knows (bio.md §7.2)."""
        if not scope.from_source:
            return values
        public = cls._public_for(field, values, scope)
        if public is None:
            logger.warning("no public source found, skipping source validation")
            return values
        return _log_public_hits(cls, public, values, field)

    @classmethod
    def _standardize_leftover(
        cls, values: list[Any], field: str, scope: CurationScope
    ) -> dict[Any, Any]:
        """Map what the database could not via the public source (bio.md §7.3)."""
        if not scope.from_source or not values:
            return {}
        public = cls._public_for(field, values, scope)
        if public is None:
            if not scope.mute:
                logger.warning(
                    "no public source found for %s, standardized with the database "
                    "only",
                    cls.__name__,
                )
            return {}
        found = standardize_mapper(
            public.table,
            values,
            field,
            scope.return_field or field,
            case_sensitive=scope.case_sensitive,
            keep=scope.keep,
            use_synonyms=scope.synonyms,
        )
        if found and not scope.mute:
            logger.warning(
                "found %d synonym(s) in public source: %s\n"
                "  please add corresponding %s records via: `.from_values(%s)`",
                len(found),
                list(found),
                cls.__name__,
                list(dict.fromkeys(found.values())),
            )
        return found

    @classmethod
    def _from_values_missing(
        cls, missing: list[Any], field: str, scope: CurationScope
    ) -> dict[Any, list[Any]]:
        """Records from the public source, with ``create`` new ones (bio.md §7.4)."""
        from ._from_source import records_for_missing  # noqa: PLC0415 - models

        return records_for_missing(cls, missing, field, scope)

    # -- public API --------------------------------------------------------------

    @classmethod
    def from_source(
        cls, string: str | None = None, *, mute: bool = False, **kwargs: Any
    ) -> Any:
        """A record (or list) from the public source, or the saved one.

        Examples:
            >>> bt.CellType.from_source(name="T cell")
            >>> bt.CellType.from_source("T-cell")  # synonyms allowed positionally
        """
        from ._from_source import from_source  # noqa: PLC0415 - uses the models

        return from_source(cls, string, mute=mute, **kwargs)

    @classmethod
    def public(cls, organism: Any = None, source: Any = None) -> Any:
        """The public source of the registry (``PublicOntology``/``StaticReference``).

        Examples:
            >>> bt.Disease.public().standardize(["Alzheimer's disease"])
            ['Alzheimer disease']
        """
        if source is None:
            record, name = org.resolve_organism(cls, organism)
            source = get_source_record(
                cls, record or name, None, required=org.require_organism(cls)
            )
        return public_for_source(source)

    @classmethod
    def add_source(
        cls,
        source: Any,
        *,
        df: Any = None,
        version: str | None = None,
        organism: Any = None,
        path: Any = None,
    ) -> Any:
        """Register a source version (a table, an OBO/OWL file or an offline one).

        Examples:
            >>> bt.Gene.add_source("ensembl", version="1", organism="human",
            ...                    path="genes.csv")
        """
        from ._add_source import add_source  # noqa: PLC0415 - uses the models

        return add_source(
            cls, source, df=df, version=version, organism=organism, path=path
        )

    @classmethod
    def import_source(
        cls,
        source: Any = None,
        update_records: bool = False,
        *,
        organism: Any = None,
        ignore_conflicts: bool = True,
    ) -> None:
        """Import every live term of a source (default: the current one).

        Examples:
            >>> bt.Ethnicity.import_source()
        """
        from ._parents import import_source  # noqa: PLC0415 - uses the models

        import_source(
            cls,
            source,
            update_records=update_records,
            organism=organism,
            ignore_conflicts=ignore_conflicts,
        )


def _log_public_hits(cls: Any, public: Any, values: list[Any], field: str) -> list[Any]:
    table: OntologyTable = public.table
    index = table.index(field)
    direct = [v for v in values if v in index]
    synonyms = (
        standardize_mapper(table, [v for v in values if v not in index], field, field)
        if field == cls._name_field
        else {}
    )
    if direct:
        logger.info(
            "   detected %d %s term(s) in public source for %s: %s",
            len(direct),
            cls.__name__,
            field,
            ", ".join(map(repr, direct)),
        )
    if synonyms:
        logger.info(
            "   detected %d %s term(s) in public source as synonym(s): %s",
            len(synonyms),
            cls.__name__,
            ", ".join(map(repr, synonyms)),
        )
    if direct or synonyms:
        logger.info(
            "→  add records from public source to your %s registry via .from_values()",
            cls.__name__,
        )
    return [v for v in values if v not in direct and v not in synonyms]


__all__ = [
    "BioCurate",
    "BioRecordList",
    "InvalidArgument",
    "OrganismNotSet",
    "StaticReference",
    "entity_name",
]
