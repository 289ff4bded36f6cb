"""Site-wide trash routes: ``LaminAdminSite.get_urls`` prepends ``trash_urls(self)``."""

from __future__ import annotations

from functools import partial

from django.contrib.admin import AdminSite
from django.urls import URLPattern, path

from ..panels.trash import trash_page
from ..panels.trash_restore import (
    trash_delete,
    trash_purge_many,
    trash_restore,
    trash_restore_many,
)


def trash_urls(site: AdminSite) -> list[URLPattern]:
    """The trash page and its restore / permanent-delete actions, behind login."""
    wrap = site.admin_view
    return [
        path("trash/", wrap(partial(trash_page, site=site)), name="lamingui_trash"),
        path(
            "trash/restore/",
            wrap(partial(trash_restore_many, site=site)),
            name="lamingui_trash_restore_many",
        ),
        path(
            "trash/purge/",
            wrap(partial(trash_purge_many, site=site)),
            name="lamingui_trash_purge",
        ),
        path(
            "trash/<str:registry>/<int:pk>/restore/",
            wrap(partial(trash_restore, site=site)),
            name="lamingui_trash_restore",
        ),
        path(
            "trash/<str:registry>/<int:pk>/delete/",
            wrap(partial(trash_delete, site=site)),
            name="lamingui_trash_delete",
        ),
    ]
