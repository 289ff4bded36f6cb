"""Admin pages of the bio registries, with the panels of core registries.

``lamingui.admin`` calls :func:`register` on import, so the pages exist before
the URLconf is built. Each bio model gets the admin class a core model with the
same mixins gets (``admin_bases``): a registry with ``parents`` (CellType,
Tissue, …) has the parents graph panel, every registry is in the global search
(``lamingui.panels.search.REGISTRIES``).
"""

from __future__ import annotations

from django.apps import apps

from ..admin.registry import admin_bases
from ..admin.site import site

#: the change page with the panel host; Django would look under ``admin/bionty/``
CHANGE_FORM_TEMPLATE = "admin/lamingui/change_form.html"


def id_box_fields(model: type) -> tuple[str, ...]:
    """Many-to-many fields shown as id boxes (``parents``, ``Pathway.genes``).

    An imported ontology has thousands of terms (Uberon 15k, Cellosaurus 167k):
    a multiple-select listing every one of them would make each change page huge.
    """
    return tuple(
        f.name
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created and not f.name.startswith("_")
    )


def register(app_label: str = "bionty") -> None:
    """Register every model of ``app_label`` that is not registered yet."""
    for model in apps.get_app_config(app_label).get_models():
        if model in site._registry:
            continue
        attrs = {
            "change_form_template": CHANGE_FORM_TEMPLATE,
            "raw_id_fields": id_box_fields(model),
        }
        admin_class = type(f"{model.__name__}Admin", admin_bases(model), attrs)
        site.register(model, admin_class)
