"""``Schema``: the features (or identifiers) that datasets are validated against."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models, transaction

from ..errors import InvalidArgument, ValidationError
from .base import SQLRecord
from .fields import BooleanField, CharField, ForeignKey, IntegerField, TextField
from .ids import base62_16, hash_string
from .mixins import CanCurate, HasType, TracksRun, TracksUpdates
from .schema_optionals import SchemaOptionals


def schema_hash(
    features: list[Any],
    *,
    itype: str | None,
    dtype: str | None,
    minimal_set: bool,
    ordered_set: bool,
    maximal_set: bool,
    flexible: bool | None,
    coerce: bool | None,
    n_members: int | None,
    suffix: str | None,
    slots: dict[str, Any] | None = None,
    optional_uids: list[str] | None = None,
) -> str:
    """Identity of a non-type schema (models.md §3.11)."""
    tokens = [f"c={minimal_set}", f"d={ordered_set}", f"e={maximal_set}"]
    if dtype is not None:
        tokens.append(f"a={dtype}")
    if itype is not None:
        tokens.append(f"b={itype}")
    if flexible is not None and flexible != (not features):
        tokens.append(f"f={flexible}")
    if coerce:
        tokens.append("g=True")
    if suffix:
        tokens.append(f"m={suffix}")
    if n_members is not None:
        tokens.append(f"h={n_members}")
    if features:
        optional = set(optional_uids or ())
        uids = [f"{f.uid}(i)" if f.uid in optional else f.uid for f in features]
        tokens.append(
            f"j={hash_string(':'.join(uids if ordered_set else sorted(uids)))}"
        )
    if slots:
        parts = sorted(f"{k}={v.hash}" for k, v in slots.items())
        tokens.append(f"l={hash_string(':'.join(parts))}")
    return hash_string(":".join(sorted(tokens)))


class Schema(SQLRecord, HasType, CanCurate, TracksRun, TracksUpdates):
    """A schema: which features a dataset has, and how strictly."""

    _check_uid_length: ClassVar[bool] = True
    _legacy_uid_lengths: ClassVar[tuple[int, ...]] = (16,)
    _positional_args: ClassVar[tuple[str, ...]] = ("features",)
    _init_keywords: ClassVar[tuple[str, ...]] = ("features", "slots", "dtype", "index")

    id = models.AutoField(primary_key=True)
    uid: str = CharField(
        max_length=20, unique=True, db_index=True, editable=False, default=base62_16
    )
    """Universal id: 16 characters (20 for schemas made by older lamindb releases)."""
    name: str | None = CharField(max_length=150, null=True, db_index=True)
    """Name."""
    description: str | None = TextField(null=True)
    """Description."""
    n_members: int | None = IntegerField(null=True, default=None)
    """Number of members; ``None`` for open schemas and types."""
    coerce: bool | None = BooleanField(null=True)
    """Whether values are coerced to the features' dtypes."""
    flexible: bool | None = BooleanField(null=True)
    """Whether features beyond the members are allowed."""
    type = ForeignKey("self", models.PROTECT, null=True, related_name="schemas")
    """Type of the schema."""
    itype: str | None = CharField(
        max_length=120, null=True, db_index=True, editable=False
    )
    """Identifier field, e.g. ``Feature``."""
    otype: str | None = CharField(max_length=64, null=True, db_index=True)
    """Object type, e.g. ``DataFrame``."""
    suffix: str | None = CharField(max_length=30, null=True, db_index=True)
    """Suffix required of validated artifacts."""
    _dtype_str: str | None = CharField(max_length=64, null=True, editable=False)
    """Common dtype of the members."""
    hash: str | None = CharField(
        max_length=22, null=True, db_index=True, editable=False
    )
    """Identity hash; ``None`` for types."""
    minimal_set: bool = BooleanField(default=True, db_index=True, editable=False)
    """Whether all members are required."""
    ordered_set: bool = BooleanField(default=False, db_index=True, editable=False)
    """Whether the member order matters."""
    maximal_set: bool = BooleanField(default=False, db_index=True, editable=False)
    """Whether no other features are allowed."""
    components = models.ManyToManyField(
        "self",
        through="lamingui.SchemaComponent",
        through_fields=("composite", "component"),
        symmetrical=False,
        related_name="composites",
    )
    """Component schemas of a composite."""

    class Meta:
        db_table = "lamindb_schema"
        base_manager_name = "objects"

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        features = kwargs.pop("features", None)
        slots = kwargs.pop("slots", None)
        dtype = kwargs.pop("dtype", None)
        kwargs.pop("index", None)
        if features is not None and not isinstance(features, list | tuple):
            features = list(features)
        if not (features or slots or kwargs.get("itype") or kwargs.get("is_type")):
            raise InvalidArgument(
                "Please pass features, slots, itype or is_type=True to Schema()."
            )
        if features and kwargs.get("itype") is None:
            kwargs["itype"] = "Feature"
        if dtype is not None:
            kwargs["_dtype_str"] = dtype
        if not kwargs.get("is_type"):
            if features is not None and kwargs.get("n_members") is None:
                kwargs["n_members"] = len(features)
            kwargs["hash"] = schema_hash(
                list(features or []),
                itype=kwargs.get("itype"),
                dtype=kwargs.get("_dtype_str"),
                minimal_set=kwargs.get("minimal_set", True),
                ordered_set=kwargs.get("ordered_set", False),
                maximal_set=kwargs.get("maximal_set", False),
                flexible=kwargs.get("flexible"),
                coerce=kwargs.get("coerce"),
                n_members=kwargs.get("n_members"),
                suffix=kwargs.get("suffix"),
                slots=slots,
            )
            same = cls.objects.filter(hash=kwargs["hash"]).exclude(branch_id=-1).first()
            if same is not None:
                kwargs["_existing_record"] = same
                return kwargs
        extras = kwargs.setdefault("_init_extras", {})
        extras["_members"] = list(features or [])
        extras["_slots"] = dict(slots or {})
        return super()._prepare_init(kwargs)

    def save(self, *args: Any, **kwargs: Any) -> Schema:
        members = self.__dict__.pop("_members", None)
        slots = self.__dict__.pop("_slots", None)
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if members:
                self._link_members(members, kwargs.get("using"))
            for slot, component in (slots or {}).items():
                self.components.add(component, through_defaults={"slot": slot})
        return self

    def _before_save(self, using: str) -> None:
        super()._before_save(using)
        if not self._state.adding and not self.is_type and self.itype == "Feature":
            # optional members are part of a schema's identity (models.md §3.11)
            self.hash = schema_hash(
                list(self.members),
                itype=self.itype,
                dtype=self._dtype_str,
                minimal_set=self.minimal_set,
                ordered_set=self.ordered_set,
                maximal_set=self.maximal_set,
                flexible=self.flexible,
                coerce=self.coerce,
                n_members=self.n_members,
                suffix=self.suffix,
                slots=self.slots or None,
                optional_uids=self.optionals.get_uids(),
            )

    def add(self, features: Any, optional: bool = True) -> None:
        """Add features as optional members (api.md §9.2).

        A saved schema gets the new member links and is saved (its hash and
        ``n_members`` change) in one transaction; an unsaved one keeps them for
        its first ``save()``. Features that are members already are only made
        optional. Adding *required* members is not supported: datasets validated
        by the schema would no longer satisfy it; create a new schema instead.

        Example:
            >>> schema.add(ln.Feature(name="comment", dtype="str").save())
        """
        if optional is not True:
            raise NotImplementedError(
                "Schema.add(..., optional=False) is not supported: adding a required "
                "member would invalidate the datasets validated by this schema; "
                "create a new Schema instead."
            )
        new = self._checked_features(features)
        with transaction.atomic(using=self._state.db):
            members = self._member_list()
            known = {f.pk for f in members}
            added = [f for f in dict.fromkeys(new) if f.pk not in known]
            self.optionals.add(list(new))
            self._set_members(members + added, added=added, removed=[])

    def remove(self, features: Any) -> None:
        """Remove member features (and their optional flag); saves a saved schema.

        A feature that is not a member raises ``ValidationError``.
        """
        gone = self._checked_features(features)
        with transaction.atomic(using=self._state.db):
            members = self._member_list()
            ids = {f.pk for f in members}
            outside = [f.name for f in gone if f.pk not in ids]
            if outside:
                raise ValidationError(
                    f"Not members of schema '{self.name or self.uid}': {outside}"
                )
            optional = set(self.optionals.get_uids())
            if any(f.uid in optional for f in gone):
                self.optionals._write(
                    [
                        u
                        for u in self.optionals.get_uids()
                        if u not in {f.uid for f in gone}
                    ]
                )
            drop = {f.pk for f in gone}
            kept = [f for f in members if f.pk not in drop]
            self._set_members(kept, added=[], removed=gone)

    def _link_members(self, features: list[Any], using: str | None) -> None:
        """Member links in the given order (``features.add`` loses the order)."""
        through = type(self).features.through
        through.objects.using(using or self._state.db).bulk_create(
            [
                through(schema_id=self.pk, feature_id=f.pk)
                for f in dict.fromkeys(features)
            ],
            ignore_conflicts=True,
        )

    def _checked_features(self, features: Any) -> list[Any]:
        feature_model = type(self)._meta.get_field("features").related_model
        items = [features] if isinstance(features, feature_model) else features
        if not isinstance(items, list | tuple) or not all(
            isinstance(f, feature_model) for f in items
        ):
            raise TypeError("features must be a Feature or a list of Feature records!")
        unsaved = [f.name for f in items if f.pk is None or f._state.adding]
        if unsaved:
            raise ValidationError(f"Save these features first: {unsaved}")
        if self.is_type:
            raise ValidationError("A schema type has no members: pass a schema.")
        return list(items)

    def _member_list(self) -> list[Any]:
        if self.pk is None or self._state.adding:
            return list(self.__dict__.get("_members") or [])
        return list(self.members)

    def _set_members(self, members: list[Any], *, added: list, removed: list) -> None:
        self.n_members = len(members)
        if self.itype is None and members:
            self.itype = "Feature"
        if self.pk is None or self._state.adding:
            self.__dict__["_members"] = members
            self.hash = schema_hash(
                members,
                itype=self.itype,
                dtype=self._dtype_str,
                minimal_set=self.minimal_set,
                ordered_set=self.ordered_set,
                maximal_set=self.maximal_set,
                flexible=self.flexible,
                coerce=self.coerce,
                n_members=self.n_members,
                suffix=self.suffix,
                optional_uids=self.optionals.get_uids(),
            )
            return
        if added:
            self._link_members(added, self._state.db)
        if removed:
            self.features.remove(*removed)
        self.save()

    @property
    def optionals(self) -> SchemaOptionals:
        """Manager of the optional members (``schema.optionals.add(feature)``)."""
        return SchemaOptionals(self)

    def query_schemas(self, depth: int | None = None) -> Any:
        """All schemas typed by this one, recursively."""
        return self._query_members(depth)

    @property
    def members(self) -> Any:
        """The member features, in link order."""
        return self.features.order_by("links_schema__id")

    @property
    def slots(self) -> dict[str, Schema]:
        """Component schemas by slot name."""
        return {
            link.slot: link.component
            for link in self.links_component.select_related("component")
        }
