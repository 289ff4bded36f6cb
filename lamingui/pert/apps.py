"""App configuration of ``lamingui.pert`` (label ``pertdb``)."""

from __future__ import annotations

from django.apps import AppConfig


class PertdbConfig(AppConfig):
    name = "lamingui.pert"
    label = "pertdb"
    verbose_name = "Perturbation registries"
    default_auto_field = "django.db.models.AutoField"
