"""``ln.DB(...).pertdb`` (bio.md §8) and adding the pertdb tables to an old instance."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

import lamingui as ln
from lamingui.bio.core.migrate import ensure_migrated, needs_migration

pytestmark = pytest.mark.django_db


def test_pertdb_namespace_queries_registries(pt):
    pt.Biologic(name="IFNG", type="cytokine").save()
    db = ln.DB("default")
    assert db.pertdb is db.pertdb
    assert repr(db.pertdb) == "PertdbDB('pertdb')"
    assert [r.name for r in db.pertdb.Biologic.filter(type="cytokine")] == ["IFNG"]
    assert not db.pertdb.Compound.filter().exists()
    with pytest.raises(AttributeError, match="Registry 'Foo' not found"):
        db.pertdb.Foo  # noqa: B018 - attribute access is the test
    with pytest.raises(AttributeError, match="Registry 'ArtifactCompound' not found"):
        db.pertdb.ArtifactCompound  # noqa: B018 - a link, not a registry
    names = set(dir(db.pertdb))
    assert {"Biologic", "Compound", "CombinationPerturbation"} <= names


@pytest.fixture(scope="module")
def old_alias(tmp_path_factory):
    """A database alias of a fresh SQLite file (registered before the test)."""
    alias = "pert_old_instance"
    path = tmp_path_factory.mktemp("old") / "old.sqlite3"
    config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: connections.settings[DEFAULT_DB_ALIAS], alias: config}
    )
    connections.settings[alias] = configured[alias]
    yield alias
    connections[alias].close()
    connections.settings.pop(alias, None)


def _make_old_instance(alias: str) -> None:
    """Core and bionty tables, their migrations recorded, no pertdb tables."""
    connection = connections[alias]
    with connection.schema_editor() as editor:
        for label in ("lamingui", "bionty"):
            config = apps.get_app_config(label)
            for model in config.get_models():
                editor.create_model(model)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    for label in ("lamingui", "bionty"):
        folder = Path(apps.get_app_config(label).path) / "migrations"
        for path in sorted(folder.glob("[0-9][0-9][0-9][0-9]_*.py")):
            recorder.record_applied(label, path.stem)


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_old_instance_gets_the_pertdb_tables(old_alias):
    _make_old_instance(old_alias)
    connection = connections[old_alias]
    assert "wetlab_compound" not in connection.introspection.table_names()
    assert needs_migration(old_alias)
    ensure_migrated(old_alias)
    tables = set(connection.introspection.table_names())
    assert {
        "wetlab_compound",
        "wetlab_compound_parents",
        "wetlab_artifactbiologic",
    } <= tables
    assert not needs_migration(old_alias)
