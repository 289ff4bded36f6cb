"""``LaminAdminSite``: the lamingui admin site, branding and site-wide routes."""

from __future__ import annotations

from functools import partial

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.auth.models import User as AuthUser
from django.urls import URLPattern, URLResolver, path

from ..panels.search import search_page, search_suggest
from .imports import import_urls
from .trash import trash_urls


class LaminAdminSite(admin.AdminSite):
    """The GUI: every registry, behind login."""

    site_header = "lamingui"
    site_title = "lamingui"
    index_title = "Registries"
    enable_nav_sidebar = True

    def get_urls(self) -> list[URLPattern | URLResolver]:
        """Site-wide GUI routes (global search, trash) before the admin's own."""
        wrap = self.admin_view
        return [
            *trash_urls(self),
            *import_urls(self),
            path("search/", wrap(partial(search_page, admin_site=self)), name="search"),
            path(
                "search/suggest/",
                wrap(partial(search_suggest, admin_site=self)),
                name="search_suggest",
            ),
            *super().get_urls(),
        ]


site = LaminAdminSite(name="admin")
site.register(AuthUser, UserAdmin)
site.register(Group, GroupAdmin)
