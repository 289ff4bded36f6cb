"""Make sure the GUI logins exist and print them.

Runs ``lamingui_init`` first (theme, default rows, permission groups), then
creates once, each with a random password kept in ``LAMINGUI_HOME``:

* ``admin``: a superuser (sees every space);
* when the demo is loaded (its space "Private lab" exists) or with
  ``--demo-users``, unless ``--no-demo-users``: ``viewer`` in
  ``lamingui-viewer`` and ``curator`` in ``lamingui-curator``. The curator
  gets write access to the demo's private space "Private lab"; the viewer is
  no member of it, so the two show how spaces isolate objects.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ... import context
from ...models import Space
from ...models.access import SpaceMembership
from .lamingui_init import CURATOR, VIEWER

#: the demo's private space (created by ``lamingui_demo``)
PRIVATE_SPACE = "Private lab"


class Command(BaseCommand):
    help = (
        "Create the 'admin' superuser once (its password is kept in LAMINGUI_HOME) "
        "and print the login; --demo-users adds a viewer and a curator."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--demo-users",
            action="store_true",
            default=None,
            help="also create the non-superuser logins 'viewer' and 'curator' "
            "(default: when the demo instance is loaded)",
        )
        parser.add_argument("--no-demo-users", action="store_false", dest="demo_users")

    def handle(
        self, *args: Any, username: str, demo_users: bool | None = None, **options: Any
    ) -> None:
        call_command("lamingui_init", stdout=self.stdout)
        self._login(username, superuser=True)
        if demo_users is None:
            demo_users = Space.objects.filter(name=PRIVATE_SPACE).exists()
        if demo_users:
            self._login("viewer", group=VIEWER)
            self._login("curator", group=CURATOR, space_role="write")

    def _login(
        self,
        username: str,
        *,
        superuser: bool = False,
        group: str | None = None,
        space_role: str | None = None,
    ) -> None:
        path = settings.LAMINGUI_HOME / f"{username}-password"
        auth_user = get_user_model()
        user = auth_user.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            if superuser:
                user = auth_user.objects.create_superuser(username, "", password)
            else:
                user = auth_user.objects.create_user(
                    username, "", password, is_staff=True
                )
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(password)
        elif path.exists():
            password = path.read_text().strip()
        else:
            password = ""
        if group:
            user.groups.add(Group.objects.get(name=group))
        if space_role:
            self._join_private_space(username, space_role)
        if not password:
            self.stdout.write(
                f"User '{username}' exists; its password is unchanged "
                f"(reset it with: manage.py changepassword {username})."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"GUI login: http://127.0.0.1:8000/  user: {username}  "
                f"password: {password}"
            )
        )

    def _join_private_space(self, username: str, role: str) -> None:
        space = Space.objects.filter(name=PRIVATE_SPACE).first()
        if space is None:
            return
        SpaceMembership.objects.update_or_create(
            space=space,
            user_id=context.user_id_for_handle(username),
            defaults={"role": role},
        )
