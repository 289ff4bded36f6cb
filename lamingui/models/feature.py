"""``Feature``: a dimension of metadata with a dtype, e.g. ``cat[ULabel]``."""

from __future__ import annotations

import datetime as dt
import types
from typing import Any, ClassVar

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from ..errors import FieldValidationError, InvalidArgument
from ._dtypes import registry_name
from ._feature_predicates import FeatureComparisons
from .base import SQLRecord
from .fields import (
    BooleanField,
    CharField,
    ForeignKey,
    IntegerField,
    JSONField,
    SmallIntegerField,
    TextField,
)
from .ids import base62_12
from .mixins import CanCurate, HasSynonyms, HasType, TracksRun, TracksUpdates

BASIC_DTYPES = (
    "num",
    "int",
    "float",
    "str",
    "bool",
    "date",
    "datetime",
    "dict",
    "path",
    "url",
)


def dtype_to_str(dtype: Any) -> str:
    """Serialise a dtype given as a string, Python type or registry class."""
    if isinstance(dtype, str):
        return dtype
    python = {int: "int", float: "float", str: "str", bool: "bool", dict: "dict"}
    if dtype in python:
        return python[dtype]
    if dtype is dt.date:
        return "date"
    if dtype is dt.datetime:
        return "datetime"
    if isinstance(dtype, type) and hasattr(dtype, "_meta"):
        return f"cat[{registry_name(dtype)}]"  # bionty.CellType for app registries
    if isinstance(dtype, DeferredAttribute):  # bt.CellType.ontology_id
        return f"cat[{registry_name(dtype.field.model)}.{dtype.field.name}]"
    if isinstance(dtype, types.GenericAlias) and dtype.__origin__ is list:
        return f"list[{dtype_to_str(dtype.__args__[0])}]"
    if hasattr(dtype, "_meta") and hasattr(dtype, "is_type"):  # a type record
        if not dtype.is_type or dtype.pk is None:
            raise InvalidArgument(
                f"Only saved type records can be dtypes, got {dtype!r} "
                "(pass is_type=True and save it)"
            )
        return f"cat[{registry_name(type(dtype))}[{dtype.uid}]]"
    if isinstance(dtype, list) and dtype:
        return "cat[" + "|".join(dtype_to_str(d)[4:-1] for d in dtype) + "]"
    raise FieldValidationError(f"Unsupported dtype {dtype!r}")


class Feature(
    FeatureComparisons,
    SQLRecord,
    HasType,
    CanCurate,
    HasSynonyms,
    TracksRun,
    TracksUpdates,
):
    """A feature: the name and dtype of values attached to artifacts, runs, records."""

    _check_uid_length: ClassVar[bool] = True
    _init_keywords: ClassVar[tuple[str, ...]] = (
        "dtype",
        "cat_filters",
        "values_through",
    )
    _TRACK_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=12, unique=True, db_index=True, editable=False, default=base62_12
    )
    """Universal id."""
    name: str = CharField(max_length=150, db_index=True)
    """Name."""
    _dtype_str: str | None = CharField(max_length=255, null=True, db_index=True)
    """Serialised dtype, e.g. ``int`` or ``cat[ULabel]``."""
    _ounit_str: str | None = CharField(max_length=255, null=True, db_index=True)
    """Serialised unit ontology term."""
    type = ForeignKey("self", models.PROTECT, null=True, related_name="features")
    """Type of the feature (a feature with ``is_type=True``)."""
    unit: str | None = CharField(max_length=30, null=True, db_index=True)
    """Unit of measure."""
    description: str | None = TextField(null=True)
    """Description."""
    array_rank: int = SmallIntegerField(default=0, db_index=True)
    """Rank of array values."""
    array_size: int = IntegerField(default=0, db_index=True)
    """Size of array values."""
    array_shape = JSONField(null=True, db_default=None)
    """Shape of array values."""
    synonyms: str | None = TextField(null=True)
    """Synonyms joined by ``|``."""
    default_value = JSONField(null=True)
    """Default value."""
    nullable: bool | None = BooleanField(null=True)
    """Whether values may be missing."""
    coerce: bool | None = BooleanField(null=True)
    """Whether values are coerced to the dtype."""
    schemas = models.ManyToManyField(
        "lamingui.Schema", through="lamingui.SchemaFeature", related_name="features"
    )
    """Schemas this feature is a member of."""

    class Meta:
        db_table = "lamindb_feature"
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_type=True) | models.Q(_dtype_str__isnull=False),
                name="feature_dtype_str_not_null_when_is_type_false",
            )
        ]

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        dtype = kwargs.pop("dtype", None)
        kwargs.pop("cat_filters", None)
        values_through = kwargs.pop("values_through", None)
        if dtype is not None:
            kwargs["_dtype_str"] = dtype_to_str(dtype)
        if kwargs.get("_dtype_str") is None and not kwargs.get("is_type"):
            raise FieldValidationError(
                "Please pass a dtype, e.g. Feature(name='x', dtype=int)"
            )
        if not kwargs.get("is_type") and kwargs.get("nullable") is None:
            kwargs["nullable"] = True
        if isinstance(kwargs.get("synonyms"), list | tuple):
            kwargs["synonyms"] = "|".join(kwargs["synonyms"]) or None
        if values_through is not None:
            kwargs["_aux"] = {**(kwargs.get("_aux") or {}), "vf": values_through.uid}
        return super()._prepare_init(kwargs)

    def query_features(self, depth: int | None = None) -> Any:
        """All features typed by this one, recursively."""
        return self._query_members(depth)

    @property
    def dtype_as_str(self) -> str | None:
        return self._dtype_str

    def _before_save(self, using: str) -> None:
        super()._before_save(using)
        old = self._loaded_value("name")
        if not self._state.adding and old is not None and old != self.name:
            _record_rename(self, old)


def _record_rename(feature: Feature, old: str) -> None:
    """lamindb's update_feature_on_name_change trigger, on every backend."""
    if not feature.synonyms:
        feature.synonyms = old
    elif old not in feature.synonyms:
        feature.synonyms = f"{feature.synonyms}|{old}"
    aux = dict(feature._aux or {})
    renamed = dict(aux.get("renamed") or {})
    renamed[dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")] = old
    aux["renamed"] = renamed
    feature._aux = aux
