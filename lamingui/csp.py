"""Content-Security-Policy: no inline script ever runs on a GUI page.

Every response gets one policy header (:data:`POLICY`, built by
:func:`build_policy`). Scripts load only from our own origin (``static/``):
no inline ``<script>`` blocks, no ``on*=`` attributes, no ``javascript:`` URLs
and no ``eval`` (htmx's ``hx-on`` and ``js:`` values are therefore unusable;
behaviour lives in ``static/lamingui/js/*.js``). Even if a note ever slipped
past the sanitiser, the browser would refuse to run what it carried.

Styles allow ``'unsafe-inline'``: django-admin-interface writes the theme's
colours into an inline ``<style>`` element of ``admin/base_site.html`` and
puts ``style="display:none"`` on its logo, and htmx inserts its indicator
styles as a ``<style>`` element. Inline styles cannot run code.

Images may come from http(s) (notes may show external images, gui.md §6.6.3)
and ``data:`` (admin-interface's placeholder logo and favicon badge); notes
themselves never carry ``data:`` URLs (the sanitiser drops them).
``frame-ancestors`` says what ``X_FRAME_OPTIONS`` says (``SAMEORIGIN`` →
``'self'``, else ``'none'``), so related-object popups keep working in
admin-interface's same-origin iframes.

Added to ``MIDDLEWARE`` as ``"lamingui.csp.ContentSecurityPolicyMiddleware"``.
A view that sets its own ``Content-Security-Policy`` header keeps it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

__all__ = ["HEADER", "ContentSecurityPolicyMiddleware", "build_policy"]

HEADER = "Content-Security-Policy"


def build_policy(x_frame_options: str | None = None) -> str:
    """The policy text; ``frame-ancestors`` follows ``x_frame_options``.

    >>> "script-src 'self';" in build_policy("DENY")
    True
    >>> build_policy("DENY").endswith("frame-ancestors 'none'")
    True
    """
    if x_frame_options is None:
        x_frame_options = getattr(settings, "X_FRAME_OPTIONS", "DENY")
    ancestors = "'self'" if x_frame_options.upper() == "SAMEORIGIN" else "'none'"
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: http: https:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    """Add :func:`build_policy`'s header to every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = build_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = self.policy
        return response
