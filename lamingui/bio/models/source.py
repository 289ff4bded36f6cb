"""``Source``: a versioned ontology or table a bio registry draws terms from."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models, transaction

from ...models.base import SQLRecord
from ...models.fields import BooleanField, CharField, ForeignKey, TextField
from ...models.ids import base62_8
from ...models.mixins import TracksRun, TracksUpdates
from ..uids import source_uid


class Source(SQLRecord, TracksRun, TracksUpdates):
    """A source version for one registry and organism (bio.md §2.1).

    ``currently_used`` marks the default version per (entity, organism, name);
    re-saving an existing row as current demotes its siblings.

    Examples:
        >>> import lamingui.bio as bt
        >>> bt.Source.filter(entity="bionty.CellType", currently_used=True).one()
    """

    _name_field: ClassVar[str] = "name"

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=8, unique=True, db_index=True, editable=False, default=base62_8
    )
    """Universal id: a hash of entity, name, organism and version."""
    entity: str = CharField(max_length=255, db_index=True)
    """Registry with module, e.g. ``bionty.CellType``."""
    organism: str = CharField(max_length=255, db_index=True)
    """Organism name, ``all`` or a taxa group."""
    name: str = CharField(max_length=255, db_index=True)
    """Short source name, e.g. ``cl``."""
    version: str = CharField(max_length=255, db_index=True)
    """Version of the source."""
    in_db: bool = BooleanField(default=False, db_index=True)
    """All live terms of the source are in the registry."""
    currently_used: bool = BooleanField(default=False, db_index=True)
    """Default version for (entity, organism, name)."""
    description: str | None = TextField(null=True, db_index=True)
    """Long name."""
    url: str | None = TextField(null=True)
    """Where the source file comes from."""
    md5: str | None = TextField(null=True)
    """MD5 (hex) of the source file."""
    source_website: str | None = TextField(null=True)
    """Website of the source."""
    dataframe_artifact = ForeignKey(
        "lamingui.Artifact",
        models.PROTECT,
        null=True,
        default=None,
        related_name="_source_dataframe_of",
    )
    """The parsed table of a user-supplied source."""
    artifacts = models.ManyToManyField(
        "lamingui.Artifact", related_name="_source_artifact_of"
    )
    """Artifacts of the source."""

    class Meta:
        app_label = "bionty"
        base_manager_name = "objects"
        unique_together = (("entity", "name", "organism", "version"),)

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        if kwargs.get("uid") is None:
            kwargs["uid"] = source_uid(
                kwargs.get("entity") or "",
                kwargs.get("name") or "",
                kwargs.get("organism") or "",
                kwargs.get("version") or "",
            )
        return super()._prepare_init(kwargs)

    def save(self, *args: Any, **kwargs: Any) -> Source:
        """Save; an existing row saved as current demotes its siblings."""
        existed = self.pk is not None and not self._state.adding
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            if existed and self.currently_used:
                Source.objects.using(using).filter(
                    entity=self.entity, organism=self.organism, name=self.name
                ).exclude(pk=self.pk).update(currently_used=False)
        return self

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
