"""Contract tests per mixin, parametrized over every registry that has the mixin."""

from __future__ import annotations

import shutil
from typing import Any

import graphviz
import pytest
from django.db import IntegrityError as DjangoIntegrityError
from django.db import transaction

import lamingui as ln
from lamingui import context
from lamingui.errors import IntegrityError
from lamingui.models._names import get_name_field
from lamingui.models.querysets import has_branch
from tests import factories
from tests.factories import build_version, make_any, make_record, make_run, make_user

from ._models import (
    ALL_MODELS,
    CURATED,
    TRACKS_RUN,
    TYPED,
    VERSIONED,
    WITH_PARENTS,
    has_field,
    params,
)

pytestmark = pytest.mark.django_db


def make(model: type, **overrides: Any) -> Any:
    """``tests.factories.make_<registry>``: a new registry needs a builder there."""
    return getattr(factories, f"make_{model.__name__.lower()}")(**overrides)


# -- IsVersioned (models.md §1.2, §2.5; api.md §4) ------------------------------

#: stem length per models.md §1.2; every other versioned registry uses 16
STEM_LENGTH = {"Transform": 12}


@pytest.mark.parametrize("model", params(VERSIONED))
def test_versioned_new_family_starts_at_suffix_0000(model, folder):
    record = build_version(model, folder).save()
    stem = STEM_LENGTH.get(model.__name__, 16)
    assert (model._len_stem_uid, model._len_full_uid) == (stem, stem + 4)
    assert len(record.uid) == stem + 4
    assert record.uid.endswith("0000")
    assert record.version == "0000"
    assert record.is_latest is True


@pytest.mark.parametrize("model", params(VERSIONED))
def test_versioned_revises_takes_next_suffix_and_demotes_head(model, folder):
    v1 = build_version(model, folder).save()
    v2 = build_version(model, folder, revises=v1)
    assert v2.stem_uid == v1.stem_uid
    assert v2.uid == v1.stem_uid + "0001"
    assert model.objects.get(pk=v1.pk).is_latest  # nothing written before save
    v2.save()
    assert v1.is_latest is False  # the object passed as `revises` is updated too
    assert model.objects.get(pk=v1.pk).is_latest is False
    assert model.objects.get(pk=v2.pk).is_latest is True
    v3 = build_version(model, folder, revises=v2).save()
    assert v3.uid.endswith("0002")
    latest = model.objects.filter(uid__startswith=v1.stem_uid, is_latest=True)
    assert list(latest) == [v3]


@pytest.mark.parametrize("model", params(VERSIONED))
def test_versioned_failed_insert_keeps_the_old_head(model, folder):
    v1 = build_version(model, folder).save()
    v2 = build_version(model, folder, revises=v1)
    v2.uid = v1.uid  # the insert violates the unique uid
    with pytest.raises(DjangoIntegrityError), transaction.atomic():
        v2.save()
    assert model.objects.get(pk=v1.pk).is_latest is True


@pytest.mark.parametrize("model", params(VERSIONED))
def test_versioned_version_tag_rules(model, folder):
    v1 = build_version(model, folder, version="1.0").save()
    assert (v1.version, v1.version_tag) == ("1.0", "1.0")
    with pytest.raises(ValueError, match=r"'1\.0' is already taken"):
        build_version(model, folder, revises=v1, version="1.0")
    with pytest.raises(ValueError, match="must be `None` or `str`"):
        build_version(model, folder, revises=v1, version=2)
    v2 = build_version(model, folder, revises=v1, version="2.0").save()
    assert model.filter(version="2.0").get() == v2
    v2.version = "2.1"
    assert v2.version_tag == "2.1"


@pytest.mark.parametrize("model", params(VERSIONED))
def test_versioned_revises_must_be_of_the_same_registry(model, folder):
    host = getattr(model, "_host_field", None)
    extra = {}
    if host:  # the host cannot be taken from a record of another registry
        extra[host] = make_any(model._meta.get_field(host).related_model, folder)
    with pytest.raises(
        TypeError, match=f"`revises` has to be of type `{model.__name__}`"
    ):
        build_version(model, folder, revises=make_record(), **extra)


@pytest.mark.parametrize("model", params(VERSIONED))
def test_versioned_versions_and_get_by_stem(model, folder):
    v1 = build_version(model, folder).save()
    v2 = build_version(model, folder, revises=v1).save()
    build_version(model, folder).save()  # another family
    assert set(v1.versions) == {v1, v2}
    assert (v1.stem_uid, v2.version) == (v1.uid[: model._len_stem_uid], "0001")
    assert model.get(v1.stem_uid) == v2
    assert model.get(v1.uid) == v1
    if has_branch(model):  # versions hides the trash like filter() does
        model.objects.filter(pk=v2.pk).update(branch_id=-1)
        assert set(v1.versions) == {v1}


@pytest.mark.parametrize("model", params(VERSIONED))
def test_versioned_revising_a_demoted_head_raises(model, folder):
    v1 = build_version(model, folder).save()
    first = build_version(model, folder, revises=v1)
    second = build_version(model, folder, revises=v1)
    first.save()
    with pytest.raises(IntegrityError, match="Cannot revise a non-latest record"):
        second.save()
    assert model.objects.get(pk=first.pk).is_latest is True


def test_versioned_inferred_revises_moves_to_the_live_head():
    t1 = ln.Transform(key="pipeline.py", source_code="1").save()
    t2 = ln.Transform(key="pipeline.py", source_code="2")
    t3 = ln.Transform(key="pipeline.py", source_code="3")
    assert t2.uid == t3.uid == t1.stem_uid + "0001"
    t2.save()
    t3.save()
    assert t3.uid == t1.stem_uid + "0002"
    t2.refresh_from_db()
    assert (t2.is_latest, t3.is_latest) == (False, True)


def test_versioned_get_by_fields_prefers_the_latest():
    t1 = ln.Transform(key="pipeline.py", source_code="1").save()
    t2 = ln.Transform(key="pipeline.py", source_code="2").save()
    assert ln.Transform.get(key="pipeline.py") == t2
    assert ln.Transform.get(key="pipeline.py", is_latest=False) == t1
    t2.delete()  # default branch scoping applies to get(**fields)
    assert ln.Transform.get(key="pipeline.py") == t1


# -- HasType (models.md §2.6, §5.3; api.md §5.1) ---------------------------------


@pytest.mark.parametrize("model", params(TYPED))
def test_hastype_reverse_accessor_is_the_plural(model):
    plural = model.__name__.lower() + "s"
    top = make(model, is_type=True)
    member = make(model, type=top)
    assert model._meta.get_field("type").remote_field.related_name == plural
    assert list(getattr(top, plural).all()) == [member]
    assert (top.is_type, member.is_type) == (True, False)


@pytest.mark.parametrize("model", params(TYPED))
def test_hastype_assigning_a_non_type_raises(model):
    label = model.__name__.lower()
    no_type = make(model)
    message = (
        f"You can only assign a {label} with `is_type=True` as `type` "
        f"to another {label}"
    )
    with pytest.raises(ValueError, match=message):
        make(model, type=no_type)
    member = make(model)
    member.type = no_type
    with pytest.raises(ValueError, match=message):
        member.save()


@pytest.mark.parametrize("model", params(TYPED))
def test_hastype_record_cannot_be_its_own_type(model):
    label = model.__name__.lower()
    a_type = make(model, is_type=True)
    a_type.type = a_type
    with pytest.raises(
        ValueError, match=f"Cannot set type: {label} cannot be its own type"
    ):
        a_type.save()


@pytest.mark.parametrize("model", params(TYPED))
def test_hastype_cycles_are_rejected(model):
    top = make(model, is_type=True)
    middle = make(model, is_type=True, type=top)
    leaf = make(model, is_type=True, type=middle)
    top.type = leaf
    with pytest.raises(ValueError, match="Cannot set type: would create a cycle"):
        top.save()
    assert model.objects.get(pk=top.pk).type_id is None


@pytest.mark.parametrize("model", params(TYPED))
def test_hastype_query_types_and_query_members(model):
    top = make(model, is_type=True)
    middle = make(model, is_type=True, type=top)
    leaf = make(model, is_type=True, type=middle)
    members = [make(model, type=leaf), make(model, type=leaf)]
    direct = make(model, type=top)
    assert list(members[0].query_types()) == [leaf, middle, top]
    assert list(top.query_types()) == []
    query = getattr(top, f"query_{model.__name__.lower()}s")
    assert set(query()) == {middle, leaf, *members, direct}
    assert set(query(depth=1)) == {middle, direct}
    # a trashed ancestor hides itself and everything above it
    model.objects.filter(pk=middle.pk).update(branch_id=-1)
    assert list(members[0].query_types()) == [leaf]
    assert set(query()) == {direct}


@pytest.mark.parametrize("model", params(TYPED))
def test_hastype_trashing_a_type_trashes_descendants_not_restored(model):
    top = make(model, is_type=True)
    middle = make(model, is_type=True, type=top)
    members = [make(model, type=middle), make(model, type=top)]
    bystander = make(model)
    top.delete()
    rows = model.objects.filter(pk__in=[r.pk for r in (top, middle, *members)])
    assert set(rows.values_list("branch_id", flat=True)) == {-1}
    assert model.objects.get(pk=bystander.pk).branch_id == 1
    top.restore()
    assert model.objects.get(pk=top.pk).branch_id == 1
    assert model.objects.get(pk=middle.pk).branch_id == -1
    assert model.objects.get(pk=members[1].pk).branch_id == -1


@pytest.mark.parametrize("model", params(TYPED))
def test_hastype_members_inherit_the_type_emoji(model):
    a_type = make(model, is_type=True)
    a_type.emoji = "🧪"
    a_type.save()
    assert make(model, type=a_type).emoji == "🧪"
    assert make(model, type=a_type, _aux={"ei": "🔬"}).emoji == "🔬"
    a_type.emoji = None
    assert a_type._aux is None  # the last key removed: back to None


@pytest.mark.parametrize("model", params(TYPED))
def test_hastype_single_space_policy(model):
    space = factories.make_space()
    a_type = make(model, is_type=True, space=space)
    a_type._aux = {"ss": 1}
    a_type.save()
    assert make(model, type=a_type).space_id == space.id  # inherits the type's space
    member = make(model)
    member.type = a_type
    with pytest.raises(ValueError, match="space must match single-space type space"):
        member.save()


def test_hastype_record_type_cannot_nest_under_a_frame():
    frame = make_record(name="Frame", schema=factories.make_schema())
    assert frame.is_frame and not frame.is_page
    assert make_record(type=frame).is_data
    with pytest.raises(ValueError, match="no schema"):
        make_record(is_type=True, type=frame)


# -- HasParents (models.md §2.7; api.md §5.2) ------------------------------------


def _family(model: type) -> tuple[Any, Any, Any]:
    alpha, beta, gamma = (make(model, name=n) for n in ("Alpha", "Beta", "Gamma"))
    beta.parents.add(alpha)
    gamma.parents.add(beta)
    return alpha, beta, gamma


@pytest.mark.parametrize("model", params(WITH_PARENTS))
def test_hasparents_queries_are_transitive(model):
    alpha, beta, gamma = _family(model)
    delta = make(model)
    delta.parents.add(gamma)
    make(model).parents.add(make(model))  # an unrelated pair
    assert set(gamma.query_parents()) == {alpha, beta}
    assert set(beta.query_parents()) == {alpha}
    assert set(alpha.query_parents()) == set()
    assert set(alpha.query_children()) == {beta, gamma, delta}
    assert set(gamma.query_children()) == {delta}


@pytest.mark.parametrize("model", params(WITH_PARENTS))
def test_hasparents_queries_stop_at_trashed_records(model):
    alpha, beta, gamma = _family(model)
    beta.delete()
    assert set(gamma.query_parents()) == set()
    assert set(alpha.query_children()) == set()


@pytest.mark.parametrize("model", params(WITH_PARENTS))
def test_hasparents_view_without_dot_returns_text(model, monkeypatch, capsys):
    _, beta, _ = _family(model)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    text = beta.view_parents(with_children=True)
    assert "Alpha -> Beta" in text
    assert "Beta -> Gamma" in text
    assert "Alpha -> Beta" in capsys.readouterr().out
    assert "Alpha" not in beta.view_children()


@pytest.mark.parametrize("model", params(WITH_PARENTS))
def test_hasparents_view_with_dot_returns_graph(model, monkeypatch):
    _, beta, _ = _family(model)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/dot")
    graph = beta.view_parents(with_children=True)
    assert isinstance(graph, graphviz.Digraph)
    assert "Alpha -> Beta" in graph.source
    assert "Beta -> Gamma" in graph.source
    assert "Alpha -> Beta" not in beta.view_parents(distance=0).source


# -- TracksRun / TracksUpdates (models.md §1.3, §1.4, §2.4) ------------------------

WITH_CREATOR = [
    m for m in ALL_MODELS if has_field(m, "created_by") and m.__name__ != "Space"
]
WITH_UPDATED_AT = [m for m in ALL_MODELS if has_field(m, "updated_at")]


@pytest.mark.parametrize("model", params(WITH_CREATOR))
def test_tracking_created_by_is_the_current_user(model, folder):
    default = make_any(model, folder)
    assert default.created_by.handle == context.current_handle()
    user = make_user()
    with context.acting_as(user_id=user.id):
        record = make_any(model, folder)
    assert record.created_by_id == user.id
    assert type(record).objects.get(pk=record.pk).created_by_id == user.id


@pytest.mark.parametrize("model", params(TRACKS_RUN))
def test_tracksrun_run_is_the_tracked_run(model, folder):
    assert make_any(model, folder).run_id is None
    run = make_run()
    with context.acting_as(run_id=run.id):
        record = make_any(model, folder)
    assert record.run_id == run.id


@pytest.mark.parametrize("model", params(WITH_UPDATED_AT))
def test_tracking_updated_at_refreshes_on_save(model, folder):
    record = make_any(model, folder)
    assert record.created_at is not None and record.updated_at is not None
    created, updated = record.created_at, record.updated_at
    record.save()
    assert record.updated_at > updated
    record.refresh_from_db()
    assert record.updated_at > updated
    assert record.created_at == created


# -- CanCurate (api.md §6) ----------------------------------------------------------

#: constructors that need more than the name field cannot create from values
NEEDS_MORE_THAN_A_NAME = {"Feature": "dtype", "Schema": "features"}


@pytest.mark.parametrize("model", params(CURATED))
def test_cancurate_validate_checks_the_name_field(model, folder):
    record = make_any(model, folder)
    value = getattr(record, get_name_field(model))
    assert model.validate([value, "not-in-the-registry"]).tolist() == [True, False]
    assert model.validate(value)  # one string in, one answer out
    if has_branch(model):
        record.delete()
        assert model.validate([value]).tolist() == [False]


@pytest.mark.parametrize("model", params(CURATED))
def test_cancurate_from_values_loads_existing(model, folder):
    record = make_any(model, folder)
    value = getattr(record, get_name_field(model))
    found = model.from_values([value, "not-in-the-registry", value])
    assert list(found) == [record]


@pytest.mark.parametrize(
    "model", params([m for m in CURATED if m.__name__ not in NEEDS_MORE_THAN_A_NAME])
)
def test_cancurate_from_values_create_builds_unsaved_records(model, folder):
    record = make_any(model, folder)
    field = get_name_field(model)
    found = model.from_values([getattr(record, field), "brand-new"], create=True)
    assert found[0] == record
    assert getattr(found[1], field) == "brand-new"
    assert found[1].pk is None
    assert not model.objects.filter(**{field: "brand-new"}).exists()
    found.save()
    assert model.objects.filter(**{field: "brand-new"}).count() == 1
