"""The notes panel: a host's latest readme, its editor, preview and restore.

gui.md §6.6.2-§6.6.4. Every view takes the host's ``model_admin`` (bound in
:mod:`.notes_urls`) and finds the host through :func:`.base.panel_object`
(404 when unseen, 403 on writes without permission). The panel fragment
``lamingui/panels/notes.html`` (root ``id="panel-notes"``) is returned in
view or edit mode; the preview view returns sanitised HTML only. History,
single versions and diffs are in :mod:`.notes_history`, comments in
:mod:`.notes_comments`. Writes happen as the lamindb ``User`` that
``LaminUserMiddleware`` binds for ``request.user``.

Versions are labelled ``v1``, ``v2``, … in the order they were saved (the
``version_tag`` is shown next to it when set). Status codes: 409 for an edit
conflict and 422 for a refused text; both come back with the editor and the
user's text (``static/lamingui/js/notes.js`` lets htmx swap them in).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.db import DEFAULT_DB_ALIAS
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import context, permissions
from ..blocks.render import render_markdown_safe
from ..blocks.services import (
    MAX_NOTE_BYTES,
    NoteConflict,
    NoteError,
    block_model,
    comments,
    diff,
    history,
    latest_readme,
    restore_version,
    save_readme,
)
from ..models.blocks import BaseBlock, Block, has_branch_column
from .base import panel_object

TEMPLATE = "lamingui/panels/notes.html"
#: a full page around a fragment, for requests that are not from htmx
PAGE_TEMPLATE = "lamingui/notes/page.html"
_TRASH = -1


# -- lookups and helpers ----------------------------------------------------------


def host_block(host: Any, block_uid: str, kind: str) -> BaseBlock:
    """The live (not trashed) block ``block_uid`` of ``kind`` on ``host``; else 404.

    A ``Block`` page's blocks are its own versions (readmes only).
    """
    model = block_model(host)
    if model is Block:
        found = [v for v in history(host) if v.uid == block_uid and kind == "readme"]
        if not found:
            raise Http404(f"No {kind} {block_uid} on this page.")
        return found[0]
    rows = model.objects.using(host._state.db or DEFAULT_DB_ALIAS).filter(
        uid=block_uid, kind=kind, **{model._host_field: host}
    )
    if has_branch_column(model):
        rows = rows.exclude(branch_id=_TRASH)
    block = rows.select_related("created_by").first()
    if block is None:
        raise Http404(f"No {kind} {block_uid} on this {type(host).__name__}.")
    return block


def notes_url(model_admin: ModelAdmin, name: str, *args: Any) -> str:
    """URL of one notes view of ``model_admin``'s registry (see :mod:`.notes_urls`)."""
    suffix = f"_{name}" if name else ""
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_notes{suffix}", args=args)


def numbered_history(host: Any) -> list[BaseBlock]:
    """Readme versions newest first, each with ``number`` (1 = the first saved)."""
    versions = history(host)
    for index, version in enumerate(versions):
        version.number = len(versions) - index
    return versions


def version_label(block: BaseBlock) -> str:
    """``"v3"``, or ``"v3 (1.0)"`` with a version tag."""
    label = f"v{getattr(block, 'number', block.version)}"
    return f"{label} ({block.version_tag})" if block.version_tag else label


def can_write(request: HttpRequest, model_admin: ModelAdmin, host: Any) -> bool:
    """Whether the user may edit the notes and comments of ``host``.

    The same rule as :func:`.base.panel_object` with ``write=True``: write on
    the host's space and the admin's change permission.
    """
    return permissions.writable(request, host) and model_admin.has_change_permission(
        request, host
    )


def takes_comments(host: Any) -> bool:
    """Records take comments; ``Block`` pages do not (api.md §8.1: readmes only)."""
    return block_model(host) is not Block


def may_delete(request: HttpRequest, host: Any, comment: BaseBlock) -> bool:
    """A comment can be deleted by its author or an admin of the host's space.

    gui.md §6.6.6; superusers administer every space.
    """
    if comment.created_by_id == context.current_user_id():
        return True
    space_id = getattr(host, "space_id", None)
    if space_id is None and type(host)._meta.model_name == "space":
        space_id = host.pk
    return permissions.is_space_admin(request, space_id)


def fragment(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    title: str,
    status: int = 200,
    aux: bool = True,
    toast: str = "",
) -> HttpResponse:
    """The fragment for htmx; otherwise a full admin page around it (gui.md §4.2).

    ``aux``: the fragment belongs in the panel's ``#notes-aux`` region (history,
    versions, diffs), which the page then provides. ``toast``: a success
    message, also sent as ``HX-Trigger: {"lg:toast": …}`` (gui.md §4.3).
    """
    if getattr(request, "htmx", False):
        response = TemplateResponse(request, template, context, status=status)
    else:
        page = {**context, "fragment_template": template, "title": title, "aux": aux}
        response = TemplateResponse(request, PAGE_TEMPLATE, page, status=status)
    if toast and getattr(request, "htmx", False):
        response["HX-Trigger"] = json.dumps(
            {"lg:toast": {"level": "success", "message": toast}}
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def host_context(model_admin: ModelAdmin, host: Any) -> dict[str, Any]:
    """What every notes fragment needs to link back to its host."""
    opts = model_admin.opts
    return {
        "host": host,
        "opts": opts,
        "change_url": reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[host.pk]
        ),
        "panel_url": notes_url(model_admin, "", host.pk),
        "history_url": notes_url(model_admin, "history", host.pk),
    }


# -- the panel --------------------------------------------------------------------


def _panel(
    request: HttpRequest,
    model_admin: ModelAdmin,
    host: Any,
    *,
    editing: bool = False,
    text: str | None = None,
    base_uid: str | None = None,
    version_tag: str = "",
    error: str = "",
    conflict: NoteConflict | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    """The panel fragment; ``text`` keeps what the user wrote in the editor."""
    versions = numbered_history(host)
    head = latest_readme(host)
    # the history row carries ``number`` and ``created_by`` (no extra query)
    latest = next((v for v in versions if head is not None and v.pk == head.pk), None)
    pk = host.pk
    writable = can_write(request, model_admin, host)
    content = latest.content if latest is not None else ""
    if text is None:
        text = content
    if base_uid is None:
        base_uid = latest.uid if latest is not None else ""
    context = {
        **host_context(model_admin, host),
        "latest": latest,
        "latest_label": version_label(latest) if latest is not None else "",
        "rendered": render_markdown_safe(content),
        "version_count": len(versions),
        "comments": comment_rows(model_admin, host, writable, request),
        "comments_url": notes_url(model_admin, "comments", pk),
        "takes_comments": takes_comments(host),
        "can_change": writable,
        "editing": editing and writable,
        "text": text,
        "preview": render_markdown_safe(text) if editing else "",
        "base_uid": base_uid,
        "version_tag": version_tag,
        "error": error,
        "conflict": conflict,
        **_conflict_context(conflict, versions),
        "message": message,
        "edit_url": notes_url(model_admin, "edit", pk),
        "preview_url": notes_url(model_admin, "preview", pk),
    }
    return fragment(
        request,
        TEMPLATE,
        context,
        title="Notes",
        status=status,
        aux=False,
        toast=message,
    )


def comment_rows(
    model_admin: ModelAdmin, host: Any, writable: bool, request: HttpRequest
) -> list[dict[str, Any]]:
    """Comments oldest first, rendered, with a delete URL where allowed."""
    return [
        {
            "block": comment,
            "rendered": render_markdown_safe(comment.content),
            "delete_url": (
                notes_url(model_admin, "comment_delete", host.pk, comment.uid)
                if writable and may_delete(request, host, comment)
                else ""
            ),
        }
        for comment in comments(host)
    ]


def _conflict_context(
    conflict: NoteConflict | None, versions: list[BaseBlock]
) -> dict[str, str]:
    """Label and diffs of a conflict, with versions numbered as in the history."""
    if conflict is None:
        return {}
    by_pk = {v.pk: v for v in versions}
    latest = by_pk.get(conflict.latest.pk, conflict.latest)
    base = by_pk.get(conflict.base.pk) if conflict.base is not None else None
    return {
        "conflict_label": version_label(latest),
        "conflict_diff": diff(base, latest, labels=("no notes", "")),
        "conflict_diff_mine": diff(latest, conflict.text, labels=("", "your text")),
    }


@require_GET
def notes_panel(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """The panel in view mode: rendered latest readme, history link, comments."""
    host = panel_object(request, model_admin, object_id, write=False)
    return _panel(request, model_admin, host)


@require_http_methods(["GET", "POST"])
def notes_edit(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """GET: the panel in edit mode. POST: save ``content`` as the latest readme.

    POST fields: ``content``, ``base_uid`` (the version the editor started
    from, ``""`` for none), optional ``version_tag`` and ``force``.
    """
    host = panel_object(request, model_admin, object_id, write=True)
    if request.method == "GET":
        return _panel(request, model_admin, host, editing=True)
    text = request.POST.get("content", "")
    base_uid = request.POST.get("base_uid", request.POST.get("started_from", ""))
    version_tag = request.POST.get("version_tag", "").strip()
    before = history(host)
    try:
        block = save_readme(
            host,
            text,
            started_from=base_uid,
            force=bool(request.POST.get("force")),
            version_tag=version_tag or None,
        )
    except NoteConflict as conflict:
        return _panel(
            request,
            model_admin,
            host,
            editing=True,
            text=conflict.text,
            base_uid=base_uid,
            version_tag=version_tag,
            error=str(conflict),
            conflict=conflict,
            status=409,
        )
    except (NoteError, ValueError) as error:
        # too large, or a version tag that is taken or too long
        return _panel(
            request,
            model_admin,
            host,
            editing=True,
            text=text,
            base_uid=base_uid,
            version_tag=version_tag,
            error=str(error),
            status=422,
        )
    if block is None or any(block.pk == old.pk for old in before):
        message = "No changes"
    else:
        message = f"Saved version v{len(before) + 1}"
    return _panel(request, model_admin, host, message=message)


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
    request: HttpRequest, model_admin: ModelAdmin, object_id: str, block_uid: str
) -> HttpResponse:
    """Make an old version's content the latest again, as a new version.

    htmx gets the panel back; a plain form post is redirected to the change page.
    """
    host = panel_object(request, model_admin, object_id, write=True)
    old = host_block(host, block_uid, "readme")
    numbers = {v.pk: v.number for v in numbered_history(host)}
    block = restore_version(old)
    if block is None or block.pk in numbers:
        message = "No changes"
    else:
        message = f"Restored v{numbers[old.pk]} as v{len(numbers) + 1}"
    if not getattr(request, "htmx", False):
        messages.info(request, message)
        return HttpResponseRedirect(host_context(model_admin, host)["change_url"])
    return _panel(request, model_admin, host, message=message)
