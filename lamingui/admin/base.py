"""``SQLRecordAdmin``: list, search, filter and read-only defaults per registry."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from .. import permissions
from ..panels.trash_preview import trash_preview
from .actions import (
    delete_permanently,
    log_moved_to_trash,
    move_to_trash,
    restore_from_trash,
)
from .export import export_csv, export_xlsx
from .filters import BranchFilter, IsTypeFilter, LatestFilter, TypeFilter
from .widgets import VisibleRawIdWidget, id_box_relations

#: system fields that the GUI shows but never lets a user edit
SYSTEM_FIELDS = (
    "uid",
    "hash",
    "created_at",
    "updated_at",
    "created_by",
    "created_on",
    "run",
    "is_latest",
    "_hash_type",
    "size",
    "n_files",
    "n_observations",
    "suffix",
    "otype",
    "storage",
    "started_at",
)
#: plain field filters offered when the model has the field
_FILTERABLE = ("kind", "suffix", "dtype", "_status_code", "space", "created_by")


def _has(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


class SQLRecordAdmin(admin.ModelAdmin):
    """Defaults derived from the model: works for every registry and link model."""

    #: fields shown first in the change list when the model has them
    preferred_columns: ClassVar[tuple[str, ...]] = (
        "name",
        "key",
        "handle",
        "root",
        "uid",
        "description",
        "version_tag",
        "type",
        "is_type",
        "kind",
        "dtype",
        "space",
        "created_by",
        "updated_at",
        "created_at",
    )
    #: columns in the change list at most
    max_columns: ClassVar[int] = 9
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.ALLOW
    delete_confirmation_template = "lamingui/admin/trash_confirmation.html"
    actions: ClassVar[list] = [
        move_to_trash,
        restore_from_trash,
        delete_permanently,
        export_csv,
        export_xlsx,
    ]

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        # relations to big registries are id boxes, not a <select> of every row
        # (widgets.py); Django reads the attribute, there is no getter hook
        self.raw_id_fields = tuple(
            dict.fromkeys((*self.raw_id_fields, *id_box_relations(model)))
        )

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        model = self.model
        concrete = {f.name for f in model._meta.concrete_fields}
        columns = [c for c in self.preferred_columns if c in concrete]
        if len(columns) < 3:
            columns += [
                f.name
                for f in model._meta.concrete_fields
                if f.name not in columns and not f.primary_key
            ][: 5 - len(columns)]
        return tuple(columns[: self.max_columns]) or ("__str__",)

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        names = ("name", "key", "handle", "uid", "description", "root", "content")
        concrete = {f.name for f in self.model._meta.concrete_fields}
        return tuple(n for n in names if n in concrete)

    def get_list_filter(self, request: HttpRequest) -> tuple[Any, ...]:
        concrete = {f.name for f in self.model._meta.concrete_fields}
        filters: list[Any] = []
        if "branch" in concrete:
            filters.append(BranchFilter)
        if "is_latest" in concrete:
            filters.append(LatestFilter)
        if "is_type" in concrete:
            filters.append(IsTypeFilter)
            if "type" in concrete:
                filters.append(TypeFilter)
        filters += [n for n in _FILTERABLE if n in concrete]
        return tuple(filters)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        # deleting goes through the trash (move_to_trash), never straight to the DB
        actions.pop("delete_selected", None)
        if not _has(self.model, "branch"):
            for name in ("move_to_trash", "restore_from_trash", "delete_permanently"):
                actions.pop(name, None)
        return actions

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # private many-to-many fields (lamindb: Collection._actions, related_name
        # "+") are internal; Django's hidden related name for them contains "__"
        # ("_lamingui_collection__actions_+"), which breaks the change form
        private_m2m = tuple(
            f.name for f in self.model._meta.many_to_many if f.name.startswith("_")
        )
        return tuple(super().get_exclude(request, obj) or ()) + private_m2m

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple:
        concrete = {f.name for f in self.model._meta.concrete_fields}
        return tuple(n for n in SYSTEM_FIELDS if n in concrete)

    # -- spaces (gui.md §8.3): reads, writes and choices are space-checked --------

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.readable(request, obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.writable(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        if getattr(obj, "branch_id", None) == -1:  # deleting from the trash is final
            return permissions.can_purge(request, obj)
        return permissions.writable(request, obj)

    def _choices(
        self, db_field: models.Field, request: HttpRequest, using: str | None
    ) -> models.QuerySet:
        """What a relation may point to: readable rows (writable spaces for
        ``space``), types only for ``type``, nothing in the trash."""
        related = db_field.related_model
        queryset = related._default_manager.using(using)
        if related.__name__ == "Space" and db_field.name == "space":
            # new and moved objects go only into spaces the user may write to
            queryset = permissions.filter_writable(request, queryset)
        else:
            queryset = permissions.filter_readable(request, queryset)
        if db_field.name == "type" and _has(related, "is_type"):
            queryset = queryset.filter(is_type=True)
        if _has(related, "branch") and db_field.name != "branch":
            queryset = queryset.filter(branch_id__gte=0)
        return queryset

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if "queryset" not in kwargs:
            kwargs["queryset"] = self._choices(db_field, request, kwargs.get("using"))
        if "widget" not in kwargs and db_field.name in self.raw_id_fields:
            types_only = db_field.name == "type" and _has(
                db_field.related_model, "is_type"
            )
            kwargs["widget"] = VisibleRawIdWidget(
                db_field.remote_field,
                self.admin_site,
                kwargs["queryset"],
                params={"is_type": "1"} if types_only else None,
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if "queryset" not in kwargs:
            kwargs["queryset"] = self._choices(db_field, request, kwargs.get("using"))
        # the model layer saves records with empty relation sets (no parents,
        # no input runs); Django would require them (the fields are blank=False)
        kwargs.setdefault("required", False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_select_related(self, request: HttpRequest) -> tuple[str, ...]:
        shown = set(self.get_list_display(request))
        return tuple(
            f.name
            for f in self.model._meta.concrete_fields
            if f.is_relation and f.name in shown
        )

    def get_autocomplete_fields(self, request: HttpRequest) -> tuple[str, ...]:
        return ()

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if isinstance(db_field, models.URLField):
            # Django 6 default; also silences Django 5.2's deprecation warning
            kwargs.setdefault("assume_scheme", "https")
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # lamindb's helpers make required fields blank=True with default None
        if (
            field is not None
            and not db_field.null
            and db_field.default is None
            and not db_field.has_db_default()
            and not db_field.primary_key
        ):
            field.required = True
        return field

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        """Rows in readable spaces only: unreadable objects do not exist here.

        All branches stay reachable (the trash page links to trashed change
        pages); the changelist shows the main branch through ``BranchFilter``.
        """
        return permissions.filter_readable(request, super().get_queryset(request))

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        # the form's space choices are writable spaces already; this guards the
        # model layer against anything that bypasses the form
        if permissions.has_space(type(obj)) and not permissions.can_move(
            request, obj, obj.space_id
        ):
            raise PermissionDenied("You may not write to this space.")
        if permissions.host_fields(type(obj)) and not permissions.writable(
            request, obj
        ):
            # a link row or block is written only where its hosts may be
            raise PermissionDenied("You may not change the objects this links.")
        obj.save()

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        """Moving to the trash deletes nothing, so nothing else is listed."""
        objs = list(objs)
        if objs and _has(self.model, "branch") and all(o.branch_id > -1 for o in objs):
            return [str(o) for o in objs], {}, set(), []
        return super().get_deleted_objects(objs, request)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        """The delete view's log entry: "Moved to trash" for a soft delete."""
        objs = list(queryset)
        if objs and _has(self.model, "branch") and all(o.branch_id > -1 for o in objs):
            return log_moved_to_trash(request, objs)
        return super().log_deletions(request, queryset)

    def render_delete_form(self, request: HttpRequest, context: dict) -> Any:
        obj = context.get("object")
        if obj is not None and _has(self.model, "branch"):
            context["soft_delete"] = obj.branch_id > -1
            context["trash_preview"] = trash_preview(obj)
        return super().render_delete_form(request, context)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        # a registry with a trash moves the record there; the trash page deletes
        if _has(type(obj), "branch") and getattr(obj, "branch_id", 1) > -1:
            obj.delete()
        else:
            obj.delete(permanent=True)
