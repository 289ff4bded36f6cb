"""The notes panel: a host's latest readme, its history and its comments.

gui.md §6.6. Every view takes the host's ``model_admin`` (bound by
``NotesAdminMixin.get_urls``) and returns the whole panel fragment
``lamingui/panels/notes.html`` (root ``id="panel-notes"``), in view or edit
mode; the preview view returns sanitised HTML only. Writes happen as the
lamindb ``User`` that ``LaminUserMiddleware`` binds for ``request.user``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.db import DEFAULT_DB_ALIAS
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..blocks.render import render_markdown_safe
from ..blocks.services import (
    MAX_NOTE_BYTES,
    NoteConflict,
    NoteError,
    add_comment,
    block_model,
    comments,
    delete_comment,
    history,
    latest_readme,
    restore_version,
    save_readme,
)
from ..models.blocks import has_branch_column
from .base import panel_object

TEMPLATE = "lamingui/panels/notes.html"


def _block(host: Any, block_pk: int, kind: str) -> Any:
    """A block of ``kind`` attached to ``host``; 404 for any other."""
    model = block_model(host)
    rows = model.objects.using(host._state.db or DEFAULT_DB_ALIAS).filter(
        pk=block_pk, kind=kind, **{model._host_field: host}
    )
    if has_branch_column(model):
        rows = rows.exclude(branch_id=-1)  # trashed
    block = rows.first()
    if block is None:
        raise Http404(f"No {kind} {block_pk} on this record")
    return block


def _url(model_admin: ModelAdmin, name: str, *args: Any) -> str:
    return reverse(f"admin:lamingui_{model_admin.opts.model_name}_{name}", args=args)


def _panel(
    request: HttpRequest,
    model_admin: ModelAdmin,
    host: Any,
    *,
    editing: bool = False,
    text: str | None = None,
    started_from: str | None = None,
    error: str = "",
    conflict: NoteConflict | None = None,
    comment_text: str = "",
    comment_error: str = "",
    message: str = "",
    status: int = 200,
) -> TemplateResponse:
    """The panel fragment; ``text`` keeps what the user wrote in the editor."""
    versions = history(host)
    latest = latest_readme(host)
    if latest is not None:
        # the history row carries ``created_by`` already (no extra query)
        latest = next((v for v in versions if v.pk == latest.pk), latest)
    pk = host.pk
    can_change = model_admin.has_change_permission(request, host)
    content = latest.content if latest is not None else ""
    if text is None:
        text = content
    if started_from is None:
        started_from = latest.uid if latest is not None else ""
    context = {
        "host": host,
        "latest": latest,
        "rendered": render_markdown_safe(content),
        "versions": [
            {
                "block": version,
                "current": latest is not None and version.pk == latest.pk,
                "restore_url": _url(model_admin, "notes_restore", pk, version.pk),
            }
            for version in versions
        ],
        "comments": [
            {
                "block": comment,
                "rendered": render_markdown_safe(comment.content),
                "delete_url": _url(model_admin, "notes_comment_delete", pk, comment.pk),
            }
            for comment in comments(host)
        ],
        "can_change": can_change,
        "editing": editing and can_change,
        "text": text,
        "preview": render_markdown_safe(text) if editing else "",
        "started_from": started_from,
        "error": error,
        "conflict": conflict,
        "comment_text": comment_text,
        "comment_error": comment_error,
        "message": message,
        "panel_url": _url(model_admin, "notes", pk),
        "edit_url": _url(model_admin, "notes_edit", pk),
        "preview_url": _url(model_admin, "notes_preview", pk),
        "comments_url": _url(model_admin, "notes_comments", pk),
    }
    return TemplateResponse(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
def notes_panel(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """GET: the panel in view mode. POST: save ``content`` as the latest readme."""
    if request.method == "GET":
        host = panel_object(request, model_admin, object_id, write=False)
        return _panel(request, model_admin, host)
    host = panel_object(request, model_admin, object_id, write=True)
    text = request.POST.get("content", "")
    started_from = request.POST.get("started_from", "")
    before = latest_readme(host)
    try:
        block = save_readme(
            host,
            text,
            started_from=started_from,
            force=bool(request.POST.get("force")),
        )
    except NoteConflict as conflict:
        return _panel(
            request,
            model_admin,
            host,
            editing=True,
            text=conflict.text,
            started_from=started_from,
            error=str(conflict),
            conflict=conflict,
            status=409,
        )
    except NoteError as error:
        return _panel(
            request,
            model_admin,
            host,
            editing=True,
            text=error.text,
            started_from=started_from,
            error=str(error),
            status=422,
        )
    if block is None or (before is not None and block.pk == before.pk):
        message = "No changes"
    else:
        message = f"Saved version v{block.version}"
    return _panel(request, model_admin, host, message=message)


@require_GET
def notes_edit(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """The panel in edit mode: the latest content in a form, with a live preview."""
    host = panel_object(request, model_admin, object_id, write=True)
    return _panel(request, model_admin, host, editing=True)


@require_POST
def notes_preview(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """``content`` rendered by the display pipeline: sanitised HTML only."""
    panel_object(request, model_admin, object_id, write=False)
    text = request.POST.get("content", "")
    size = len(text.encode("utf-8"))
    if size > MAX_NOTE_BYTES:
        message = f"The note is {size:,} bytes; the limit is {MAX_NOTE_BYTES:,} bytes."
        return HttpResponse(
            format_html('<p class="errornote">{}</p>', message), status=422
        )
    return HttpResponse(render_markdown_safe(text))


@require_POST
def notes_restore(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str, block_pk: int
) -> HttpResponse:
    """Make an old version's content the latest again, as a new version."""
    host = panel_object(request, model_admin, object_id, write=True)
    old = _block(host, block_pk, "readme")
    block = restore_version(old)
    if block is None or block.pk == old.pk:
        message = "No changes"
    else:
        message = f"Restored v{old.version} as v{block.version}"
    return _panel(request, model_admin, host, message=message)


@require_POST
def notes_comments(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """Add a comment; 422 with the text kept if it is empty or too large."""
    host = panel_object(request, model_admin, object_id, write=True)
    text = request.POST.get("content", "")
    try:
        add_comment(host, text)
    except NoteError as error:
        return _panel(
            request,
            model_admin,
            host,
            comment_text=error.text,
            comment_error=str(error),
            status=422,
        )
    return _panel(request, model_admin, host, message="Comment added")


@require_POST
def notes_comment_delete(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str, block_pk: int
) -> HttpResponse:
    """Move a comment to the trash."""
    host = panel_object(request, model_admin, object_id, write=True)
    delete_comment(_block(host, block_pk, "comment"))
    return _panel(request, model_admin, host, message="Comment deleted")
