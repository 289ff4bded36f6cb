"""Changelist actions of registries with a trash (gui.md §6.7.2).

``move_to_trash`` replaces Django's ``delete_selected``: it first shows what
goes along (a type takes its members), then trashes on ``post=yes``.
``restore_from_trash`` puts selected trashed or archived rows back on main.
``delete_permanently`` removes trashed rows from the database after the user
typed ``delete N``. Every action re-checks the space rules per object.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.models import DELETION, LogEntry
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import permissions
from ..errors import NoWriteAccess
from ..panels.trash import MOVED_TO_TRASH
from ..panels.trash_conflicts import restore_conflicts
from ..panels.trash_preview import trash_preview


def _plural(n: int, word: str = "record") -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _confirm_page(
    model_admin: Any, request: HttpRequest, objects: list[Any], **extra: Any
) -> TemplateResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "objects": objects,
        **extra,
    }
    status = 422 if extra.get("error") else 200
    return TemplateResponse(
        request, "lamingui/admin/bulk_trash_action.html", context, status=status
    )


def _refused(
    model_admin: Any, request: HttpRequest, objects: list[Any], check: Any
) -> bool:
    denied = [o for o in objects if not check(request, o)]
    if denied:
        model_admin.message_user(
            request,
            f"Nothing was changed: you may not change {_plural(len(denied))}"
            f" ({', '.join(str(o) for o in denied[:5])}).",
            messages.ERROR,
        )
    return bool(denied)


def log_moved_to_trash(request: HttpRequest, objects: list[Any]) -> Any:
    """One admin ``LogEntry`` "Moved to trash" per object (gui.md §6.7.1).

    The trash page reads who moved a record there and when from these.
    """
    return LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=objects,
        action_flag=DELETION,
        change_message=MOVED_TO_TRASH,
        single_object=len(objects) == 1,
    )


@admin.action(description="Move selected to the trash", permissions=["delete"])
def move_to_trash(
    model_admin: Any, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    objects = list(queryset.filter(branch_id__gt=-1))
    if _refused(model_admin, request, objects, model_admin.has_delete_permission):
        return None
    if request.POST.get("post") != "yes":
        previews = [{"record": o, "preview": trash_preview(o)} for o in objects]
        return _confirm_page(
            model_admin,
            request,
            objects,
            action="move_to_trash",
            title="Move to the trash",
            question=f"Move {_plural(len(objects))} to the trash?",
            previews=previews,
            submit="Yes, move to the trash",
        )
    try:
        with transaction.atomic():
            for obj in objects:
                obj.delete()
            log_moved_to_trash(request, objects)
    except NoWriteAccess as error:
        model_admin.message_user(request, f"Nothing was moved: {error}", messages.ERROR)
        return None
    trash = reverse("admin:lamingui_trash")
    model_admin.message_user(
        request,
        f"Moved {_plural(len(objects))} to the trash. Open the trash at {trash}"
        f"?registry={model_admin.opts.model_name} to restore them.",
        messages.SUCCESS,
    )
    return None


@admin.action(description="Restore selected from the trash", permissions=["change"])
def restore_from_trash(
    model_admin: Any, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    objects = list(queryset.filter(branch_id__lt=1))
    if _refused(model_admin, request, objects, model_admin.has_change_permission):
        return None
    model = model_admin.model
    conflicts = restore_conflicts(model, objects)
    if conflicts:
        model_admin.message_user(
            request,
            "Nothing was restored: "
            + "; ".join(f"“{c.label}”: {c.reason}" for c in conflicts[:10])
            + (f" (and {len(conflicts) - 10} more)" if len(conflicts) > 10 else ""),
            messages.ERROR,
        )
        return None
    try:
        with transaction.atomic():
            model._default_manager.filter(pk__in=[o.pk for o in objects]).restore()
    except (NoWriteAccess, IntegrityError) as error:
        model_admin.message_user(
            request, f"Nothing was restored: {error}", messages.ERROR
        )
        return None
    model_admin.message_user(
        request, f"Restored {_plural(len(objects))}.", messages.SUCCESS
    )
    return None


@admin.action(
    description="Delete selected permanently (trash only)", permissions=["delete"]
)
def delete_permanently(
    model_admin: Any, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    objects = list(queryset)
    outside = [o for o in objects if o.branch_id != -1]
    if outside:
        model_admin.message_user(
            request,
            "Only records in the trash can be deleted permanently; move "
            f"{_plural(len(outside))} to the trash first.",
            messages.ERROR,
        )
        return None
    if _refused(model_admin, request, objects, permissions.can_purge):
        return None
    phrase = f"delete {len(objects)}"
    extra = {
        "action": "delete_permanently",
        "title": "Delete permanently",
        "question": f"Delete {_plural(len(objects))} permanently? This cannot be"
        " undone.",
        "submit": "Delete permanently",
        "type_to_confirm": phrase,
    }
    if request.POST.get("post") != "yes":
        return _confirm_page(model_admin, request, objects, **extra)
    if request.POST.get("confirm", "").strip() != phrase:
        return _confirm_page(
            model_admin,
            request,
            objects,
            error=f"Type “{phrase}” exactly to confirm. Nothing was deleted.",
            **extra,
        )
    try:
        with transaction.atomic():
            for obj in objects:
                obj.delete(permanent=True)
    except (ProtectedError, NoWriteAccess) as error:
        blockers = getattr(error, "protected_objects", ())
        names = ", ".join(str(b) for b in list(blockers)[:10])
        model_admin.message_user(
            request,
            "Nothing was deleted: other records still refer to these"
            + (f" ({names})" if names else f" ({error})"),
            messages.ERROR,
        )
        return None
    model_admin.message_user(
        request, f"Deleted {_plural(len(objects))} permanently.", messages.SUCCESS
    )
    return None
