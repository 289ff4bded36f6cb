"""``Registry.connect()`` and ``ln.DB()`` over instances named in instances.toml."""

from __future__ import annotations

import os

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connections

import lamingui as ln
import lamingui.instance
from lamingui.defaults import create_default_rows
from lamingui.instances import instance_slug


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


def _records_in_both(other: str) -> tuple:
    """A type ``T`` with the same uid in both instances, one member each.

    An extra record first makes the ids of the two ``T`` rows differ, so that a
    match by id could not pass for a match by uid.
    """
    ln.Record(name="padding").save()
    here_type = ln.Record(name="T", is_type=True).save()
    there_type = ln.Record(name="T", is_type=True, uid=here_type.uid)
    there_type.save(using=other)
    assert here_type.id != there_type.id
    ln.Record(name="member here", type=here_type).save()
    ln.Record(name="member there", type=there_type).save(using=other)
    return here_type, there_type


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_filter_matches_a_record_of_another_instance_by_uid(other_instance, caplog):
    here_type, there_type = _records_in_both(other_instance)
    remote = ln.Record.connect("lab/other")
    with caplog.at_level("WARNING", logger="lamingui"):
        names = remote.filter(type=here_type).to_list("name")
    assert names == ["member there"]
    assert (
        f"passing record from database default to query lab/other, matching on uid "
        f"'{here_type.uid}'" in caplog.text
    )
    assert remote.filter(type__in=[here_type]).to_list("name") == ["member there"]
    # and the other way round, on the default instance and through a manager
    assert ln.Record.filter(type=there_type).to_list("name") == ["member here"]
    assert ln.Record.objects.filter(type=there_type).to_list("name") == ["member here"]
    # records of the query's own database are matched by id as usual
    assert ln.Record.filter(type=here_type).to_list("name") == ["member here"]


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_adding_a_record_of_another_instance_is_refused(other_instance):
    here = ln.Record(name="here").save()
    there = ln.Record(name="there").save(using=other_instance)
    message = (
        "Cannot label a record from instance 'lab/other'. Please save the record "
        "first to your instance using '.save()'."
    )
    with pytest.raises(ValueError) as error:
        here.parents.add(there)
    assert str(error.value) == message
    with pytest.raises(ValueError, match="Cannot label a record from instance"):
        here.parents.set([there])
    assert here.parents.count() == 0
    here.parents.add(ln.Record(name="local parent").save())  # same database: fine
    assert here.parents.to_list("name") == ["local parent"]


@pytest.mark.django_db
def test_connect_with_the_current_instance_name_uses_the_default_database(
    monkeypatch,
):
    ln.Record(name="mine").save()
    monkeypatch.setenv("LAMINGUI_INSTANCE", "lab/current")
    assert instance_slug() == "lab/current"
    for name in ("lab/current", "current"):
        qs = ln.Record.connect(name)
        assert qs.db == "default"
        assert qs.filter(name="mine").one()._state.db == "default"
    assert ln.settings.instance["slug"] == "lab/current"
    # a name without owner belongs to the current user
    monkeypatch.setenv("LAMINGUI_INSTANCE", "solo")
    assert instance_slug() == f"{ln.settings.user.handle}/solo"
    assert ln.Record.connect("solo").db == "default"
    with pytest.raises(ln.errors.InstanceNotFoundError):
        ln.Record.connect("lab/current")


@pytest.mark.django_db
def test_the_default_instance_name_comes_from_instances_toml_or_the_database(
    monkeypatch, settings, tmp_path
):
    monkeypatch.delenv("LAMINGUI_INSTANCE", raising=False)
    settings.LAMINGUI_HOME = tmp_path
    handle = ln.settings.user.handle
    db = connections["default"].settings_dict
    if db["ENGINE"].endswith("postgresql"):
        url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        assert instance_slug() == f"{handle}/{db['NAME']}"
    else:
        url = str(db["NAME"])  # a plain SQLite path
        assert instance_slug().startswith(f"{handle}/")
    assert ln.Record.connect(instance_slug()).db == "default"
    (tmp_path / "instances.toml").write_text(
        f'[instances."lab/registered"]\nurl = "{url}"\n'
        '[instances."lab/else"]\nurl = "sqlite:///elsewhere.sqlite3"\n'
    )
    if db["ENGINE"].endswith("postgresql") or "memory" not in str(db["NAME"]):
        assert instance_slug() == "lab/registered"
        assert ln.Record.connect("lab/registered").db == "default"


@pytest.mark.django_db
def test_setup_init_names_the_instance(monkeypatch):
    monkeypatch.delenv("LAMINGUI_INSTANCE", raising=False)
    monkeypatch.setattr(lamingui.instance, "ensure_migrated", lambda: None)
    for bad in ("", "a/b/c", 3):
        with pytest.raises(ValueError, match="Invalid instance name"):
            ln.setup.init(name=bad)
    assert "LAMINGUI_INSTANCE" not in os.environ
    ln.setup.init(name="lab/named")
    assert instance_slug() == "lab/named"
    assert ln.Record.connect("named").db == "default"
