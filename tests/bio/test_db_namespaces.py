"""``ln.DB(...).bionty`` namespaces (bio.md §8, §10 case 19)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db import connections

import lamingui as ln


@pytest.mark.django_db
def test_bionty_namespace_queries_registries(bt):
    bt.CellType.from_source(name="T cell").save()
    db = ln.DB("default")
    assert db.bionty is db.bionty
    assert [r.name for r in db.bionty.CellType.filter(name="T cell")] == ["T cell"]
    assert db.bionty.Source.filter(entity="bionty.CellType").exists()
    with pytest.raises(AttributeError, match="Registry 'Foo' not found"):
        db.bionty.Foo  # noqa: B018 - attribute access is the test
    with pytest.raises(AttributeError, match="Registry 'settings' not found"):
        db.bionty.settings  # noqa: B018
    assert "CellType" in dir(db.bionty)


@pytest.fixture(scope="module")
def bare_instance(tmp_path_factory):
    """An instance whose database has no bionty tables (registered early)."""
    tmp_path = tmp_path_factory.mktemp("bare")
    path = tmp_path / "bare.sqlite3"
    (tmp_path / "instances.toml").write_text(
        f'[instances."lab/bare"]\nurl = "sqlite:///{path}"\n'
    )
    previous = django_settings.LAMINGUI_HOME
    django_settings.LAMINGUI_HOME = tmp_path
    try:
        db = ln.DB("lab/bare")
    finally:
        django_settings.LAMINGUI_HOME = previous
    yield db
    connections[db._alias].close()
    connections.settings.pop(db._alias, None)


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_missing_module_is_reported(bare_instance):
    with pytest.raises(
        AttributeError, match="Schema 'bionty' not available in instance 'lab/bare'"
    ):
        bare_instance.bionty  # noqa: B018
