"""Builders that go through the public API (``ln.<Registry>(...).save()``)."""

from __future__ import annotations

from itertools import count
from pathlib import Path
from typing import Any

import lamingui as ln
from lamingui.bio import _REGISTRIES as bio_registry_names
from lamingui.pert import _REGISTRIES as pert_registry_names

_n = count()


def _name(prefix: str) -> str:
    return f"{prefix}-{next(_n)}"


def make_record(**overrides: Any) -> Any:
    return ln.Record(**{"name": _name("record"), **overrides}).save()


def make_ulabel(**overrides: Any) -> Any:
    return ln.ULabel(**{"name": _name("ulabel"), **overrides}).save()


def make_project(**overrides: Any) -> Any:
    return ln.Project(**{"name": _name("project"), **overrides}).save()


def make_reference(**overrides: Any) -> Any:
    return ln.Reference(**{"name": _name("reference"), **overrides}).save()


def make_feature(**overrides: Any) -> Any:
    return ln.Feature(**{"name": _name("feature"), "dtype": "str", **overrides}).save()


def make_schema(**overrides: Any) -> Any:
    if "features" not in overrides and not overrides.get("is_type"):
        overrides["features"] = [make_feature()]
    return ln.Schema(**{"name": _name("schema"), **overrides}).save()


def make_transform(**overrides: Any) -> Any:
    return ln.Transform(**{"key": _name("transform") + ".py", **overrides}).save()


def make_run(**overrides: Any) -> Any:
    transform = overrides.pop("transform", None) or make_transform()
    return ln.Run(transform, **overrides).save()


def make_file(
    folder: Path, content: str = "a,b\n1,2\n", name: str | None = None
) -> Path:
    path = folder / (name or f"{_name('file')}.csv")
    path.write_text(content)
    return path


def make_artifact(folder: Path, **overrides: Any) -> Any:
    path = make_file(folder, content=f"a,b\n{next(_n)},2\n")
    return ln.Artifact(path, **{"key": f"data/{path.name}", **overrides}).save()


def make_collection(folder: Path, **overrides: Any) -> Any:
    artifacts = [make_artifact(folder), make_artifact(folder)]
    return ln.Collection(artifacts, **{"key": _name("collection"), **overrides}).save()


def link_schema(artifact: Any, schema: Any, slot: str | None = None) -> Any:
    """Validate ``artifact`` against ``schema`` in ``slot`` (an ArtifactSchema row)."""
    return ln.models.ArtifactSchema(artifact=artifact, schema=schema, slot=slot).save()


def make_user(**overrides: Any) -> Any:
    return ln.User(**{"handle": _name("user"), **overrides}).save()


def make_jsonvalue(**overrides: Any) -> Any:
    feature = overrides.pop("feature", None) or make_feature()
    return ln.JsonValue(feature=feature, value=overrides.pop("value", next(_n))).save()


def make_space(**overrides: Any) -> Any:
    return ln.Space(**{"name": _name("space"), **overrides}).save()


def make_branch(**overrides: Any) -> Any:
    return ln.Branch(**{"name": _name("branch"), **overrides}).save()


def make_block(**overrides: Any) -> Any:
    return ln.Block(
        **{
            "key": "README.md",
            "content": _name("content"),
            "kind": "readme",
            **overrides,
        }
    ).save()


# -- generic builders (added for the parametrized model tests) -----------------


def make_storage(folder: Path, **overrides: Any) -> Any:
    return ln.Storage(folder / _name("storage"), **overrides).save()


def make_attached_block(model: type, folder: Path, **overrides: Any) -> Any:
    """A readme on a fresh host object, e.g. ``make_attached_block(RecordBlock, f)``."""
    host = model._host_field
    if host not in overrides:
        overrides[host] = make_any(model._meta.get_field(host).related_model, folder)
    return model(**{"content": _name("note"), "kind": "readme", **overrides}).save()


# -- bio registries (lamingui.bio, app label "bionty") --------------------------


def _bt() -> Any:
    import lamingui.bio as bt  # noqa: PLC0415 - the bio models need Django set up

    return bt


def make_organism(**overrides: Any) -> Any:
    return _bt().Organism(**{"name": _name("organism"), **overrides}).save()


def make_bio_source(**overrides: Any) -> Any:
    """A user ``bt.Source`` row (no data behind it)."""
    defaults = {
        "entity": "bionty.CellType",
        "organism": "all",
        "name": _name("source"),
        "version": "1",
    }
    return _bt().Source(**{**defaults, **overrides}).save()


def make_bio(registry: str, **overrides: Any) -> Any:
    """A saved record of ``bt.<registry>``, e.g. ``make_bio("CellType")``.

    Registries that require an organism get a fresh one unless passed.
    """
    model = getattr(_bt(), registry)
    name_field = model._name_field
    if model.requires_organism_column() and "organism" not in overrides:
        overrides["organism"] = make_organism()
    return model(**{name_field: _name(registry.lower()), **overrides}).save()


#: the bio registries with a builder of their own above (not Organism, Source)
_BIO_REGISTRIES = tuple(
    name for name in bio_registry_names if name not in {"Organism", "Source"}
)

# -- pertdb registries (lamingui.pert, app label "pertdb") ------------------------


def make_pert(registry: str, **overrides: Any) -> Any:
    """A saved record of ``pt.<registry>``, e.g. ``make_pert("Compound")``."""
    import lamingui.pert as pt  # noqa: PLC0415 - the pert models need Django set up

    if registry == "Biologic":
        overrides.setdefault("type", "protein")
    model = getattr(pt, registry)
    return model(**{"name": _name(registry.lower()), **overrides}).save()


_PERT_REGISTRIES = pert_registry_names

_BUILDERS: dict[str, Any] = {
    "Artifact": make_artifact,
    "Block": lambda folder: make_block(),
    "Branch": lambda folder: make_branch(),
    "Collection": make_collection,
    "Feature": lambda folder: make_feature(),
    "JsonValue": lambda folder: make_jsonvalue(),
    "Project": lambda folder: make_project(),
    "Record": lambda folder: make_record(),
    "Reference": lambda folder: make_reference(),
    "Run": lambda folder: make_run(),
    "Schema": lambda folder: make_schema(),
    "Space": lambda folder: make_space(),
    "Storage": make_storage,
    "Transform": lambda folder: make_transform(),
    "ULabel": lambda folder: make_ulabel(),
    "User": lambda folder: make_user(),
    # bio registries (their link models are built by ``build_link``)
    "Organism": lambda folder: make_organism(),
    "Source": lambda folder: make_bio_source(),
    **{name: (lambda folder, n=name: make_bio(n)) for name in _BIO_REGISTRIES},
    # pertdb registries (their link models are built by ``build_link``)
    **{name: (lambda folder, n=name: make_pert(n)) for name in _PERT_REGISTRIES},
}

#: values for required non-relation columns of link models
_LINK_EXTRAS = {"role": "admin", "value": {"a": 1}}


def build_link(model: type, folder: Path, **overrides: Any) -> Any:
    """An unsaved link row whose required foreign keys point at fresh objects.

    Nullable foreign keys (``feature`` on annotation links, the tracking ``run``)
    stay unset unless passed.
    """
    kwargs: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in overrides or field.name == "created_by":
            continue
        if field.is_relation:
            if not field.null:
                kwargs[field.name] = make_any(field.related_model, folder)
        elif field.name in _LINK_EXTRAS and not field.null:
            kwargs[field.name] = _LINK_EXTRAS[field.name]
    return model(**kwargs, **overrides)


def make_any(model: type, folder: Path) -> Any:
    """A saved row of any lamingui model: registry, block or link."""
    from lamingui.models import IsLink  # noqa: PLC0415 - after Django setup

    builder = _BUILDERS.get(model.__name__)
    if builder is not None:
        return builder(folder)
    if getattr(model, "_host_field", None):
        return make_attached_block(model, folder)
    if issubclass(model, IsLink):
        return build_link(model, folder).save()
    raise LookupError(f"no builder for {model.__name__}: add one to tests/factories")


def build_version(
    model: type, folder: Path, revises: Any = None, **overrides: Any
) -> Any:
    """An unsaved member of a version family with fresh content.

    Without ``revises`` it starts a new family; with it, it is the next version.
    """
    name = model.__name__
    if name == "Transform":
        if revises is None:
            overrides.setdefault("key", _name("transform") + ".py")
        return ln.Transform(source_code=_name("code"), revises=revises, **overrides)
    if name == "Artifact":
        if revises is None:
            overrides.setdefault("key", f"data/{_name('versioned')}.csv")
        path = make_file(folder, content=f"v,{_name('row')}\n")
        return ln.Artifact(path, revises=revises, **overrides)
    if name == "Collection":
        if revises is None:
            overrides.setdefault("key", _name("collection"))
        return ln.Collection([make_artifact(folder)], revises=revises, **overrides)
    if name == "Block":
        return ln.Block(
            content=_name("page"), kind="readme", revises=revises, **overrides
        )
    host = model._host_field
    if host not in overrides:
        overrides[host] = (
            getattr(revises, host)
            if revises is not None
            else make_any(model._meta.get_field(host).related_model, folder)
        )
    return model(content=_name("note"), kind="readme", revises=revises, **overrides)
