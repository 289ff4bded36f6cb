"""Readme history of the notes panel: version list, one version, diffs (gui.md §6.6.4).

``GET …/notes/history/`` lists the versions newest first; ``GET
…/notes/<block_uid>/`` shows one version rendered, with a banner "Older
version — vK of vN"; ``GET …/notes/<block_uid>/diff/?against=<block_uid>``
shows an escaped unified line diff (default: against the previous version).
Each is a fragment for htmx and a full admin page otherwise. Restoring is a
POST handled by :func:`.notes.notes_restore`. A block uid that is not a
readme version of this host is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ..blocks.render import render_markdown_safe
from ..blocks.services import diff
from ..models.blocks import BaseBlock
from .base import panel_object
from .notes import (
    can_write,
    fragment,
    host_context,
    notes_url,
    numbered_history,
    version_label,
)

HISTORY_TEMPLATE = "lamingui/panels/notes_history.html"
VERSION_TEMPLATE = "lamingui/panels/notes_version.html"
DIFF_TEMPLATE = "lamingui/panels/notes_diff.html"


def _version_links(
    model_admin: ModelAdmin, host: Any, versions: list[BaseBlock], block: BaseBlock
) -> dict[str, str]:
    """View / diff / restore URLs of one version (diffs only where they apply)."""
    pk = host.pk
    index = next(i for i, v in enumerate(versions) if v.pk == block.pk)
    previous = versions[index + 1] if index + 1 < len(versions) else None
    latest = versions[0]
    diff_url = notes_url(model_admin, "diff", pk, block.uid)
    return {
        "view_url": notes_url(model_admin, "version", pk, block.uid),
        "diff_previous_url": (
            f"{diff_url}?against={previous.uid}" if previous is not None else ""
        ),
        "diff_latest_url": (
            f"{diff_url}?against={latest.uid}" if latest.pk != block.pk else ""
        ),
        "restore_url": notes_url(model_admin, "restore", pk, block.uid),
    }


def _find(versions: list[BaseBlock], block_uid: str) -> BaseBlock:
    block = next((v for v in versions if v.uid == block_uid), None)
    if block is None:
        raise Http404(f"No readme version {block_uid} on this record.")
    return block


@require_GET
def notes_history(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """Readme versions newest first: label, uid, author, date, hash, size, actions."""
    host = panel_object(request, model_admin, object_id, write=False)
    versions = numbered_history(host)
    rows = [
        {
            "block": version,
            "label": version_label(version),
            "size": len(version.content.encode("utf-8")),
            "short_hash": (version.hash or "")[:8],
            "is_latest": index == 0,
            **_version_links(model_admin, host, versions, version),
        }
        for index, version in enumerate(versions)
    ]
    context = {
        **host_context(model_admin, host),
        "rows": rows,
        "can_change": can_write(request, model_admin, host),
    }
    return fragment(request, HISTORY_TEMPLATE, context, title="Notes history")


@require_GET
def notes_version(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str, block_uid: str
) -> HttpResponse:
    """One readme version rendered, with its position in the history."""
    host = panel_object(request, model_admin, object_id, write=False)
    versions = numbered_history(host)
    block = _find(versions, block_uid)
    is_latest = block.pk == versions[0].pk
    context = {
        **host_context(model_admin, host),
        "block": block,
        "label": version_label(block),
        "total": len(versions),
        "is_latest": is_latest,
        "rendered": render_markdown_safe(block.content),
        "can_change": can_write(request, model_admin, host),
        "row": {
            "is_latest": is_latest,
            **_version_links(model_admin, host, versions, block),
        },
    }
    return fragment(request, VERSION_TEMPLATE, context, title=f"Notes {block.uid}")


@require_GET
def notes_diff(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str, block_uid: str
) -> HttpResponse:
    """Unified diff from ``against`` (default: the previous version) to this one."""
    host = panel_object(request, model_admin, object_id, write=False)
    versions = numbered_history(host)
    block = _find(versions, block_uid)
    against_uid = request.GET.get("against", "")
    if against_uid:
        against = _find(versions, against_uid)
    else:
        index = next(i for i, v in enumerate(versions) if v.pk == block.pk)
        against = versions[index + 1] if index + 1 < len(versions) else None
    # older first, so that "+" lines are what the newer version added
    old, new = block, against
    if against is None or against.number < block.number:
        old, new = against, block
    context = {
        **host_context(model_admin, host),
        "block": block,
        "old_label": version_label(old) if old is not None else "no notes",
        "new_label": version_label(new),
        "diff": diff(old, new, labels=("no notes", "")),
    }
    return fragment(request, DIFF_TEMPLATE, context, title=f"Notes diff {block.uid}")
