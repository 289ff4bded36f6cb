"""``SQLRecordAdmin``: list, search, filter and read-only defaults per registry."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

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
_FILTERABLE = (
    "is_type",
    "kind",
    "branch",
    "space",
    "is_latest",
    "type",
    "_status_code",
)


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
        "version_tag",
        "type",
        "is_type",
        "kind",
        "branch",
        "created_by",
        "created_at",
    )
    list_per_page = 50
    show_full_result_count = False

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
        return tuple(columns[:7]) or ("__str__",)

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        names = ("name", "key", "handle", "uid", "description", "root", "content")
        concrete = {f.name for f in self.model._meta.concrete_fields}
        return tuple(n for n in names if n in concrete)

    def get_list_filter(self, request: HttpRequest) -> tuple[str, ...]:
        concrete = {f.name for f in self.model._meta.concrete_fields}
        return tuple(n for n in _FILTERABLE if n in concrete and n != "type")

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

    def get_list_select_related(self, request: HttpRequest) -> tuple[str, ...]:
        shown = set(self.get_list_display(request))
        return tuple(
            f.name
            for f in self.model._meta.concrete_fields
            if f.is_relation and f.name in shown
        )

    def get_autocomplete_fields(self, request: HttpRequest) -> tuple[str, ...]:
        return ()

    def get_raw_id_fields(self, request: HttpRequest) -> tuple[str, ...]:
        # foreign keys to big registries: an id box with a lookup popup, not a select
        return tuple(
            f.name
            for f in self.model._meta.concrete_fields
            if f.is_relation
            and f.editable
            and f.related_model.__name__ not in {"Branch", "Space", "Storage", "User"}
        )

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
        return super().get_queryset(request)

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        obj.save()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        # a registry with a trash moves the record there; the trash page deletes
        if _has(type(obj), "branch") and getattr(obj, "branch_id", 1) > -1:
            obj.delete()
        else:
            obj.delete(permanent=True)
