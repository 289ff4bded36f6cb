"""Notes on objects and pages: the operations the Python API and the GUI share.

gui.md §6.6.1 (service contract), api.md §8 (blocks). A *host* is what the notes
belong to:

* any record with an attached block model, reached through its ``ablocks``
  reverse relation (Artifact, Run, Transform, Record, Project, Collection,
  Feature, Schema, ULabel, Space, Branch);
* a free-standing page: a ``Block`` (its family) or a page key such as
  ``"README.md"`` or ``"__lamindb_record__"``.

Readmes are versioned: a save with changed content inserts a new row in the
same family (same stem uid, the previous latest as ``revises``) and flips
``is_latest`` in the same transaction; rows are never rewritten. Comments are
never versioned; deleting one moves it to the trash.

>>> block = save_readme(record, "# Notes")
>>> save_readme(record, "# Notes") == block  # no change, no new version
True
>>> comment = add_comment(record, "looks good")  # never versioned
"""

from __future__ import annotations

import difflib
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, transaction

from ..models.blocks import (
    BLOCK_KEYS,
    BaseBlock,
    Block,
    has_branch_column,
    live_head,
    new_block_uid,
)

__all__ = [
    "MAX_NOTE_BYTES",
    "EmptyNote",
    "NoteConflict",
    "NoteError",
    "NoteTooLarge",
    "add_comment",
    "block_model",
    "comments",
    "delete_comment",
    "diff",
    "history",
    "host_of",
    "latest_readme",
    "restore_version",
    "save_readme",
]

#: largest note or comment accepted, in UTF-8 bytes (gui.md: ``NOTE_MAX_BYTES``)
MAX_NOTE_BYTES = 262_144

#: branch of trashed rows
_TRASH = -1


# -- errors ---------------------------------------------------------------------


class NoteError(Exception):
    """A note or comment was not saved; ``text`` is what the user wrote."""

    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.text = text


class NoteTooLarge(NoteError, ValueError):
    """The text exceeds :data:`MAX_NOTE_BYTES`; nothing was saved.

    Attributes:
        text: the refused text, to give back to the editor.
        size: its size in UTF-8 bytes.
        limit: :data:`MAX_NOTE_BYTES`.
    """

    def __init__(self, text: str, size: int, limit: int = MAX_NOTE_BYTES) -> None:
        super().__init__(
            f"The note is {size:,} bytes; the limit is {limit:,} bytes.", text
        )
        self.size = size
        self.limit = limit


class EmptyNote(NoteError, ValueError):
    """A comment needs content; nothing was saved."""


class NoteConflict(NoteError):
    """Someone saved a newer readme since the editor opened; nothing was saved.

    Attributes:
        latest: the current latest readme block.
        base: the version the editor started from, ``None`` if it started from
            no notes or that version is gone.
        text: the user's text, unsaved.
        diff: unified diff from ``base`` to ``latest``: what changed meanwhile.
        diff_mine: unified diff from ``latest`` to ``text``: what saving the
            user's text anyway (``force=True``) would change.
    """

    def __init__(self, latest: BaseBlock, base: BaseBlock | None, text: str) -> None:
        super().__init__(
            f"A newer version ({latest.uid}) was saved since this edit started"
            f" from {base.uid if base is not None else 'no notes'}; pass"
            " force=True to save it as a new version on top.",
            text,
        )
        self.latest = latest
        self.base = base
        self.diff = diff(base, latest, labels=("no notes", ""))
        self.diff_mine = diff(latest, text, labels=("", "your text"))


# -- hosts ----------------------------------------------------------------------


def block_model(host: Any) -> type[BaseBlock]:
    """The block model holding ``host``'s notes.

    Args:
        host: a record with an ``ablocks`` relation, a ``Block`` or a page key.

    Raises:
        TypeError: ``host`` takes no notes (e.g. a ``User`` or a link row).
    """
    if isinstance(host, str | Block):
        return Block
    try:
        relation = type(host)._meta.get_field("ablocks")
    except (AttributeError, FieldDoesNotExist):
        relation = None
    if relation is None or not relation.one_to_many:
        raise TypeError(f"{type(host).__name__} has no notes (no block model).")
    return relation.related_model


def host_of(block: BaseBlock) -> Any:
    """What ``block`` is a note on: its host object, or the page itself."""
    if isinstance(block, Block):
        return block
    return getattr(block, block._host_field)


class _Notes:
    """The rows of one host: its block model, database and query sets."""

    def __init__(self, host: Any) -> None:
        self.model = block_model(host)
        self.host = host
        if isinstance(host, str):
            if host not in BLOCK_KEYS:
                raise ValueError(
                    f"Unknown page {host!r}; pages are {', '.join(BLOCK_KEYS)}."
                )
            self.using = DEFAULT_DB_ALIAS
        else:
            if host.pk is None:
                raise ValueError(f"Save the {type(host).__name__} before its notes.")
            self.using = host._state.db or DEFAULT_DB_ALIAS
        self.rows = self.model.objects.using(self.using)

    def readmes(self) -> Any:
        """Every readme row of the host, trash included."""
        host = self.host
        if isinstance(host, str):
            return self.rows.filter(key=host)
        if isinstance(host, Block):
            # a page is its key when it has one (api.md §8.1: versioned by key)
            if host.key is not None:
                return self.rows.filter(key=host.key)
            return self.rows.filter(uid__startswith=host.stem_uid)
        return self.rows.filter(**{self.model._host_field: host}, kind="readme")

    def comments(self) -> Any:
        if self.model is Block:
            return self.rows.none()
        return self.rows.filter(**{self.model._host_field: self.host}, kind="comment")

    def visible(self, rows: Any) -> Any:
        return rows.exclude(branch_id=_TRASH) if has_branch_column(self.model) else rows

    def latest(self) -> BaseBlock | None:
        return live_head(self.model, self.readmes())

    def lock(self) -> None:
        """Serialise saves of this host's readme (PostgreSQL; SQLite locks on write).

        The host row is the lock of attached notes; a page locks its versions.
        Later queries in the transaction then see every committed version.
        """
        if self.model is Block:
            rows = self.readmes().select_for_update()
        else:
            rows = type(self.host).objects.using(self.using).select_for_update()
            rows = rows.filter(pk=self.host.pk)
        list(rows.values_list("pk", flat=True))

    def new_readme(
        self, content: str, revises: BaseBlock | None, version_tag: str | None
    ) -> BaseBlock:
        kwargs: dict[str, Any] = {"content": content, "kind": "readme"}
        if version_tag is not None:
            kwargs["version"] = version_tag
        if revises is not None:
            kwargs["revises"] = revises
        else:
            # a fresh family: skip the constructor's re-use of an existing row
            kwargs["uid"] = new_block_uid()
        if self.model is Block:
            if revises is None:
                host = self.host
                kwargs["key"] = host if isinstance(host, str) else host.key
        else:
            kwargs[self.model._host_field] = self.host
        return self.model(**kwargs)


# -- readmes --------------------------------------------------------------------


def latest_readme(host: Any) -> BaseBlock | None:
    """The latest readme block of ``host`` (the current branch first), or ``None``."""
    return _Notes(host).latest()


def save_readme(
    host: Any,
    content: str | None,
    *,
    started_from: str | BaseBlock | None = None,
    force: bool = False,
    version_tag: str | None = None,
) -> BaseBlock | None:
    """Save ``content`` as the latest readme of ``host``.

    Changed content inserts a new version (same stem uid, ``revises`` = the
    current latest, whose ``is_latest`` is flipped in the same transaction).
    Content equal to the latest makes no new version.

    Args:
        host: a record with notes, a ``Block`` page or a page key.
        content: Markdown; ``None`` is ``""``.
        started_from: uid (or block) of the version the editor started from;
            ``""`` means it started from no notes; ``None`` skips the check.
        force: save even if a newer version was saved since ``started_from``.
        version_tag: optional ``version_tag`` of the new version.

    Returns:
        The new latest block; the unchanged latest one for identical content;
        ``None`` when empty content is saved on a host without notes.

    Raises:
        NoteTooLarge: ``content`` exceeds :data:`MAX_NOTE_BYTES`.
        NoteConflict: another version became the latest since ``started_from``
            (and not ``force``); it carries the latest block, a diff and the text.
    """
    content = _checked(content)
    notes = _Notes(host)
    with transaction.atomic(using=notes.using):
        notes.lock()
        latest = notes.latest()
        if latest is None and not content:
            return None
        if latest is not None and latest.content == content:
            return latest
        if latest is not None and not force:
            _refuse_conflict(notes, latest, started_from, content)
        block = notes.new_readme(content, latest, version_tag)
        block.save(using=notes.using)
    return block


def history(host: Any) -> list[BaseBlock]:
    """The readme versions of ``host``, newest first; trashed rows left out."""
    notes = _Notes(host)
    rows = notes.visible(notes.readmes()).select_related("created_by")
    return list(rows.order_by("-created_at", "-id"))


def restore_version(block: BaseBlock) -> BaseBlock:
    """Make an old version's content the latest again, as a new version.

    History is never rewritten: the old version and the versions after it stay.
    Restoring content equal to the latest makes no new version.

    Raises:
        ValueError: ``block`` is a comment, not a readme version.
    """
    if block.kind != "readme":
        raise ValueError("Only readme versions can be restored; this is a comment.")
    return save_readme(host_of(block), block.content, force=True)


def _refuse_conflict(
    notes: _Notes,
    latest: BaseBlock,
    started_from: str | BaseBlock | None,
    content: str,
) -> None:
    """Raise ``NoteConflict`` if the editor did not start from ``latest``."""
    if isinstance(started_from, BaseBlock):
        started_from = started_from.uid
    if started_from is None or started_from == latest.uid:
        return
    base = notes.readmes().filter(uid=started_from).first() if started_from else None
    raise NoteConflict(latest, base, content)


# -- comments -------------------------------------------------------------------


def add_comment(
    host: Any, content: str | None, *, line_number: int | None = None
) -> BaseBlock:
    """Add a comment (never versioned) to ``host``.

    Args:
        host: a record with notes; pages take no comments.
        content: Markdown, not blank.
        line_number: for a ``Transform``, the source line commented on.

    Raises:
        EmptyNote: blank ``content``.
        NoteTooLarge: ``content`` exceeds :data:`MAX_NOTE_BYTES`.
        TypeError: ``host`` is a page or takes no notes.
        ValueError: ``line_number`` on a host other than a ``Transform``.
    """
    content = _checked(content)
    notes = _Notes(host)
    if notes.model is Block:
        raise TypeError("Pages take no comments; comment on a record instead.")
    if not content.strip():
        raise EmptyNote("A comment needs some text.", content)
    kwargs: dict[str, Any] = {notes.model._host_field: host}
    if line_number is not None:
        if not any(f.name == "line_number" for f in notes.model._meta.fields):
            raise ValueError(
                f"line_number applies to transforms, not to {type(host).__name__}."
            )
        kwargs["line_number"] = line_number
    block = notes.model(**kwargs, content=content, kind="comment")
    return block.save(using=notes.using)


def comments(host: Any) -> list[BaseBlock]:
    """The comments on ``host``, oldest first; trashed ones left out."""
    notes = _Notes(host)
    rows = notes.visible(notes.comments()).select_related("created_by")
    return list(rows.order_by("created_at", "id"))


def delete_comment(block: BaseBlock) -> None:
    """Move a comment to the trash (``branch_id = -1``).

    Comments on a ``Branch`` have no branch column, hence no trash: they are
    deleted permanently. ``block.delete()`` always deletes permanently.

    Raises:
        ValueError: ``block`` is a readme version (history is never deleted here).
    """
    if block.kind != "comment":
        raise ValueError("Only comments can be deleted this way; this is a readme.")
    if not has_branch_column(type(block)):
        block.delete()
        return
    block.branch_id = _TRASH
    block.save(update_fields=["branch"])


# -- diffs ----------------------------------------------------------------------


def diff(
    old: BaseBlock | str | None,
    new: BaseBlock | str | None,
    *,
    labels: tuple[str, str] = ("before", "after"),
) -> str:
    """Unified line diff from ``old`` to ``new`` (blocks or texts); ``""`` if equal.

    A block is labelled with its version and uid, a text with ``labels``.

    >>> print(diff("a\\nb", "a\\nc"))
    --- before
    +++ after
    @@ -1,2 +1,2 @@
     a
    -b
    +c
    """
    lines = difflib.unified_diff(
        _text(old).splitlines(),
        _text(new).splitlines(),
        fromfile=_label(old, labels[0]),
        tofile=_label(new, labels[1]),
        lineterm="",
    )
    return "\n".join(lines)


# -- helpers --------------------------------------------------------------------


def _checked(content: str | None) -> str:
    if content is None:
        return ""
    if not isinstance(content, str):
        raise TypeError(f"Notes are text, got {type(content).__name__}.")
    size = len(content.encode("utf-8"))
    if size > MAX_NOTE_BYTES:
        raise NoteTooLarge(content, size)
    return content


def _text(value: BaseBlock | str | None) -> str:
    if isinstance(value, BaseBlock):
        return value.content or ""
    return value or ""


def _label(value: BaseBlock | str | None, fallback: str) -> str:
    if isinstance(value, BaseBlock):
        # the GUI numbers versions v1, v2, … (``number``); else the uid suffix
        number = getattr(value, "number", None)
        return f"v{number if number is not None else value.version} ({value.uid})"
    return fallback
