"""``BioRecord`` and ``HasOntologyId``: the bases of every bio registry (bio.md §1).

A bio record's uid is a hash of its ontology id (or name and organism), so the
same term has the same uid in every instance. Records built from a source keep
their source parents in ``_parents``; saving them imports the ancestors.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from django.db import DEFAULT_DB_ALIAS, models, transaction

from ... import context
from ...models.base import SQLRecord
from ...models.fields import CharField, ForeignKey, TextField
from ...models.ids import base62
from ...models.mixins import HasAbbr, HasParents, HasSynonyms
from ..errors import OrganismNotSet
from ..uids import record_uid
from .curate import BioCurate

logger = logging.getLogger("lamingui")


def base62_14() -> str:
    return base62(14)


class HasSource(models.Model):
    """Field mixin: the ``source`` a record came from."""

    source = ForeignKey(
        "bionty.Source", models.PROTECT, null=True, default=None, related_name="+"
    )
    """Source (ontology version) of the record."""

    class Meta:
        abstract = True


class BioRecord(BioCurate, HasAbbr, HasSynonyms, HasSource, SQLRecord):
    """Abstract base of bio and pert registries: uid hashing, sources, parents.

    Examples:
        >>> bt.CellType(ontology_id="CL:0000084", name="T cell").uid
        '22LvKd01YyNA1a'
    """

    _ontology_id_field: ClassVar[str] = "ontology_id"
    _init_keywords: ClassVar[tuple[str, ...]] = ("_skip_validation", "_from_row")

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=14, unique=True, db_index=True, editable=False, default=base62_14
    )
    """Universal id: a hash of the ontology id, else of name and organism."""
    abbr: str | None = CharField(max_length=32, unique=True, null=True, db_index=True)
    """Abbreviation, unique in the registry."""
    synonyms: str | None = TextField(null=True, db_index=True)
    """``|``-joined synonyms."""
    description: str | None = TextField(null=True, db_index=True)
    """Description (the source's definition)."""

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) == 1 and isinstance(args[0], tuple | list):
            kwargs = {**_row_kwargs(type(self), args[0]), **kwargs}
            args = ()
        super().__init__(*args, **kwargs)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        """Save; a record from a source also saves its ancestors (bio.md §6.3)."""
        if not self.__dict__.get("_parents"):
            return super().save(*args, **kwargs)
        from ._parents import save_with_parents  # noqa: PLC0415 - after the models

        using = kwargs.get("using") or self._state.db or DEFAULT_DB_ALIAS
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            save_with_parents([self], using)
        return self

    @classmethod
    def _after_bulk_save(cls, records: Sequence[Any], using: str) -> None:
        """``ln.save(records)``: import the source parents of the saved ones."""
        pending = [
            r for r in records if r.pk is not None and r.__dict__.get("_parents")
        ]
        if pending:
            from ._parents import save_with_parents  # noqa: PLC0415 - after the models

            save_with_parents(pending, using)

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        from_row = kwargs.pop("_from_row", False)
        skip = kwargs.pop("_skip_validation", False)
        parents = kwargs.pop("parents", None)
        if from_row:
            existing = _saved_match(cls, kwargs)
            if existing is not None:
                kwargs["_existing_record"] = existing
                return kwargs
        if cls.requires_organism_column():
            _check_organism(cls, kwargs)
        if kwargs.get("uid") is None:
            kwargs["uid"] = record_uid(_uid_key(cls, kwargs))
        extras: dict[str, Any] = {}
        if parents is not None and len(parents) > 0:
            if not isinstance(parents[0], str):
                raise ValueError(
                    "Invalid parents kwarg passed. Provide a list of ontology ids."
                )
            extras["_parents"] = list(parents)
        if skip or cls.requires_organism_column():
            # name de-duplication is scoped by organism, done by from_values
            kwargs["_search_names"] = False
        kwargs = super()._prepare_init(kwargs)
        if extras and "_existing_record" not in kwargs:
            kwargs.setdefault("_init_extras", {}).update(extras)
        return kwargs

    @classmethod
    def requires_organism_column(cls) -> bool:
        """The registry has a required ``organism`` foreign key."""
        try:
            field = cls._meta.get_field("organism")
        except Exception:
            return False
        return field.is_relation and not field.null


class HasOntologyId(HasParents, models.Model):
    """Field mixin: ``name``, ``ontology_id`` and a self M2M ``parents``."""

    name: str = CharField(max_length=255, db_index=True)
    """Name of the term."""
    ontology_id: str | None = CharField(max_length=255, null=True, db_index=True)
    """Ontology id, e.g. ``CL:0000084``."""
    parents = models.ManyToManyField("self", symmetrical=False, related_name="children")
    """Parent terms."""

    class Meta:
        abstract = True


# -- construction helpers ---------------------------------------------------------


def _row_kwargs(cls: type[BioRecord], row: Sequence[Any]) -> dict[str, Any]:
    """A ``lookup()``/``search()`` row (namedtuple) as constructor keywords."""
    if isinstance(row, list):
        if len(row) > 1:
            logger.warning("multiple rows passed, using the first one")
        row = row[0]
    data = row._asdict() if hasattr(row, "_asdict") else dict(row)
    names = {f.name for f in cls._meta.concrete_fields}
    kwargs = {k: v for k, v in data.items() if k in names and v is not None}
    if data.get("definition") and "description" in names:
        kwargs["description"] = data["definition"]
    if data.get("parents") is not None and len(data["parents"]) > 0:
        kwargs["parents"] = list(data["parents"])
    kwargs["_from_row"] = True
    kwargs["_skip_validation"] = True
    return kwargs


def _saved_match(cls: type[BioRecord], kwargs: dict[str, Any]) -> Any:
    names = {f.name for f in cls._meta.concrete_fields} - {"source", "description"}
    query = {
        k: v
        for k, v in kwargs.items()
        if k in names and not k.startswith("_") and not isinstance(v, models.Model)
    }
    if not query:
        return None
    return cls.objects.filter(
        **query, branch_id__in=context.default_branch_ids()
    ).first()


def _check_organism(cls: type[BioRecord], kwargs: dict[str, Any]) -> None:
    organism = kwargs.get("organism")
    if organism is None and kwargs.get("organism_id") is None:
        from ..settings import settings  # noqa: PLC0415 - settings query Organism

        default = settings.organism
        if default is None:
            raise OrganismNotSet(
                f"`organism` is required to create new {cls.__name__} records!"
            )
        kwargs["organism"] = default
    elif organism is not None and type(organism).__name__ != "Organism":
        raise TypeError("organism must be a `bionty.Organism` record.")


def _uid_key(cls: type[BioRecord], kwargs: dict[str, Any]) -> str:
    organism = ""
    if cls.requires_organism_column():
        record = kwargs.get("organism")
        if record is None and kwargs.get("organism_id") is not None:
            from ._organism import organism_model  # noqa: PLC0415 - app registry

            record = organism_model().objects.filter(pk=kwargs["organism_id"]).first()
        organism = getattr(record, "name", None) or ""
    if cls.__name__ == "Gene":
        for field in ("ensembl_gene_id", "stable_id"):
            if kwargs.get(field):
                return str(kwargs[field])
        return f"{kwargs.get('symbol') or ''}{organism}"
    value = kwargs.get(cls._ontology_id_field)
    if value:
        return str(value)
    return f"{kwargs.get(cls._name_field) or ''}{organism}"
