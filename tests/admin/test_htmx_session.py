"""AC-HX-2: htmx requests of an expired session navigate the page to the login."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import lamingui as ln
from tests.factories import make_record

from .conftest import HX


def expired_client(user) -> Client:
    """A client whose session cookie names a session the server has expired."""
    client = Client()
    client.force_login(user)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    return client


def login_target(header: str) -> tuple[str, str]:
    parts = urlsplit(header)
    return parts.path, parse_qs(parts.query)["next"][0]


@pytest.mark.parametrize("panel", ["types", "search"])
def test_expired_session_hx_redirect(admin_user, panel):
    record = make_record(name="kind", is_type=True)
    url = (
        reverse("admin:lamingui_record_types", args=[record.pk])
        if panel == "types"
        else reverse("admin:search_suggest") + "?q=kind"
    )
    client = expired_client(admin_user)
    response = client.get(url, headers=HX)
    assert response.status_code == 200
    assert response.content == b""  # nothing for htmx to swap into the panel
    assert "HX-Request" in response["Vary"]
    path, next_url = login_target(response["HX-Redirect"])
    assert path == reverse("admin:login")
    assert next_url == url
    # a plain request keeps Django's redirect
    response = client.get(url)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("admin:login")
    assert "HX-Redirect" not in response


def test_hx_redirect_returns_to_the_page_the_user_was_on(admin_user):
    record = make_record(name="kind", is_type=True)
    page = reverse("admin:lamingui_record_change", args=[record.pk])
    client = expired_client(admin_user)
    response = client.get(
        reverse("admin:search_suggest") + "?q=k",
        headers={**HX, "HX-Current-URL": f"http://testserver{page}"},
    )
    assert login_target(response["HX-Redirect"]) == (reverse("admin:login"), page)
    # a page on another site is never the target
    response = client.get(
        reverse("admin:search_suggest") + "?q=k",
        headers={**HX, "HX-Current-URL": "https://evil.example/x"},
    )
    assert login_target(response["HX-Redirect"])[1] == (
        reverse("admin:search_suggest") + "?q=k"
    )


def test_logged_in_htmx_requests_and_other_redirects_are_untouched(admin_client):
    record = make_record(name="kind", is_type=True)
    response = admin_client.get(
        reverse("admin:lamingui_record_types", args=[record.pk]), headers=HX
    )
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert b'id="panel-types"' in response.content
    # a redirect that is not to the login page stays a redirect
    transform = ln.Transform(key="step.py", source_code="x = 1\n").save()
    response = admin_client.get(
        reverse("admin:lamingui_transform_stem", args=[transform.uid[:12]]),
        headers=HX,
    )
    assert response.status_code == 302
    assert "HX-Redirect" not in response
