"""Changelist filters of the registries (gui.md §5.3).

``BranchFilter`` shows the main branch by default (trash and archive stay out
of every changelist unless asked for); ``LatestFilter`` shows only the latest
version of versioned registries by default; ``IsTypeFilter`` and ``TypeFilter``
narrow ``HasType`` registries to types, members or the members of one type.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .. import permissions

#: ``?branch=`` values of :class:`BranchFilter` and the branch ids they show
BRANCHES = {"main": [1], "archive": [0], "trash": [-1], "all": None}


class BranchFilter(admin.SimpleListFilter):
    """Main branch by default; archive and trash for users who may see the trash."""

    title = "branch"
    parameter_name = "branch"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        choices = [("archive", "archive")]
        if permissions.can_view_trash(request):
            choices += [("trash", "trash"), ("all", "all")]
        return choices

    def choices(self, changelist: Any) -> Any:
        # "main" replaces Django's "All" entry: it is what an unfiltered list shows
        yield {
            "selected": self.value() in (None, "main"),
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "main",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or "main"
        allowed = {k for k, _ in self.lookup_choices} | {"main"}
        if value not in allowed:
            value = "main"
        ids = BRANCHES[value]
        return queryset if ids is None else queryset.filter(branch_id__in=ids)


class LatestFilter(admin.SimpleListFilter):
    """Only the latest version of each family unless "all versions" is chosen."""

    title = "versions"
    parameter_name = "versions"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("all", "all versions")]

    def choices(self, changelist: Any) -> Any:
        yield {
            "selected": self.value() != "all",
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "latest only",
        }
        yield {
            "selected": self.value() == "all",
            "query_string": changelist.get_query_string({self.parameter_name: "all"}),
            "display": "all versions",
        }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "all":
            return queryset
        return queryset.filter(is_latest=True)


class IsTypeFilter(admin.SimpleListFilter):
    """Types or members of a ``HasType`` registry."""

    title = "kind of record"
    parameter_name = "is_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("1", "Types"), ("0", "Members")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in {"0", "1"}:
            return queryset.filter(is_type=self.value() == "1")
        return queryset


class TypeFilter(admin.SimpleListFilter):
    """Records typed by one type; the choices are the visible types only."""

    title = "type"
    parameter_name = "type"
    #: more types than this are not offered as choices (the type tree lists all)
    max_choices = 200

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        types = permissions.filter_readable(
            request,
            model_admin.model._default_manager.filter(is_type=True, branch_id=1),
        ).order_by("name")[: self.max_choices]
        return [(str(pk), str(name)) for pk, name in types.values_list("pk", "name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(type_id=int(value))
        return queryset
