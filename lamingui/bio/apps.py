"""App configuration of ``lamingui.bio`` (label ``bionty``)."""

from __future__ import annotations

from django.apps import AppConfig


class BiontyConfig(AppConfig):
    name = "lamingui.bio"
    label = "bionty"
    verbose_name = "Biology registries"
    default_auto_field = "django.db.models.AutoField"
