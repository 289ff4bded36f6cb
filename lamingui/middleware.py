"""Bind the logged-in GUI user as the lamindb ``User`` that writes happen as."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
