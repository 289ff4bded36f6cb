"""Make sure a GUI admin login exists and print it."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the 'admin' superuser once (its password is kept in LAMINGUI_HOME) "
        "and print the login."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        path = settings.LAMINGUI_HOME / f"{username}-password"
        auth_user = get_user_model()
        user = auth_user.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            auth_user.objects.create_superuser(username, "", password)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(password)
        elif path.exists():
            password = path.read_text().strip()
        else:
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
