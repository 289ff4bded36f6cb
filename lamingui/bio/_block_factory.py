"""Builder of the attached block models of ``lamingui.bio`` and ``lamingui.pert``.

Each registry gets a ``<Registry>Block`` like the core's ``RecordBlock``: a
versioned readme or comments on one row, with a ``CASCADE`` foreign key named
after the lower-cased registry (``celltype``, ``compound``) whose reverse
accessor is ``ablocks``. That accessor is what gives the registry
``obj.notes``, the notes services and the admin's notes panel.
"""

from __future__ import annotations

from django.db import models
from django.db.models import CASCADE

from ..models.base import BaseSQLRecord
from ..models.blocks import BaseBlock, HasBranch, _attached_init


def block_model(app_label: str, registry: str, module: str, table: str) -> type:
    """The concrete ``<registry>Block`` of ``app_label`` in ``module``, table ``table``.

    Args:
        app_label: ``"bionty"`` or ``"pertdb"``.
        registry: the annotated registry's class name, e.g. ``"CellType"``.
        module: the module the class is defined in (its ``__module__``).
        table: the database table, e.g. ``"bionty_celltypeblock"``.
    """
    host = registry.lower()
    name = f"{registry}Block"
    meta = type(
        "Meta",
        (),
        {"app_label": app_label, "db_table": table, "base_manager_name": "objects"},
    )
    attrs = {
        "__module__": module,
        "__qualname__": name,
        "__doc__": f"Notes on a {registry}: a versioned readme or comments.",
        host: models.ForeignKey(
            f"{app_label}.{registry}", CASCADE, related_name="ablocks"
        ),
        "_host_field": host,
        "_name_field": "content",
        "Meta": meta,
        "__str__": BaseBlock.__str__,
        "__init__": _attached_init,
    }
    return type(name, (BaseSQLRecord, BaseBlock, HasBranch), attrs)
