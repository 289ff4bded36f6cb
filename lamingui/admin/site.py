"""``LaminAdminSite``: the lamingui admin site, branding and site-wide routes."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.auth.models import User as AuthUser


class LaminAdminSite(admin.AdminSite):
    """The GUI: every registry, behind login."""

    site_header = "lamingui"
    site_title = "lamingui"
    index_title = "Registries"
    enable_nav_sidebar = True


site = LaminAdminSite(name="admin")
site.register(AuthUser, UserAdmin)
site.register(Group, GroupAdmin)
