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
from ...models.mixins.curate import CanCurate, InspectResult
from ...models.querysets import SQLRecordList
from ..base._table import OntologyTable
from ..base.public import (
    StaticReference,
    as_list,
    make_inspect_result,
    standardize_mapper,
)
from ..errors import OrganismNotSet
from . import _organism as org
from ._sources import entity_name, get_source_record, public_for_source

logger = logging.getLogger("lamingui")


class BioRecordList(SQLRecordList):
    """Records from ``from_values``; ``save()`` also imports source parents."""

    def save(self) -> BioRecordList:
        from ...models._save import save as bulk_save  # noqa: PLC0415 - model layer

        # ``BioRecord._after_bulk_save`` imports the parents, in the same transaction
        bulk_save(self.data)
        return self


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
    def _curation_queryset(
        cls,
        organism: Any = None,
        source: Any = None,
        strict_source: bool = False,
        *,
        field: str | None = None,
        values: Any = None,
    ) -> Any:
        """Visible rows, narrowed by the organism resolved for ``field`` (bio.md §7).

        Used by the core ``validate``; the other curation methods resolve the
        organism themselves because their public step needs it too.
        """
        items = None if values is None else as_list(values)
        record, _ = org.resolve_organism(cls, organism, field=field, values=items)
        return cls._reference(record, source, strict_source)

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

    # -- database steps ------------------------------------------------------------

    @classmethod
    def _db_mapper(
        cls,
        rows: Any,
        values: list[Any],
        field: str,
        target: str,
        *,
        case_sensitive: bool,
        keep: str | bool,
        use_synonyms: bool,
    ) -> dict[Any, Any]:
        columns = [field, target] + (["synonyms"] if use_synonyms else [])
        data = list(rows.order_by("id").values_list(*dict.fromkeys(columns)))
        exact: dict[Any, list[Any]] = {}
        synonyms: dict[str, list[Any]] = {}
        pos_target = list(dict.fromkeys(columns)).index(target)
        for row in data:
            value, result = row[0], row[pos_target]
            if value is None:
                continue
            key = value if case_sensitive else str(value).lower()
            exact.setdefault(key, []).append(result)
            if use_synonyms and row[-1]:
                for synonym in row[-1].split("|"):
                    if synonym:
                        s = synonym if case_sensitive else synonym.lower()
                        synonyms.setdefault(s, []).append(result)
        mapper: dict[Any, Any] = {}
        for value in values:
            if not isinstance(value, str) or value in mapper:
                continue
            key = value if case_sensitive else value.lower()
            hits = exact.get(key) or synonyms.get(key)
            if not hits:
                continue
            hits = list(dict.fromkeys(hits))
            hit = (
                (hits if len(hits) > 1 else hits[0])
                if keep is False
                else (hits[-1] if keep == "last" else hits[0])
            )
            if hit != value:
                mapper[value] = hit
        return mapper

    # -- public API --------------------------------------------------------------

    @classmethod
    def inspect(
        cls,
        values: Any,
        field: Any = None,
        *,
        mute: bool = False,
        organism: Any = None,
        source: Any = None,
        from_source: bool = True,
        strict_source: bool = False,
        **kwargs: Any,
    ) -> InspectResult:
        """Validated values, non-validated ones and database synonyms.

        Values neither validated nor database synonyms are also checked in the
        public source (logged); the result describes the database.

        Examples:
            >>> result = bt.Gene.inspect(["A1CF", "FANCD1"], "symbol", organism="human")
        """
        name = get_name_field(cls, field=field)
        items = as_list(values)
        record, organism_name = org.resolve_organism(
            cls, organism, field=name, values=items
        )
        rows = cls._reference(record, source, strict_source)
        n_empty = sum(1 for v in items if v is None or v == "")
        unique = list(dict.fromkeys(v for v in items if v is not None and v != ""))
        found = set(rows.filter(**{f"{name}__in": unique}).values_list(name, flat=True))
        validated = [v for v in unique if v in found]
        non_validated = [v for v in unique if v not in found]
        mapper = (
            cls._db_mapper(
                rows,
                non_validated,
                name,
                name,
                case_sensitive=False,
                keep="first",
                use_synonyms=name == cls._name_field,
            )
            if non_validated
            else {}
        )
        frac = len(validated) / len(unique) if unique else 1.0
        if not mute and mapper:
            logger.warning(
                "found %d synonym(s) in %s registry: standardize them via "
                ".standardize()",
                len(mapper),
                cls.__name__,
            )
        rest = [v for v in non_validated if v not in mapper]
        if from_source and rest:
            _, public = cls._public_or_none(organism_name or record, source, name)
            if public is None:
                if not mute:
                    logger.warning("no public source found, skipping source validation")
            elif not mute:
                _log_public_hits(cls, public, rest, name)
        elif not mute and rest:
            logger.warning(
                "%d unique terms (%.1f%%) are not validated for %s: %s",
                len(rest),
                100 * (1 - frac),
                name,
                ", ".join(map(repr, rest[:20])),
            )
        return make_inspect_result(items, validated, non_validated, n_empty, mapper)

    @classmethod
    def standardize(
        cls,
        values: Any,
        field: Any = None,
        *,
        return_field: Any = None,
        return_mapper: bool = False,
        case_sensitive: bool = False,
        mute: bool = False,
        from_source: bool = True,
        keep: str | bool = "first",
        synonyms_field: str = "synonyms",
        organism: Any = None,
        source: Any = None,
        strict_source: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Map values and synonyms to standard values, database first, then source.

        Examples:
            >>> bt.CellType.standardize(["T-cell", "B-cell"])
            ['T cell', 'B cell']
        """
        name = get_name_field(cls, field=field)
        target = get_name_field(cls, field=return_field) if return_field else name
        items = as_list(values)
        record, organism_name = org.resolve_organism(
            cls, organism, field=name, values=items
        )
        rows = cls._reference(record, source, strict_source)
        use_synonyms = bool(synonyms_field) and name == cls._name_field
        mapper = cls._db_mapper(
            rows,
            items,
            name,
            target,
            case_sensitive=case_sensitive,
            keep=keep,
            use_synonyms=use_synonyms,
        )
        if from_source:
            results = {v: mapper.get(v, v) for v in items if isinstance(v, str)}
            in_db = set(
                rows.filter(
                    **{
                        f"{target}__in": [
                            r for r in results.values() if isinstance(r, str)
                        ]
                    }
                ).values_list(target, flat=True)
            )
            pending = [v for v, r in results.items() if r not in in_db]
            if pending:
                _, public = cls._public_or_none(organism_name or record, source, name)
                if public is None:
                    if not mute:
                        logger.warning(
                            "no public source found for %s, standardized with the "
                            "database only",
                            cls.__name__,
                        )
                else:
                    found = standardize_mapper(
                        public.table,
                        pending,
                        name,
                        target,
                        case_sensitive=case_sensitive,
                        keep=keep,
                        use_synonyms=use_synonyms,
                    )
                    if found:
                        mapper.update(found)
                        if not mute:
                            logger.warning(
                                "found %d synonym(s) in public source: %s\n"
                                "  please add corresponding %s records via: "
                                "`.from_values(%s)`",
                                len(found),
                                list(found),
                                cls.__name__,
                                list(dict.fromkeys(found.values())),
                            )
        if return_mapper:
            return mapper
        if isinstance(values, str):
            return mapper.get(values, values)
        return [mapper.get(v, v) if isinstance(v, str) else v for v in items]

    @classmethod
    def from_values(
        cls,
        values: Any,
        field: Any = None,
        create: bool = False,
        organism: Any = None,
        source: Any = None,
        standardize: bool = True,
        from_source: bool = True,
        mute: bool = False,
        **kwargs: Any,
    ) -> BioRecordList:
        """Records for ``values``: saved ones, then new ones from the public source.

        Examples:
            >>> bt.CellType.from_values(["T cell", "B cell"]).save()
        """
        from ._from_source import from_values  # noqa: PLC0415 - uses the models

        return from_values(
            cls,
            values,
            field=field,
            create=create,
            organism=organism,
            source=source,
            standardize=standardize,
            from_source=from_source,
            mute=mute,
        )

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


def _log_public_hits(cls: Any, public: Any, values: list[Any], field: str) -> None:
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
    rest = [v for v in values if v not in direct and v not in synonyms]
    if rest:
        logger.warning(
            "couldn't validate %d term(s): %s", len(rest), ", ".join(map(repr, rest))
        )


__all__ = [
    "BioCurate",
    "BioRecordList",
    "InvalidArgument",
    "OrganismNotSet",
    "StaticReference",
    "entity_name",
]
