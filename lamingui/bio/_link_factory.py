"""Builders of the link models of ``lamingui.bio`` and ``lamingui.pert``.

Every link model has a ``BigAutoField`` id, a ``CASCADE`` foreign key to the
annotated core row and a ``PROTECT`` foreign key to the registry row; the
feature-bearing ones (``Artifact<Registry>``, ``Record<Registry>``) add an
optional ``feature``. The tables, related names and constraints are the
callers' (bio.md §3, §4.3).
"""

from __future__ import annotations

from django.db import models
from django.db.models import CASCADE, PROTECT

from ..models.base import BaseSQLRecord, IsLink
from ..models.fields import ForeignKey
from ..models.mixins import TracksRun


def link_model(
    name: str,
    module: str,
    doc: str,
    fields: dict[str, models.Field],
    meta: type,
    *,
    tracked: bool = True,
) -> type:
    """A concrete link model ``name`` in ``module`` (``TracksRun`` if ``tracked``)."""
    attrs = {
        "__module__": module,
        "__qualname__": name,
        "__doc__": doc,
        "id": models.BigAutoField(primary_key=True),
        **fields,
        "Meta": meta,
    }
    bases = (BaseSQLRecord, IsLink, TracksRun) if tracked else (BaseSQLRecord, IsLink)
    return type(name, bases, attrs)


def feature_link_fields(
    host: str,
    host_related_name: str,
    registry: str,
    value_field: str,
) -> dict[str, models.Field]:
    """``{<host>, <value_field>, feature}`` of a ``<Host><Registry>`` link.

    ``host`` is the core model (``"Artifact"``, ``"Record"``), ``registry`` the
    qualified registry (``"bionty.CellType"``); the registry side is reached
    from the registry as ``links_<host>``, the feature side as
    ``links_<host><registry>``.
    """
    kind = host.lower()
    lower = registry.rsplit(".", 1)[-1].lower()
    return {
        kind: ForeignKey(f"lamingui.{host}", CASCADE, related_name=host_related_name),
        value_field: ForeignKey(registry, PROTECT, related_name=f"links_{kind}"),
        "feature": ForeignKey(
            "lamingui.Feature",
            PROTECT,
            null=True,
            default=None,
            related_name=f"links_{kind}{lower}",
        ),
    }


def member_link_fields(
    host: str, host_related_name: str, registry: str
) -> dict[str, models.Field]:
    """``{<host>, <registry>}`` of a link without a feature (``Schema<Registry>``)."""
    kind = host.lower()
    lower = registry.rsplit(".", 1)[-1].lower()
    return {
        kind: ForeignKey(f"lamingui.{host}", CASCADE, related_name=host_related_name),
        lower: ForeignKey(registry, PROTECT, related_name=f"links_{kind}"),
    }
