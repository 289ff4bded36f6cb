"""URL patterns of the notes panel, mounted under each host's admin URLs.

Relative to ``/admin/<app>/<model>/``; names are ``admin:<app>_<model>_notes``
(``admin:lamingui_record_notes``, ``admin:bionty_celltype_notes``) plus the suffix
in brackets:

* ``<id>/notes/`` GET: the panel
* ``<id>/notes/edit/`` (``_edit``) GET: editor; POST: save
* ``<id>/notes/preview/`` (``_preview``) POST: sanitised HTML
* ``<id>/notes/history/`` (``_history``) GET: versions, newest first
* ``<id>/notes/<block_uid>/`` (``_version``) GET: one version
* ``<id>/notes/<block_uid>/diff/?against=<uid>`` (``_diff``) GET
* ``<id>/notes/<block_uid>/restore/`` (``_restore``) POST
* ``<id>/notes/comments/`` (``_comments``) GET: thread; POST: add
* ``<id>/notes/comments/<block_uid>/delete/`` (``_comment_delete``) POST
"""

from __future__ import annotations

from functools import partial

from django.contrib.admin import ModelAdmin
from django.urls import URLPattern, path, register_converter

from .notes import notes_edit, notes_panel, notes_preview, notes_restore
from .notes_comments import notes_comment_delete, notes_comments
from .notes_history import notes_diff, notes_history, notes_version


class BlockUidConverter:
    """A block uid: 20 base62 characters (so ``edit`` or ``history`` never match)."""

    regex = "[0-9A-Za-z]{20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(BlockUidConverter, "block_uid")

_VIEWS = (
    ("", notes_panel, ""),
    ("edit/", notes_edit, "_edit"),
    ("preview/", notes_preview, "_preview"),
    ("history/", notes_history, "_history"),
    ("comments/", notes_comments, "_comments"),
    ("comments/<block_uid:block_uid>/delete/", notes_comment_delete, "_comment_delete"),
    ("<block_uid:block_uid>/", notes_version, "_version"),
    ("<block_uid:block_uid>/diff/", notes_diff, "_diff"),
    ("<block_uid:block_uid>/restore/", notes_restore, "_restore"),
)


def notes_urlpatterns(model_admin: ModelAdmin) -> list[URLPattern]:
    """The notes URLs of ``model_admin``'s registry, behind the admin's login."""
    name = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_notes"
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            f"<path:object_id>/notes/{route}",
            wrap(partial(view, model_admin=model_admin)),
            name=f"{name}{suffix}",
        )
        for route, view, suffix in _VIEWS
    ]
