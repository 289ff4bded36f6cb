"""System checks that enforce the mixins' contracts (Wagtail-style)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist


@checks.register(checks.Tags.models)
def check_mixin_contracts(app_configs: Any = None, **kwargs: Any) -> list:
    """``HasType`` needs a self-FK ``type``; ``HasParents`` a self M2M ``parents``."""
    from .models.mixins import HasParents, HasType  # noqa: PLC0415 - after app loading

    errors = []
    for model in apps.get_app_config("lamingui").get_models():
        if issubclass(model, HasType):
            errors += _self_relation(model, "type", "E001", many=False)
        if issubclass(model, HasParents):
            errors += _self_relation(model, "parents", "E002", many=True)
        if hasattr(model, "_len_stem_uid"):
            uid = model._meta.get_field("uid")
            if uid.max_length != model._len_full_uid:
                errors.append(
                    checks.Error(
                        f"{model.__name__}.uid max_length must be "
                        f"{model._len_full_uid}",
                        obj=model,
                        id="lamingui.E003",
                    )
                )
    return errors


def _self_relation(model: type, name: str, code: str, many: bool) -> list:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    ok = (
        field is not None
        and field.related_model is model
        and bool(field.many_to_many) == many
    )
    if ok:
        return []
    kind = "many-to-many" if many else "foreign key"
    return [
        checks.Error(
            f"{model.__name__} uses a mixin that needs a self {kind} named '{name}'",
            obj=model,
            id=f"lamingui.{code}",
        )
    ]
