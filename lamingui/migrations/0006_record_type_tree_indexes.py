"""Composite indexes for the GUI's type tree on ``lamindb_record`` (issue 5)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lamingui", "0005_gui_access_and_imports"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="record",
            index=models.Index(
                fields=["type", "branch", "space"], name="record_type_branch_space"
            ),
        ),
        migrations.AddIndex(
            model_name="record",
            index=models.Index(
                fields=["type", "is_type", "name"], name="record_type_is_type_name"
            ),
        ),
    ]
