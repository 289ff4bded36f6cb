"""Site-wide import routes: ``LaminAdminSite.get_urls`` adds ``import_urls(self)``."""

from __future__ import annotations

from functools import partial

from django.contrib.admin import AdminSite
from django.urls import URLPattern, path

from ..panels.imports import (
    import_check,
    import_column,
    import_commit,
    import_options,
    import_result,
    import_session,
    import_upload,
    import_value_options,
)
from .export import export_urls


def import_urls(site: AdminSite) -> list[URLPattern]:
    """Upload, map & validate, column choices, commit, result (gui.md §7.3); export.

    ``check/`` validates one column of a session (the page asks column by column).
    ``options/`` routes answer the type-to-filter inputs of long selects.
    """
    wrap = site.admin_view
    return [
        *export_urls(site),
        path(
            "import/", wrap(partial(import_upload, site=site)), name="lamingui_import"
        ),
        path(
            "import/options/<str:kind>/",
            wrap(partial(import_options, site=site)),
            name="lamingui_import_options",
        ),
        path(
            "import/<uuid:session_id>/",
            wrap(partial(import_session, site=site)),
            name="lamingui_import_session",
        ),
        path(
            "import/<uuid:session_id>/column/<int:index>/",
            wrap(partial(import_column, site=site)),
            name="lamingui_import_column",
        ),
        path(
            "import/<uuid:session_id>/column/<int:index>/check/",
            wrap(partial(import_check, site=site)),
            name="lamingui_import_check",
        ),
        path(
            "import/<uuid:session_id>/column/<int:index>/options/",
            wrap(partial(import_value_options, site=site)),
            name="lamingui_import_value_options",
        ),
        path(
            "import/<uuid:session_id>/commit/",
            wrap(partial(import_commit, site=site)),
            name="lamingui_import_commit",
        ),
        path(
            "import/<uuid:session_id>/result/",
            wrap(partial(import_result, site=site)),
            name="lamingui_import_result",
        ),
    ]
