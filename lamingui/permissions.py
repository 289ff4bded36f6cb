"""Who may read and write what in the GUI: spaces and roles (gui.md §8).

A GUI login (a Django auth user) acts as the lamindb ``User`` whose handle is
its username. Rules:

* **readable spaces** = space 1 ("all") plus every space the user is a member
  of (any role);
* **writable spaces** = space 1 plus memberships with role ``write`` or
  ``admin`` — model permissions (the groups of :mod:`lamingui_init
  <lamingui.management.commands.lamingui_init>`) still decide *which*
  registries a user may change, so a viewer writes nowhere;
* **administered spaces** = memberships with role ``admin``, plus space 1 for
  users allowed to manage spaces (``lamingui.change_space``, the
  ``lamingui-admin`` group);
* superusers bypass every space check.

Objects without a ``space`` column follow their own rules: a ``Space`` is
readable when the user may read it; link rows (``IsLink``) and blocks (notes
attached to a host) follow the objects they point to: readable when every
linked object that lives in a space is readable, writable when every one is
writable. Users are readable by anyone with the model's view permission.

Every check is computed once per request (cached on the request object), so a
panel that tests a hundred objects issues one membership query in total.

Examples:
    >>> qs = filter_readable(request, Record.objects.all())   # doctest: +SKIP
    >>> readable(request, record), writable(request, record)  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from . import context

#: space 1: everyone with access to the instance reads it
ALL_SPACE_ID = 1
_CACHE_ATTR = "_lamingui_spaces"


@dataclass(frozen=True)
class SpaceAccess:
    """The spaces a request's user may read, write and administer.

    ``None`` for a set means "every space" (superusers).
    """

    read: frozenset[int] | None
    write: frozenset[int] | None
    admin: frozenset[int] | None

    def can_read(self, space_id: int | None) -> bool:
        return self.read is None or space_id in self.read

    def can_write(self, space_id: int | None) -> bool:
        return self.write is None or space_id in self.write

    def can_admin(self, space_id: int | None) -> bool:
        return self.admin is None or space_id in self.admin


def lamin_user_id(request: HttpRequest) -> int:
    """Id of the lamindb ``User`` a logged-in request acts as (handle = username)."""
    return context.user_id_for_handle(request.user.get_username()[:30])


def space_access(request: HttpRequest) -> SpaceAccess:
    """The request user's :class:`SpaceAccess`, computed once per request."""
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    user = request.user
    if not user.is_authenticated or not user.is_active:
        access = SpaceAccess(frozenset(), frozenset(), frozenset())
    elif user.is_superuser:
        access = SpaceAccess(None, None, None)
    else:
        access = _member_access(request)
    setattr(request, _CACHE_ATTR, access)
    return access


def _member_access(request: HttpRequest) -> SpaceAccess:
    from .models.access import SpaceMembership  # noqa: PLC0415 - app registry first

    roles = dict(
        SpaceMembership.objects.filter(user_id=lamin_user_id(request)).values_list(
            "space_id", "role"
        )
    )
    read = {ALL_SPACE_ID, *roles}
    write = {ALL_SPACE_ID} | {s for s, r in roles.items() if r in {"write", "admin"}}
    admin = {s for s, r in roles.items() if r == "admin"}
    if request.user.has_perm("lamingui.change_space"):
        admin.add(ALL_SPACE_ID)
    return SpaceAccess(frozenset(read), frozenset(write), frozenset(admin))


def has_space(model: type[Model]) -> bool:
    """Whether rows of ``model`` live in a space (a concrete ``space`` column)."""
    return any(f.name == "space" for f in model._meta.concrete_fields)


def _is_space_model(model: type[Model]) -> bool:
    return model._meta.app_label == "lamingui" and model.__name__ == "Space"


_HOSTS: dict[type, tuple[tuple[str, bool], ...]] = {}
#: bookkeeping foreign keys that say nothing about who may read a link
_NOT_HOSTS = {"branch", "created_on", "space"}


def host_fields(model: type[Model]) -> tuple[tuple[str, bool], ...]:
    """``(name, nullable)`` of the foreign keys that give a link or block its spaces.

    Empty for models that are neither link models (``IsLink``) nor blocks
    attached to a host (``_host_field``), and for models with a space.
    """
    found = _HOSTS.get(model)
    if found is None:
        from .models.base import IsLink  # noqa: PLC0415 - models import this module

        host = getattr(model, "_host_field", None)
        found: tuple[tuple[str, bool], ...] = ()
        if has_space(model):
            found = ()  # its own space decides
        elif host:  # a block: its host alone
            found = ((host, model._meta.get_field(host).null),)
        elif issubclass(model, IsLink):  # a link: every linked object with a space
            found = tuple(
                (f.name, f.null)
                for f in model._meta.concrete_fields
                if f.many_to_one
                and f.name not in _NOT_HOSTS
                and has_space(f.related_model)
            )
        _HOSTS[model] = found
    return found


def _filter_hosts(queryset: QuerySet, spaces: frozenset[int]) -> QuerySet:
    """Rows whose linked objects all live in ``spaces`` (null links pass)."""
    allowed = sorted(spaces)
    for name, nullable in host_fields(queryset.model):
        match = Q(**{f"{name}__space_id__in": allowed})
        if nullable:
            match |= Q(**{f"{name}__isnull": True})
        queryset = queryset.filter(match)
    return queryset


def _hosts_ok(obj: Any, check: Any) -> bool:
    for name, _ in host_fields(type(obj)):
        host = getattr(obj, name, None)
        if host is not None and not check(host.space_id):
            return False
    return True


def filter_readable(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """``queryset`` restricted to rows the request's user may read."""
    access = space_access(request)
    if access.read is None:
        return queryset
    model = queryset.model
    if has_space(model):
        return queryset.filter(space_id__in=sorted(access.read))
    if _is_space_model(model):
        return queryset.filter(pk__in=sorted(access.read))
    return _filter_hosts(queryset, access.read)


def filter_writable(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """``queryset`` restricted to rows in spaces the user may write to."""
    access = space_access(request)
    if access.write is None:
        return queryset
    model = queryset.model
    if has_space(model):
        return queryset.filter(space_id__in=sorted(access.write))
    if _is_space_model(model):
        return queryset.filter(pk__in=sorted(access.write))
    return _filter_hosts(queryset, access.write)


def _space_id_of(obj: Any) -> int | None:
    if _is_space_model(type(obj)):
        return obj.pk
    return getattr(obj, "space_id", None)


def readable(request: HttpRequest, obj: Any) -> bool:
    """Whether the request's user may see ``obj`` (its space is readable)."""
    if host_fields(type(obj)):
        return request.user.is_authenticated and _hosts_ok(
            obj, space_access(request).can_read
        )
    if not (has_space(type(obj)) or _is_space_model(type(obj))):
        return request.user.is_authenticated
    return space_access(request).can_read(_space_id_of(obj))


def writable(request: HttpRequest, obj: Any) -> bool:
    """Whether the user may change ``obj`` as far as spaces go.

    The object's *stored* space counts: a form that moves an object to another
    space is checked against both (see :func:`can_move`). Model permissions are
    checked separately by the admin.
    """
    if host_fields(type(obj)):
        return request.user.is_authenticated and _hosts_ok(
            obj, space_access(request).can_write
        )
    if not (has_space(type(obj)) or _is_space_model(type(obj))):
        return request.user.is_authenticated
    access = space_access(request)
    if _is_space_model(type(obj)):
        return access.can_admin(obj.pk)
    return access.can_write(_space_id_of(obj))


def can_write_space(request: HttpRequest, space_id: int | None) -> bool:
    """Whether new or moved objects may be put into space ``space_id``."""
    return space_access(request).can_write(space_id)


def can_move(request: HttpRequest, obj: Any, new_space_id: int | None) -> bool:
    """Moving ``obj`` to another space needs write on the old and the new space."""
    old = _stored_space_id(obj)
    access = space_access(request)
    return access.can_write(new_space_id) and (old is None or access.can_write(old))


def _stored_space_id(obj: Any) -> int | None:
    if obj.pk is None or not has_space(type(obj)):
        return None
    return (
        type(obj)
        ._base_manager.using(obj._state.db)
        .filter(pk=obj.pk)
        .values_list("space_id", flat=True)
        .first()
    )


def is_space_admin(request: HttpRequest, space_id: int | None) -> bool:
    """Whether the user administers space ``space_id`` (role ``admin``)."""
    return space_access(request).can_admin(space_id)


def can_view_trash(request: HttpRequest) -> bool:
    """The trash page needs ``lamingui.view_trash`` (curators, admins)."""
    return request.user.has_perm("lamingui.view_trash")


def can_purge(request: HttpRequest, obj: Any) -> bool:
    """Permanent delete: ``lamingui.purge_trash`` and admin of the object's space."""
    if not request.user.has_perm("lamingui.purge_trash"):
        return False
    return is_space_admin(request, _space_id_of(obj)) if has_space(type(obj)) else True
