"""Name de-duplication at construction: opt-in (models.md §1.10, issue 3 item 6)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import lamingui as ln
from lamingui.errors import ValidationError
from tests.factories import make_record


@pytest.fixture
def search_names() -> Iterator[None]:
    ln.settings.creation.search_names = True
    yield
    ln.settings.creation.search_names = False


@pytest.mark.django_db
def test_construction_queries_nothing_by_default():
    make_record(name="sample")
    with CaptureQueriesContext(connection) as queries:
        record = ln.Record(name="sample")
    assert len(queries) == 0
    assert record.pk is None


@pytest.mark.django_db
def test_search_names_returns_the_existing_record_with_new_values(search_names):
    original = make_record(name="sample")
    again = ln.Record(name="sample", description="now described")
    assert again.pk == original.pk
    assert again.uid == original.uid
    assert again.description == "now described"
    again.save()
    assert ln.Record.filter(name="sample").count() == 1


@pytest.mark.django_db
def test_search_names_respects_the_type(search_names):
    kind = make_record(name="Kind", is_type=True)
    untyped = make_record(name="sample")
    typed = ln.Record(name="sample", type=kind)
    assert typed.pk is None
    assert ln.Record(name="sample", type=None).pk == untyped.pk


@pytest.mark.django_db
def test_search_names_per_call_opt_in_and_out(search_names):
    original = make_record(name="sample")
    assert ln.Record(name="sample", _search_names=False).pk is None
    ln.settings.creation.search_names = False
    assert ln.Record(name="sample", _search_names=True).pk == original.pk


@pytest.mark.django_db
def test_search_names_ignores_trashed_records(search_names):
    make_record(name="sample").delete()
    assert ln.Record(name="sample").pk is None


@pytest.mark.django_db
def test_search_names_refuses_a_feature_with_another_dtype(search_names):
    ln.Feature(name="score", dtype="int").save()
    assert ln.Feature(name="score", dtype="int").pk is not None
    with pytest.raises(ValidationError, match="already exists with dtype int"):
        ln.Feature(name="score", dtype="float")
