"""Admin test fixtures: GUI users with groups and space memberships (gui.md §10.1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.models import User as AuthUser
from django.test import Client

import lamingui as ln
from lamingui import context
from lamingui.management.commands.lamingui_init import (
    ADMIN,
    CURATOR,
    VIEWER,
    ensure_groups,
)
from lamingui.models.access import SpaceMembership

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # admin_user hashes a password per test; PBKDF2 costs ~0.5 s each time
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Gui:
    """The users and spaces of a permission test."""

    restricted: Any
    users: dict[str, AuthUser]

    def client(self, name: str, **kwargs: Any) -> Client:
        client = Client(**kwargs)
        client.force_login(self.users[name])
        return client


def make_login(username: str, group: str | None, **extra: Any) -> AuthUser:
    user = AuthUser.objects.create_user(username, "", "pw", is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def join(space: Any, username: str, role: str) -> None:
    SpaceMembership.objects.create(
        space=space, user_id=context.user_id_for_handle(username), role=role
    )


@pytest.fixture
def gui(db) -> Gui:
    """Space ``restricted``: curator writes, viewer reads, space_admin administers.

    ``outsider`` is a curator with no membership; ``admin`` is a superuser.
    """
    ensure_groups()
    restricted = ln.Space(name="restricted").save()
    users = {
        "viewer": make_login("viewer", VIEWER),
        "curator": make_login("curator", CURATOR),
        "outsider": make_login("outsider", CURATOR),
        "space_admin": make_login("space_admin", ADMIN),
        "admin": AuthUser.objects.create_superuser("admin", "", "pw"),
    }
    join(restricted, "viewer", "read")
    join(restricted, "curator", "write")
    join(restricted, "space_admin", "admin")
    return Gui(restricted, users)
