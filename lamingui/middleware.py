"""GUI middleware: the acting lamindb ``User``, and login redirects htmx can follow."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from . import context


class LaminUserMiddleware:
    """Each Django auth user acts as the lamindb ``User`` with the same handle."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        user_id = context.user_id_for_handle(user.get_username()[:30])
        with context.acting_as(user_id=user_id):
            return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """An htmx request sent to the login page navigates the whole page there.

    Without a session, ``admin_view`` answers a panel or search request with a
    302 to the login page; htmx would follow it and swap the login form into
    the panel. For ``HX-Request: true`` this middleware turns that redirect
    into ``200`` with ``HX-Redirect: <login>?next=<page>`` (gui.md §4.3), so
    htmx loads the login page in the window. ``next`` is the page the user is
    on (``HX-Current-URL``, when it is on this site), else the requested
    path. Other requests keep the normal 302.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") != "true"
            or response.status_code not in (301, 302, 303, 307, 308)
            or not _is_login_url(response.get("Location", ""))
        ):
            return response
        target = f"{resolve_url(settings.LOGIN_URL)}?" + urlencode(
            {REDIRECT_FIELD_NAME: _next_url(request)}
        )
        redirect = HttpResponse(status=200)
        redirect["HX-Redirect"] = target
        patch_vary_headers(redirect, ["HX-Request"])
        return redirect


def _is_login_url(location: str) -> bool:
    login = urlsplit(resolve_url(settings.LOGIN_URL)).path
    return bool(location) and urlsplit(location).path == login


def _next_url(request: HttpRequest) -> str:
    """The page to come back to: the browser's page, else this request's path."""
    current = request.headers.get("HX-Current-URL", "")
    if current and url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()
