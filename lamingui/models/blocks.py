"""Markdown blocks (models.md §2.9, §3.16, §3.17): pages and notes on objects.

``Block`` is a free-standing page, versioned by ``key``. The attached blocks
(``ArtifactBlock``, ``RecordBlock``, …) are notes on one object: a ``readme``
is versioned per object, a ``comment`` is always a new family. ``obj.notes``
reads the latest readme through the ``ablocks`` reverse accessor.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import CASCADE, PROTECT

from .. import context
from .base import BaseSQLRecord, SQLRecord, _class_info
from .fields import CharField, ForeignKey, IntegerField, created_at_field
from .hooks import LifecycleHooks
from .ids import base62, hash_string
from .mixins.versioned import IsVersioned

__all__ = [
    "ArtifactBlock",
    "BaseBlock",
    "Block",
    "BranchBlock",
    "CollectionBlock",
    "FeatureBlock",
    "HasBranch",
    "ProjectBlock",
    "RecordBlock",
    "RunBlock",
    "SchemaBlock",
    "SpaceBlock",
    "TransformBlock",
    "ULabelBlock",
    "has_branch_column",
    "live_head",
]

BLOCK_KINDS = ("readme", "comment")
#: registries whose page a free-standing block can be, as ``__lamindb_<r>__``
BLOCK_KEY_REGISTRIES = (
    "artifact",
    "block",
    "collection",
    "feature",
    "jsonvalue",
    "project",
    "record",
    "run",
    "schema",
    "storage",
    "transform",
    "ulabel",
)
BLOCK_KEYS = ("README.md", *(f"__lamindb_{r}__" for r in BLOCK_KEY_REGISTRIES))


def new_block_uid() -> str:
    """uid of a block built without the constructor: first version of a new family."""
    return base62(16) + "0000"


class HasBranch(LifecycleHooks):
    """Field mixin: ``branch`` and ``created_on`` as on ``SQLRecord``, no ``space``."""

    branch = ForeignKey(
        "lamingui.Branch", PROTECT, default=1, db_default=1, related_name="+"
    )
    """Branch the block lives on: 1 main, 0 archive, -1 trash."""
    created_on = ForeignKey(
        "lamingui.Branch", PROTECT, default=1, db_default=1, related_name="+"
    )
    """Branch the block was created on."""

    #: new rows go on the current branch unless one is passed (models.md §1.5)
    _defaults_branch: ClassVar[bool] = True

    class Meta:
        abstract = True

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs = super()._prepare_init(kwargs)
        if "branch" in kwargs and "branch_id" in kwargs:
            raise ValueError("Pass either `branch` or `branch_id`, not both.")
        branch = kwargs.get("branch")
        branch_id = branch.pk if branch is not None else kwargs.get("branch_id")
        if branch_id is None and cls._defaults_branch:
            current = context.current_branch_id()
            if current != 1:  # on main the column default applies
                branch_id = current
                kwargs["branch_id"] = current
        if branch_id is not None and "created_on" not in kwargs:
            kwargs.setdefault("created_on_id", branch_id)
        return kwargs


class BaseBlock(IsVersioned):
    """Field mixin: a versioned markdown block, kind ``readme`` or ``comment``.

    Construction (no ``__init__`` override; see ``_prepare_init``):

    >>> ln.RecordBlock(record=record, content="# Notes", kind="readme").save()
    """

    id = models.BigAutoField(primary_key=True)
    uid: str = models.CharField(
        max_length=20, unique=True, db_index=True, editable=False, default=new_block_uid
    )
    """Universal id: 16-character stem + 4-character version suffix."""
    content: str = models.TextField()
    """Markdown content; ``""`` when empty."""
    hash: str | None = models.CharField(max_length=22, null=True, db_index=True)
    """Hash of ``content``; ``None`` when the content is empty."""
    kind: str = models.CharField(
        max_length=22, db_index=True, default="readme", db_default="readme"
    )
    """``"readme"`` (versioned notes) or ``"comment"`` (never versioned)."""
    created_at = created_at_field()
    """Time of creation."""
    created_by = ForeignKey(
        "lamingui.User", PROTECT, default=context.current_user_id, related_name="+"
    )
    """Creator."""
    _status_code: int = models.SmallIntegerField(default=0, db_default=0, db_index=True)
    """Status code (no public mapping yet)."""
    _aux: dict[str, Any] | None = models.JSONField(
        null=True, default=None, db_default=None
    )
    """Private auxiliary data."""

    _len_stem_uid: ClassVar[int] = 16
    _len_full_uid: ClassVar[int] = 20
    #: blocks take no keywords beyond their fields and IsVersioned's
    _init_keywords: ClassVar[tuple[str, ...]] = ()
    _name_field: ClassVar[str] = "content"
    #: foreign key to the annotated object; ``None`` for free-standing blocks
    _host_field: ClassVar[str | None] = None
    #: kinds the constructor accepts
    _kinds: ClassVar[tuple[str, ...]] = BLOCK_KINDS
    #: api.md §8: blocks refuse unknown or positional arguments with ValueError
    _argument_error: ClassVar[type[Exception]] = ValueError

    class Meta:
        abstract = True

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        _check_kind_and_host(cls, kwargs)
        content = kwargs.get("content") or ""
        kwargs["content"] = content
        kwargs["hash"] = hash_string(content) if content else None
        existing = None
        if kwargs["kind"] == "readme" and kwargs.get("revises") is None:
            if kwargs.get("uid") is None:
                existing, revises = cls._reuse_or_revise(kwargs)
            else:
                existing, revises = cls._reuse_by_uid(kwargs)
            if revises is not None:
                # IsVersioned builds the next uid and re-targets an inferred
                # `revises` to the live head when the row is saved
                kwargs["revises"] = revises
                kwargs.setdefault("_init_extras", {})["_revises_inferred"] = True
        kwargs = super()._prepare_init(kwargs)
        if existing is not None:
            kwargs["_existing_record"] = existing
        return kwargs

    @classmethod
    def _reuse_or_revise(cls, kwargs: dict[str, Any]) -> tuple[Any, Any]:
        """``(existing row to return, row to revise)`` for a new readme.

        lamindb: the latest readme of the same object is revised; it is returned
        instead when it is still empty or has the same content.
        """
        return _reuse_head(cls._host_head(kwargs), kwargs)

    @classmethod
    def _reuse_by_uid(cls, kwargs: dict[str, Any]) -> tuple[Any, Any]:
        """lamindb: a ``uid`` equal to the object's latest readme returns that row."""
        head = cls._host_head(kwargs)
        if head is not None and head.uid == kwargs["uid"]:
            return head, None
        return None, None

    @classmethod
    def _host_head(cls, kwargs: dict[str, Any]) -> Any:
        """The latest readme of the annotated object, ``None`` if it has none."""
        host = kwargs.get(cls._host_field)
        host_id = host.pk if host is not None else kwargs.get(f"{cls._host_field}_id")
        if host_id is None:  # an unsaved object has no notes yet
            return None
        using = host._state.db if host is not None else None
        family = cls.objects.using(using).filter(
            **{f"{cls._host_field}_id": host_id}, kind="readme"
        )
        return _live_head(cls, family, kwargs)

    def __str__(self) -> str:
        line = (self.content or "").strip().split("\n", 1)[0].strip()
        return line[:60] if line else self.uid


class Block(SQLRecord, BaseBlock):
    """A free-standing markdown page, e.g. an instance or registry README.

    >>> ln.Block(key="README.md", content="# My instance", kind="readme").save()
    """

    key: str | None = CharField(max_length=1024, null=True, db_index=True)
    """``README.md`` or ``__lamindb_<registry>__``; versions share the key."""
    anchor = ForeignKey(
        "lamingui.Block", PROTECT, null=True, default=None, related_name="children"
    )
    """The block this one hangs off, e.g. the page a comment belongs to."""

    _name_field: ClassVar[str] = "key"
    _kinds: ClassVar[tuple[str, ...]] = ("readme",)
    #: the arguments api.md §8.1 names in its error message
    _api_arguments: ClassVar[tuple[str, ...]] = (
        "key",
        "content",
        "kind",
        "version",
        "revises",
        "anchor",
    )

    class Meta:
        db_table = "lamindb_block"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _check_arguments(type(self), args, kwargs)
        super().__init__(*args, **kwargs)

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        # api.md §8.1: a page is a readme; the message is lamindb's
        if kwargs.get("kind") not in cls._kinds:
            raise ValueError("Only kind = 'readme' is supported for block.")
        key = kwargs.get("key")
        if key is not None and key not in BLOCK_KEYS:
            raise ValueError(
                f"Invalid block key {key!r}: key must be one of RegistryId or "
                f"README.md: {', '.join(BLOCK_KEYS[1:])}"
            )
        return super()._prepare_init(kwargs)

    @classmethod
    def _reuse_by_uid(cls, kwargs: dict[str, Any]) -> tuple[Any, Any]:
        """api.md §8.1: with ``uid``, the latest of that uid's family is revised.

        That latest block is returned instead when it has this very uid.
        """
        uid = kwargs["uid"]
        family = cls.objects.filter(uid__startswith=uid[: cls._len_stem_uid])
        head = _live_head(cls, family, kwargs)
        if head is None:
            return None, None
        if head.uid == uid:
            return head, None
        return None, head

    @classmethod
    def _reuse_or_revise(cls, kwargs: dict[str, Any]) -> tuple[Any, Any]:
        """Version by ``key``; return a live latest block with the same content."""
        head = None
        if kwargs.get("key") is not None:
            head = _live_head(cls, cls.objects.filter(key=kwargs["key"]), kwargs)
        existing, revises = _reuse_head(head, kwargs)
        if existing is None and kwargs["hash"] is not None:
            # lamindb: identical content anywhere is the same page
            same = (
                cls.objects.filter(hash=kwargs["hash"], is_latest=True)
                .exclude(branch_id=-1)
                .order_by("-created_at", "-id")
                .first()
            )
            if same is not None:
                return same, None
        return existing, revises


def _attached_init(self: BaseSQLRecord, *args: Any, **kwargs: Any) -> None:
    """Constructor of the attached blocks: api.md §8.2's argument errors first."""
    _check_arguments(type(self), args, kwargs)
    BaseSQLRecord.__init__(self, *args, **kwargs)


# -- blocks attached to one object ---------------------------------------------
# BaseSQLRecord comes first in every block's bases so that its __init__, save and
# delete win; it would also shadow BaseBlock's `_name_field` and `__str__`, so
# each concrete block restates them.


class ArtifactBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on an artifact: a versioned readme or comments."""

    artifact = models.ForeignKey("lamingui.Artifact", CASCADE, related_name="ablocks")
    """The annotated artifact."""

    _host_field: ClassVar[str] = "artifact"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_artifactblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class BranchBlock(BaseSQLRecord, BaseBlock):
    """Notes on a branch, e.g. a change request's description and review comments."""

    # no HasBranch: this foreign key is the annotated branch, not the row's branch
    branch = models.ForeignKey("lamingui.Branch", CASCADE, related_name="ablocks")
    """The annotated branch."""

    _host_field: ClassVar[str] = "branch"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_branchblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class CollectionBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a collection: a versioned readme or comments."""

    collection = models.ForeignKey(
        "lamingui.Collection", CASCADE, null=True, blank=True, related_name="ablocks"
    )
    """The annotated collection."""

    _host_field: ClassVar[str] = "collection"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_collectionblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class FeatureBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a feature: a versioned readme or comments."""

    feature = models.ForeignKey("lamingui.Feature", CASCADE, related_name="ablocks")
    """The annotated feature."""

    _host_field: ClassVar[str] = "feature"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_featureblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class ProjectBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a project: a versioned readme or comments."""

    project = models.ForeignKey("lamingui.Project", CASCADE, related_name="ablocks")
    """The annotated project."""

    _host_field: ClassVar[str] = "project"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_projectblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class RecordBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a record: a versioned readme or comments."""

    record = models.ForeignKey("lamingui.Record", CASCADE, related_name="ablocks")
    """The annotated record."""

    _host_field: ClassVar[str] = "record"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_recordblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class RunBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a run: a versioned readme or comments."""

    run = models.ForeignKey("lamingui.Run", CASCADE, related_name="ablocks")
    """The annotated run."""

    _host_field: ClassVar[str] = "run"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_runblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class SchemaBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a schema: a versioned readme or comments."""

    schema = models.ForeignKey("lamingui.Schema", CASCADE, related_name="ablocks")
    """The annotated schema."""

    _host_field: ClassVar[str] = "schema"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_schemablock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class SpaceBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a space: a versioned readme or comments."""

    space = models.ForeignKey("lamingui.Space", CASCADE, related_name="ablocks")
    """The annotated space."""

    _host_field: ClassVar[str] = "space"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_spaceblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


class TransformBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a transform, optionally on one line of its source code."""

    transform = models.ForeignKey(
        "lamingui.Transform", CASCADE, null=True, blank=True, related_name="ablocks"
    )
    """The annotated transform."""
    line_number: int | None = IntegerField(null=True, default=None)
    """Line of the source code the note belongs to."""

    _host_field: ClassVar[str] = "transform"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_transformblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init

    @classmethod
    def _prepare_init(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        # api.md §8.2: stored as given; refuse what the column cannot hold
        line = kwargs.get("line_number")
        if line is not None and (isinstance(line, bool) or not isinstance(line, int)):
            raise ValueError(f"line_number must be an int or None, got {line!r}.")
        return super()._prepare_init(kwargs)


class ULabelBlock(BaseSQLRecord, BaseBlock, HasBranch):
    """Notes on a ulabel: a versioned readme or comments."""

    ulabel = models.ForeignKey("lamingui.ULabel", CASCADE, related_name="ablocks")
    """The annotated ulabel."""

    _host_field: ClassVar[str] = "ulabel"
    _name_field: ClassVar[str] = "content"

    class Meta:
        db_table = "lamindb_ulabelblock"
        base_manager_name = "objects"

    __str__ = BaseBlock.__str__
    __init__ = _attached_init


# -- helpers ------------------------------------------------------------------


def _check_arguments(
    cls: type[BaseSQLRecord], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """api.md §8's wording for positional or unknown constructor arguments.

    Accepts exactly what the generic constructor accepts; only the messages
    differ (``ValueError`` like lamindb, naming the arguments api.md lists).
    """
    if not args and not kwargs:  # Django forms and the admin: an empty instance
        return
    if len(args) > len(cls._positional_args):
        raise ValueError(
            f"Please only use keyword arguments to construct a {cls.__name__}"
        )
    info = _class_info(cls)
    unknown = {
        k: v
        for k, v in kwargs.items()
        if k not in info.valid and k not in info.api_only
    }
    if not unknown:
        return
    allowed = getattr(cls, "_api_arguments", None) or _attached_arguments(cls)
    raise ValueError(
        f"Only {', '.join(allowed)} can be passed, but you passed: {kwargs}"
    )


def _attached_arguments(cls: type[BaseSQLRecord]) -> list[str]:
    """The constructor arguments api.md §8.2 lists for an attached block, sorted."""
    names = {cls._host_field, "content", "kind", "version", "version_tag"}
    names |= {"revises", "using", "uid"}
    if has_branch_column(cls):
        names |= {"branch", "branch_id", "created_on", "created_on_id"}
    if any(f.name == "line_number" for f in cls._meta.fields):
        names.add("line_number")
    return sorted(names)


def _check_kind_and_host(cls: type[BaseBlock], kwargs: dict[str, Any]) -> None:
    kind = kwargs.get("kind")
    allowed = " or ".join(repr(k) for k in cls._kinds)
    if kind is None:
        raise ValueError(f"kind is required for {cls.__name__}; use {allowed}.")
    if kind not in cls._kinds:
        raise ValueError(f"kind must be {allowed}, got {kind!r}.")
    if kind == "comment" and kwargs.get("revises") is not None:
        raise ValueError(
            "revises is not allowed for kind='comment'; comments are not versioned."
        )
    host = cls._host_field
    if host and kwargs.get(host) is None and kwargs.get(f"{host}_id") is None:
        raise ValueError(f"{host} is required for {cls.__name__}.")


def _target_branch_id(kwargs: dict[str, Any]) -> int:
    """Branch a new row will live on: the one passed, else the current branch."""
    branch = kwargs.get("branch")
    if branch is not None:
        return branch.pk
    if kwargs.get("branch_id") is not None:
        return kwargs["branch_id"]
    return context.current_branch_id()


def _live_head(cls: type[BaseBlock], family: Any, kwargs: dict[str, Any]) -> Any:
    return live_head(cls, family, _target_branch_id(kwargs))


def live_head(cls: type[BaseBlock], family: Any, branch_id: int | None = None) -> Any:
    """Newest non-trashed latest row of ``family``, preferring ``branch_id``.

    The row a new readme revises; ``branch_id`` defaults to the current branch.
    Shared by the constructors and ``lamingui.blocks.services``.
    """
    heads = family.filter(is_latest=True).order_by("-created_at", "-id")
    if not has_branch_column(cls):
        return heads.first()
    heads = heads.exclude(branch_id=-1)
    if branch_id is None:
        branch_id = context.current_branch_id()
    return heads.filter(branch_id=branch_id).first() or heads.first()


def has_branch_column(cls: type[BaseBlock]) -> bool:
    """Whether rows of ``cls`` live on a branch (and can go to the trash).

    All blocks but ``BranchBlock``, whose ``branch`` is the annotated branch.
    """
    return issubclass(cls, HasBranch | SQLRecord)


def _reuse_head(head: Any, kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """Return ``head`` while it is empty or has the same content, else revise it."""
    if head is None:
        return None, None
    if head.hash is not None and head.hash == kwargs["hash"]:
        return head, None
    if not head.content:
        # lamindb returns the empty draft; keep the new content on it so that
        # a following save() stores the notes instead of dropping them
        if kwargs["content"]:
            head.content, head.hash = kwargs["content"], kwargs["hash"]
        return head, None
    return None, head
