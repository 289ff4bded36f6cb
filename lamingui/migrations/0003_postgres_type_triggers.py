"""PostgreSQL triggers for the type rules (models.md §5.3); no-op elsewhere."""

from django.db import migrations

from lamingui.db_triggers import install_type_triggers


def forwards(apps, schema_editor):
    install_type_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("lamingui", "0002_default_rows")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
