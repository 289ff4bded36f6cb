"""Default rows of every instance (models.md §1.5): owner, space, branches, storage."""

from django.db import migrations

from lamingui.defaults import create_default_rows


def forwards(apps, schema_editor):
    create_default_rows(apps, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("lamingui", "0001_initial")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
