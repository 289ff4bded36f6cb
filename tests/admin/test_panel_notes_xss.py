"""The XSS corpus through the preview endpoint and the displayed panel (AC-NOTE-6)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

import lamingui as ln
from lamingui.blocks import services
from tests.blocks.test_sanitize import XSS_PAYLOADS, violations

HX = {"HX-Request": "true"}


@pytest.fixture
def record(db):
    return ln.Record(name="xss").save()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_preview_endpoint_leaves_nothing_executable(admin_client, record, payload):
    preview = reverse("admin:lamingui_record_notes_preview", args=[record.pk])
    response = admin_client.post(preview, {"content": payload}, headers=HX)
    assert response.status_code == 200
    assert violations(response.content.decode()) == []


def test_displayed_note_and_comment_of_the_whole_corpus_are_safe(admin_client, record):
    text = "\n\n".join(XSS_PAYLOADS)
    services.save_readme(record, text)
    services.add_comment(record, text)
    response = admin_client.get(
        reverse("admin:lamingui_record_notes", args=[record.pk]), headers=HX
    )
    body = response.content.decode()
    rendered = re.search(
        r'data-testid="note-rendered">(.*?)</article>', body, flags=re.S
    ).group(1)
    comment = re.search(
        r'data-testid="comment".*?<div class="lg-markdown">(.*?)</div>\s*</li>',
        body,
        flags=re.S,
    ).group(1)
    assert rendered.strip() and violations(rendered) == []
    assert comment.strip() and violations(comment) == []
