"""The rows every instance starts with (models.md §1.5).

One implementation, called by the data migration ``0002_default_rows`` (with
historical models) and after every ``migrate`` (with the current ones), so that
databases built without replaying migrations (the test suite) have them too.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.color import no_style

BRANCHES = (
    (-1, "tttttttttttt", "trash", "the trash"),
    (0, "aaaaaaaaaaaa", "archive", "the archive"),
    (1, "mmmmmmmmmmmm", "main", "the main and default branch"),
)


def owner_handle() -> str:
    handle = os.environ.get("LAMINGUI_USER")
    if not handle:
        try:
            handle = getpass.getuser()
        except (KeyError, OSError):
            handle = "anonymous"
    return handle[:30]


def create_default_rows(apps: Any, connection: Any) -> None:
    """Owner (user 1), space 1 ``all``, branches -1/0/1, the default storage.

    Idempotent: rows that exist are left as they are.
    """
    db = connection.alias
    user_model = apps.get_model("lamingui", "User")
    space_model = apps.get_model("lamingui", "Space")
    branch_model = apps.get_model("lamingui", "Branch")
    storage_model = apps.get_model("lamingui", "Storage")
    handle = owner_handle()
    # the schema editor may already have made the owner while it evaluated the
    # ``created_by`` default for added columns: keep that row as user 1
    if not user_model.objects.using(db).filter(pk=1).exists():
        user_model.objects.using(db).create(id=1, handle=handle, name=handle)
    space_model.objects.using(db).get_or_create(
        id=1,
        defaults={
            "uid": "aaaaaaaaaaaa",
            "name": "all",
            "description": "everyone with access to the instance",
            "created_by_id": 1,
        },
    )
    for pk, uid, name, description in BRANCHES:
        branch_model.objects.using(db).get_or_create(
            id=pk,
            defaults={
                "uid": uid,
                "name": name,
                "description": description,
                "created_by_id": 1,
            },
        )
    root = str(Path(settings.LAMINGUI_STORAGE).expanduser().resolve())
    if not storage_model.objects.using(db).filter(root=root).exists():
        storage_model.objects.using(db).create(
            root=root,
            type="local",
            description="default storage",
            created_by_id=1,
            run_id=None,
        )
    # explicit ids leave PostgreSQL's sequences behind: move them past the rows
    models = [user_model, space_model, branch_model, storage_model]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
