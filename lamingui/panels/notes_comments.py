"""Comments of the notes panel (gui.md §6.6.6): list, add, delete.

The thread is its own region inside the panel (``id="notes-comments"``), so
adding or deleting a comment never touches an open readme editor. Comments
are rendered by the one Markdown pipeline; an empty or oversized comment is
a 422 with the text kept; deleting moves the comment to the trash and is
allowed to its author and to admins of the host's space.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from ..blocks.services import NoteError, add_comment, delete_comment
from .base import panel_object
from .notes import (
    can_write,
    comment_rows,
    fragment,
    host_block,
    host_context,
    may_delete,
    notes_url,
    takes_comments,
)

TEMPLATE = "lamingui/panels/notes_comments.html"


def _thread(
    request: HttpRequest,
    model_admin: ModelAdmin,
    host: Any,
    *,
    text: str = "",
    error: str = "",
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    writable = can_write(request, model_admin, host)
    context = {
        **host_context(model_admin, host),
        "comments": comment_rows(model_admin, host, writable, request),
        "comments_url": notes_url(model_admin, "comments", host.pk),
        "takes_comments": takes_comments(host),
        "can_change": writable,
        "comment_text": text,
        "comment_error": error,
        "comment_message": message,
    }
    return fragment(
        request,
        TEMPLATE,
        context,
        title="Comments",
        status=status,
        aux=False,
        toast=message,
    )


@require_http_methods(["GET", "POST"])
def notes_comments(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """GET: the thread. POST: add ``content``; 422 with the text kept if refused."""
    if request.method == "GET":
        host = panel_object(request, model_admin, object_id, write=False)
        return _thread(request, model_admin, host)
    host = panel_object(request, model_admin, object_id, write=True)
    text = request.POST.get("content", "")
    if not takes_comments(host):
        raise Http404("Pages take no comments; comment on a record instead.")
    try:
        add_comment(host, text)
    except NoteError as error:
        return _thread(
            request, model_admin, host, text=error.text, error=str(error), status=422
        )
    return _thread(request, model_admin, host, message="Comment added")


@require_POST
def notes_comment_delete(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str, block_uid: str
) -> HttpResponse:
    """Move a comment to the trash; 403 unless the user wrote it or runs the space."""
    host = panel_object(request, model_admin, object_id, write=True)
    comment = host_block(host, block_uid, "comment")
    if not may_delete(request, host, comment):
        raise PermissionDenied("Only the author can delete this comment.")
    delete_comment(comment)
    return _thread(request, model_admin, host, message="Comment deleted")
