"""Which link table holds a host's labels and feature values (models.md §4.2).

Shared by the feature manager and the label manager. A host is an Artifact, Run,
Record or Collection; each (host, label registry) pair has at most one link
model. Reads here cost one query per link model, never one per value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connections, models

from .. import context
from ._dtypes import registry_name
from ._names import get_name_field
from .links import (
    ArtifactArtifact,
    ArtifactJsonValue,
    ArtifactProject,
    ArtifactRecord,
    ArtifactReference,
    ArtifactRun,
    ArtifactSchema,
    ArtifactULabel,
    ArtifactUser,
    CollectionProject,
    CollectionRecord,
    CollectionReference,
    CollectionULabel,
    RecordArtifact,
    RecordCollection,
    RecordJson,
    RecordProject,
    RecordRecord,
    RecordReference,
    RecordRun,
    RecordTransform,
    RecordULabel,
    RecordUser,
    RunArtifact,
    RunJsonValue,
    RunProject,
    RunRecord,
    RunULabel,
    SchemaFeature,
)
from .querysets import has_branch


@dataclass(frozen=True)
class LinkSpec:
    """A link model seen from its host: ``ArtifactULabel`` for artifact ulabels."""

    model: type[models.Model]
    host_field: str
    """FK to the host, e.g. ``artifact``."""
    label_field: str
    """FK to the label, e.g. ``ulabel`` (``value`` on record value tables)."""
    accessor: str | None
    """Host relation for plain labels (``artifact.ulabels``); ``None``: none."""

    @property
    def registry(self) -> type[models.Model]:
        return self.model._meta.get_field(self.label_field).related_model

    @property
    def has_feature(self) -> bool:
        return any(f.name == "feature" for f in self.model._meta.concrete_fields)

    def rows(self, host: Any) -> Any:
        """Link rows of ``host`` in insertion order."""
        manager = self.model.objects.using(host._state.db)
        return manager.filter(**{f"{self.host_field}_id": host.pk}).order_by("id")

    def new(self, host: Any, label_id: int, feature_id: int | None) -> Any:
        kwargs = {f"{self.host_field}_id": host.pk, f"{self.label_field}_id": label_id}
        if feature_id is not None:
            kwargs["feature_id"] = feature_id
        return self.model(**kwargs)

    def row(self, host: Any, label_id: int, feature_id: int | None) -> dict:
        """The column values of a new link row (``insert_ignoring_conflicts``)."""
        row = {f"{self.host_field}_id": host.pk, f"{self.label_field}_id": label_id}
        if feature_id is not None:
            row["feature_id"] = feature_id
        return row


LINKS: dict[str, tuple[tuple[type, str, str | None], ...]] = {
    "Artifact": (
        (ArtifactULabel, "ulabel", "ulabels"),
        (ArtifactRecord, "record", "records"),
        (ArtifactProject, "project", "projects"),
        (ArtifactReference, "reference", "references"),
        (ArtifactUser, "user", "users"),
        (ArtifactRun, "run", None),
        (ArtifactArtifact, "value", "artifacts"),
    ),
    "Collection": (
        (CollectionULabel, "ulabel", "ulabels"),
        (CollectionRecord, "record", "records"),
        (CollectionProject, "project", "projects"),
        (CollectionReference, "reference", "references"),
    ),
    "Run": (
        (RunRecord, "record", "records"),
        (RunArtifact, "artifact", "linked_artifacts"),
        (RunULabel, "ulabel", "ulabels"),
        (RunProject, "project", "projects"),
    ),
    "Record": tuple(
        (model, "value", None)
        for model in (
            RecordRecord,
            RecordULabel,
            RecordProject,
            RecordReference,
            RecordUser,
            RecordArtifact,
            RecordRun,
            RecordTransform,
            RecordCollection,
        )
    ),
}
#: where simple (JSON) values live: Record rows, or links to shared JsonValues
JSON_LINKS: dict[str, type[models.Model]] = {
    "Record": RecordJson,
    "Artifact": ArtifactJsonValue,
    "Run": RunJsonValue,
}


def _values_sql(
    model: type[models.Model],
    objs: list[Any],
    connection: Any,
    *,
    cast: bool = False,
    skip: str | None = None,
) -> tuple[list[Any], str, list[Any]]:
    """``(fields, "(%s, ...), (%s, ...)", params)`` of new rows of ``model``.

    ``objs`` are model instances or ``{attname: value}`` dicts; fields missing
    from a dict get their default, computed once for the whole batch. ``cast``
    types every placeholder (a ``VALUES`` list in a ``WITH`` clause has no
    target columns to take its types from). ``skip`` leaves out one column.
    """
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname != skip
    ]
    plain = [not isinstance(f, models.JSONField) for f in fields]
    if cast:
        holders = [f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields]
    else:
        holders = ["%s"] * len(fields)
    row = "(" + ", ".join(holders) + ")"
    defaults: dict[str, Any] = {}
    params: list[Any] = []
    for obj in objs:
        for f, is_plain in zip(fields, plain, strict=True):
            if isinstance(obj, dict):
                if f.attname in obj:
                    value = obj[f.attname]
                else:
                    if f.attname not in defaults:
                        defaults[f.attname] = f.get_default()
                    value = defaults[f.attname]
            else:
                value = getattr(obj, f.attname)
            if not (is_plain and (value is None or isinstance(value, int | str))):
                value = f.get_db_prep_save(value, connection)
            params.append(value)
    return fields, ", ".join([row] * len(objs)), params


def insert_ignoring_conflicts(
    model: type[models.Model],
    objs: list[Any],
    using: str,
    returning: tuple[str, ...] = (),
) -> list[tuple]:
    """``INSERT ... ON CONFLICT DO NOTHING`` of ``objs`` in one statement.

    ``returning`` names fields whose values come back for the inserted rows
    (conflicting rows return nothing). ``objs`` are model instances or
    ``{attname: value}`` dicts; fields missing
    from a dict get their default, computed once for the whole batch. What
    ``bulk_create(ignore_conflicts=True)`` does, without constructing models or
    compiling every value through Django's insert compiler: annotating many
    hosts writes thousands of small batches of a few ids and a timestamp.
    """
    if not objs:
        return []
    connection = connections[using]
    meta = model._meta
    quote = connection.ops.quote_name
    fields, values, params = _values_sql(model, objs, connection)
    columns = ", ".join(quote(f.column) for f in fields)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608 - names from model meta
        " ON CONFLICT DO NOTHING"
    )
    if returning:  # the inserted rows only (SQLite >= 3.35, PostgreSQL)
        columns = [quote(meta.get_field(name).column) for name in returning]
        sql += " RETURNING " + ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if returning else []


def link_json_values_and_labels(
    link: type[models.Model],
    host_row: dict[str, Any],
    values: list[dict[str, Any]],
    labels: list[tuple[type[models.Model], list[dict[str, Any]]]],
    using: str,
) -> bool:
    """PostgreSQL: all writes of one ``add_values`` call in one statement.

    ``values`` are the wanted ``JsonValue`` rows (``feature_id``, ``value``,
    ``hash``): the missing ones are inserted, and ``link`` rows (``host_row``
    plus ``jsonvalue_id``) join the host to all of them; ``labels`` are
    ``(link model, rows)`` inserted as they are. Conflicting rows are skipped,
    as ``insert_ignoring_conflicts`` does. One round trip instead of one per
    table plus the ``JsonValue`` lookup: on a server the round trips, not the
    rows, cost the time.

    Returns ``False`` when a wanted ``JsonValue`` was inserted concurrently by
    another writer (this statement's snapshot does not see it, so its link is
    missing); the caller then links the values the plain way.
    """
    from .json_value import JsonValue  # noqa: PLC0415 - json_value imports links

    connection = connections[using]
    quote = connection.ops.quote_name
    parts: list[str] = []
    params: list[Any] = []
    if values:
        table = quote(JsonValue._meta.db_table)
        fields, rows, row_params = _values_sql(JsonValue, values, connection, cast=True)
        columns = ", ".join(quote(f.column) for f in fields)
        same = " AND ".join(
            f"j.{quote(c)} = w.{quote(c)}" for c in ("feature_id", "hash")
        )
        link_fields, link_row, link_params = _values_sql(
            link, [host_row], connection, cast=True, skip="jsonvalue_id"
        )
        link_columns = ", ".join(quote(f.column) for f in link_fields)
        parts += [
            f"wanted ({columns}) AS (VALUES {rows})",
            f"new_values AS (INSERT INTO {table} ({columns}) SELECT * FROM wanted w "  # noqa: S608 - names from model meta
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} j WHERE {same}) "
            "ON CONFLICT DO NOTHING RETURNING id)",
            f"ids AS (SELECT j.id FROM {table} j JOIN wanted w ON {same} "  # noqa: S608 - names from model meta
            "UNION ALL SELECT id FROM new_values)",
            f"json_links AS (INSERT INTO {quote(link._meta.db_table)} "  # noqa: S608 - names from model meta
            f"({link_columns}, {quote('jsonvalue_id')}) "
            f"SELECT {link_row[1:-1]}, ids.id FROM ids "
            "ON CONFLICT DO NOTHING)",
        ]
        params += row_params + link_params
    for k, (model, model_rows) in enumerate(labels):
        if not model_rows:
            continue
        fields, rows, row_params = _values_sql(model, model_rows, connection)
        columns = ", ".join(quote(f.column) for f in fields)
        parts.append(
            f"labels_{k} AS (INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 - names from model meta
            f"VALUES {rows} ON CONFLICT DO NOTHING)"
        )
        params += row_params
    if not parts:
        return True
    last = "SELECT count(*) FROM ids" if values else "SELECT 0"
    with connection.cursor() as cursor:
        cursor.execute("WITH " + ", ".join(parts) + " " + last, params)
        (found,) = cursor.fetchone()
    return not values or found == len(values)


_APP_LINKS: dict[str, tuple[tuple[type, str, str | None], ...]] = {}
#: FKs of a link model that are neither its host nor its label
_NOT_LABELS = frozenset({"feature", "created_by", "run", "branch", "space"})


def app_links(host_name: str) -> tuple[tuple[type, str, str | None], ...]:
    """Link models that other apps (bionty, pertdb) define for this host.

    A link model outside the core app with a foreign key named after the host
    (``artifact``, ``record``) and exactly one other label foreign key, e.g.
    ``bionty.ArtifactCellType(artifact, celltype, feature)``. Found once through
    Django's app registry: no code here names those apps.
    """
    found = _APP_LINKS.get(host_name)
    if found is not None:
        return found
    host_field = host_name.lower()
    out = []
    if host_name != "Run":  # a run host's FK would clash with TracksRun.run
        host_model = apps.get_model("lamingui", host_name)
        for model in apps.get_models():
            if model._meta.app_label == "lamingui":
                continue
            fks = {
                f.name: f
                for f in model._meta.concrete_fields
                if f.is_relation and f.many_to_one
            }
            host_fk = fks.get(host_field)
            if host_fk is None or host_fk.related_model is not host_model:
                continue
            labels = [n for n in fks if n != host_field and n not in _NOT_LABELS]
            if len(labels) != 1:
                continue
            out.append((model, labels[0], _accessor(model, fks[labels[0]])))
    _APP_LINKS[host_name] = found = tuple(out)
    return found


def _accessor(link: type, label_fk: Any) -> str | None:
    """The host's relation to the labels through ``link`` (``cell_types``)."""
    for m2m in label_fk.related_model._meta.many_to_many:
        if m2m.remote_field.through is link:
            return m2m.remote_field.related_name
    return None


_SPECS: dict[str, tuple[tuple[LinkSpec, ...], tuple[LinkSpec, ...]]] = {}


def _specs(host: Any) -> tuple[tuple[LinkSpec, ...], tuple[LinkSpec, ...]]:
    """``(all link specs, those with a feature column)`` of a host class, cached."""
    name = type(host).__name__
    found = _SPECS.get(name)
    if found is None:
        specs = tuple(
            LinkSpec(model, name.lower(), label, accessor)
            for model, label, accessor in (*LINKS.get(name, ()), *app_links(name))
        )
        found = _SPECS[name] = (specs, tuple(s for s in specs if s.has_feature))
    return found


def link_specs(host: Any) -> list[LinkSpec]:
    return list(_specs(host)[0])


def feature_specs(host: Any) -> list[LinkSpec]:
    """The link models that can store a label under a feature."""
    return list(_specs(host)[1])


def spec_for(host: Any, registry: str, *, with_feature: bool) -> LinkSpec | None:
    for spec in _specs(host)[1 if with_feature else 0]:
        if registry_name(spec.registry) == registry:
            return spec
    return None


def visible_rows_in(
    model: type[models.Model],
    using: str | None,
    field_name: str,
    values: list[Any],
    **equals: Any,
) -> list[Any]:
    """Visible rows whose ``field_name`` is in ``values`` (and whose fields equal
    ``equals``; a list means ``IN``), ordered by id, as model instances.

    ``visible(model).filter(...)`` written as one raw query: for the small
    lookups of feature annotation, compiling the ORM query costs several times
    more than running it, and ``add_values`` runs them once per host.
    """
    if not values:
        return []
    connection = connections[using or "default"]
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    conditions = [(field_name, list(values))]
    if has_branch(model):
        conditions.append(("branch", context.default_branch_ids()))
    conditions += list(equals.items())
    where, params = [], []
    for name, value in conditions:
        field = meta.get_field(name)
        column = f"{table}.{quote(field.column)}"
        if isinstance(value, list):
            where.append(f"{column} IN ({', '.join(['%s'] * len(value))})")
            params += [field.get_db_prep_value(v, connection) for v in value]
        else:
            where.append(f"{column} = %s")
            params.append(field.get_db_prep_value(value, connection))
    sql = (
        f"SELECT * FROM {table} WHERE {' AND '.join(where)} "  # noqa: S608 - names from model meta
        f"ORDER BY {table}.{quote(meta.pk.column)}"
    )
    return list(model.objects.using(using).raw(sql, params))


def visible(model: type[models.Model], using: str | None) -> Any:
    """Rows outside trash and archive (registries without branches: all)."""
    qs = model.objects.using(using)
    if has_branch(model):
        qs = qs.filter(branch_id__in=context.default_branch_ids())
    return qs


def label_value(label: Any, field: str | None = None) -> Any:
    """The label's value in ``field`` (default: name field; uid if that is empty)."""
    value = getattr(label, field or get_name_field(label), None)
    return value if value is not None else getattr(label, "uid", label.pk)


def feature_labels(host: Any) -> dict[int, list[Any]]:
    """``{feature_id: [label, ...]}`` in link order; trashed labels are skipped."""
    using = host._state.db
    found: list[tuple[int, int, type, int]] = []
    for spec in feature_specs(host):
        rows = spec.rows(host).filter(feature__isnull=False)
        found += [
            (link_id, feature_id, spec.registry, label_id)
            for link_id, feature_id, label_id in rows.values_list(
                "id", "feature_id", f"{spec.label_field}_id"
            )
        ]
    ids_by_model: dict[type, set[int]] = defaultdict(set)
    for _, _, model, label_id in found:
        ids_by_model[model].add(label_id)
    labels = {
        (model, label.pk): label
        for model, ids in ids_by_model.items()
        for label in visible(model, using).filter(pk__in=ids)
    }
    out: dict[int, list[Any]] = defaultdict(list)
    for _, feature_id, model, label_id in sorted(found, key=lambda row: row[0]):
        label = labels.get((model, label_id))
        if label is not None:
            out[feature_id].append(label)
    return dict(out)


def json_values(host: Any) -> dict[int, list[Any]]:
    """``{feature_id: [stored JSON value, ...]}`` in link order."""
    name = type(host).__name__
    link = JSON_LINKS.get(name)
    if link is None:
        return {}
    rows = link.objects.using(host._state.db).filter(**{f"{name.lower()}_id": host.pk})
    if name == "Record":
        pairs = rows.order_by("id").values_list("feature_id", "value")
    else:
        pairs = rows.order_by("id").values_list(
            "jsonvalue__feature_id", "jsonvalue__value"
        )
    out: dict[int, list[Any]] = defaultdict(list)
    for feature_id, value in pairs:
        if feature_id is not None:  # a JsonValue may lack a feature: not a value
            out[feature_id].append(value)
    return dict(out)


def dataset_feature_ids(host: Any) -> set[int]:
    """Members of an artifact's ``itype="Feature"`` schemas (its dataset features)."""
    if type(host).__name__ != "Artifact" or host.pk is None:
        return set()
    schemas = ArtifactSchema.objects.using(host._state.db).filter(
        artifact_id=host.pk, schema__itype="Feature"
    )
    rows = SchemaFeature.objects.using(host._state.db).filter(
        schema_id__in=schemas.values("schema_id")
    )
    return set(rows.values_list("feature_id", flat=True))
