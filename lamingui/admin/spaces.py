"""The Space admin: memberships inline, managed by superusers and space admins.

gui.md §8.3. A space admin (role ``admin``) may edit the space and its
memberships without holding the model permissions of the ``lamingui-admin``
group; everyone else sees the spaces they may read, read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .. import permissions
from ..models.access import SpaceMembership


def _manages(request: HttpRequest, obj: Any) -> bool:
    return obj is not None and permissions.is_space_admin(request, obj.pk)


class SpaceMembershipInline(admin.TabularInline):
    """Who may read, write or administer the space."""

    model = SpaceMembership
    extra = 1
    fields = ("user", "role")
    verbose_name = "member"
    verbose_name_plural = "members"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request, obj) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request, obj)


class SpaceAdminMixin:
    """Space admins manage their space; the memberships are an inline."""

    inlines = (SpaceMembershipInline,)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request, obj) or super().has_change_permission(request, obj)

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list:
        # only on an existing space, and only for whoever may see the members
        if obj is None:
            return []
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if inline.has_view_permission(request, obj)
        ]
