"""Id boxes for relations to big registries, space-checked (gui.md §5.2, §8.3).

A ``<select>`` lists every row of the related table: with 100,000 runs or
records a change page would carry megabytes of ``<option>``. Relations to
those registries render as Django's raw-id box (an id field, a lookup popup on
the related changelist, the current value's name) instead; the small
governance tables (``SELECT_TABLES``) keep their dropdowns.

The form field keeps the space-filtered queryset that a dropdown would have
had, so an id the user may not read is refused on save. The widget names the
current value only when it is in that queryset: an id box never reveals the
name of an object in a space the user may not read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db import models

#: related registries shown as a dropdown: a handful of rows per instance
SELECT_TABLES = frozenset({"Space", "Branch", "Storage"})


def id_box_relations(model: type[models.Model]) -> tuple[str, ...]:
    """Editable foreign keys and many-to-many fields rendered as id boxes.

    Every relation except those to ``SELECT_TABLES``; many-to-many fields only
    with Django's own link table (others are not on the form) and not private.
    """
    foreign_keys = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.editable
        and f.related_model.__name__ not in SELECT_TABLES
    ]
    many = [
        f.name
        for f in model._meta.many_to_many
        if f.editable
        and f.remote_field.through._meta.auto_created
        and not f.name.startswith("_")
        and f.related_model.__name__ not in SELECT_TABLES
    ]
    return tuple(foreign_keys + many)


class VisibleRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id box that names its value only if the user may see that object.

    ``queryset`` is the form field's (space-filtered) queryset; ``params`` are
    extra query parameters for the lookup popup (``is_type=1`` for ``type``).
    """

    def __init__(
        self,
        rel: Any,
        admin_site: Any,
        queryset: models.QuerySet,
        params: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset
        self.params = params or {}

    def url_parameters(self) -> dict[str, str]:
        return {**super().url_parameters(), **self.params}

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        key = self.rel.get_related_field().name
        try:
            visible = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            return "", ""
        if not visible:
            return "", ""
        return super().label_and_url_for_value(value)
