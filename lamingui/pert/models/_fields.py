"""Field helpers shared by the pertdb registries."""

from __future__ import annotations

from django.db import models


def artifacts(link: str, plural: str) -> models.ManyToManyField:
    """``artifacts`` of a registry through its ``Artifact<Registry>`` link."""
    return models.ManyToManyField(
        "lamingui.Artifact", through=f"pertdb.{link}", related_name=plural
    )


def targets(plural: str) -> models.ManyToManyField:
    """``targets`` → ``PerturbationTarget`` (auto table ``<table>_targets``)."""
    return models.ManyToManyField("pertdb.PerturbationTarget", related_name=plural)


def meta(table: str, **attrs: object) -> type:
    """``Meta`` of a pertdb model with its legacy ``wetlab_`` table name."""
    return type(
        "Meta",
        (),
        {
            "app_label": "pertdb",
            "db_table": f"wetlab_{table}",
            "base_manager_name": "objects",
            **attrs,
        },
    )
