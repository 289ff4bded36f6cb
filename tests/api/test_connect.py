"""``Registry.connect()`` and ``ln.DB()`` over instances named in instances.toml."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connections

import lamingui as ln
from lamingui.defaults import create_default_rows


@pytest.fixture(scope="module")
def other_alias(tmp_path_factory):
    """Register "lab/other" before the test case picks its databases."""
    home = tmp_path_factory.mktemp("home")
    path = home / "other.sqlite3"
    (home / "instances.toml").write_text(
        f'[instances."lab/other"]\nurl = "sqlite:///{path}"\n'
    )
    previous = django_settings.LAMINGUI_HOME
    django_settings.LAMINGUI_HOME = home
    try:
        alias = ln.Record.connect("lab/other").db
    finally:
        django_settings.LAMINGUI_HOME = previous
    yield alias
    connections[alias].close()
    connections.settings.pop(alias, None)


@pytest.fixture
def other_instance(other_alias):
    """The second instance with its tables and default rows."""
    connection = connections[other_alias]
    with connection.schema_editor() as editor:
        for model in apps.get_app_config("lamingui").get_models():
            if model._meta.managed:
                editor.create_model(model)
    create_default_rows(apps, connection)
    yield other_alias
    with connection.schema_editor() as editor:
        for model in apps.get_app_config("lamingui").get_models():
            if model._meta.managed:
                editor.delete_model(model)


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_connect_queries_the_named_instance(other_instance):
    ln.Record(name="here").save()
    ln.Record(name="there").save(using=other_instance)
    qs = ln.Record.connect("lab/other")
    assert qs.db == "lab/other"
    assert list(qs.filter().values_list("name", flat=True)) == ["there"]
    assert [r.name for r in qs.search("there")] == ["there"]
    assert ln.Record.filter(name="there").count() == 0


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_db_namespace_gives_registries_of_the_instance(other_instance):
    ln.ULabel(name="remote label").save(using=other_instance)
    assert ln.DB("lab/other").ULabel.filter().to_list("name") == ["remote label"]
    with pytest.raises(AttributeError, match="No registry 'Nope'"):
        ln.DB("lab/other").Nope  # noqa: B018


@pytest.mark.django_db
def test_connect_to_an_unknown_instance_names_the_known_ones(settings, tmp_path):
    settings.LAMINGUI_HOME = tmp_path
    (tmp_path / "instances.toml").write_text(
        '[instances."lab/known"]\nurl = "sqlite:///x.sqlite3"\n'
    )
    with pytest.raises(ln.errors.InstanceNotFoundError) as error:
        ln.Record.connect("lab/unknown")
    assert str(error.value).startswith("'lab/unknown' not found: 'instance-not-found'")
    assert "lab/known" in str(error.value)


@pytest.mark.django_db
def test_connect_default_and_none_use_the_default_database():
    assert ln.Record.connect(None).db == "default"
    assert ln.Record.connect("default").db == "default"
