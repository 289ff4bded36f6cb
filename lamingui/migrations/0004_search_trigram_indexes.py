"""Trigram search indexes (api.md §1.7): pg_trgm GIN on PostgreSQL, FTS5 on SQLite.

The SQL lives in ``lamingui.db_search_indexes`` and also runs after every
``migrate``, so databases built from the models (the tests) get it too. Where
``pg_trgm`` (or SQLite's FTS5 trigram tokenizer) is unavailable, a warning is
logged and ``search()`` scans instead.
"""

from django.db import migrations

from lamingui.db_search_indexes import install_search_indexes


def forwards(apps, schema_editor):
    install_search_indexes(schema_editor.connection, apps)


class Migration(migrations.Migration):
    dependencies = [("lamingui", "0003_postgres_type_triggers")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
