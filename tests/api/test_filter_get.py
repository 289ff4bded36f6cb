"""``Registry.filter()`` and ``Registry.get()`` (api.md §1.1-§1.3, §1.5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError, MultipleObjectsReturned

import lamingui as ln
from tests.factories import (
    make_feature,
    make_record,
    make_run,
    make_transform,
    make_ulabel,
)

pytestmark = pytest.mark.django_db


def available_fields(model) -> str:
    """The list that unknown-field errors print, built by the rule of api.md §1.3."""
    names = set()
    for f in model._meta.get_fields():
        if f.name.startswith(("_", "links_")):
            continue
        names.add(f.name)
        if f.concrete and (f.many_to_one or f.one_to_one):
            names.add(f.attname)
    if model.__name__ == "Artifact":
        names |= {"transform", "feature_sets"}
    return ", ".join(sorted(names))


@pytest.fixture
def trio(db):
    """Three records: live, trashed, archived."""
    live = make_record(name="r-live")
    trashed = make_record(name="r-trash")
    trashed.delete()
    archived = make_record(name="r-archive")
    archived.branch_id = 0
    archived.save()
    return live, trashed, archived


# -- filter ---------------------------------------------------------------------


def test_filter_lookups_and_q_objects():
    make_record(name="my label")
    make_record(name="other")
    assert ln.Record.filter(name__startswith="my").count() == 1
    assert ln.Record.filter(ln.Q(name="a") | ln.Q(name="my label")).count() == 1
    assert ln.Record.filter(~ln.Q(name="my label"), name__startswith="o").count() == 1
    assert ln.Record.filter(name__in=["my label", "other"]).count() == 2


def test_filter_follows_relations():
    kind = make_record(name="Sample", is_type=True)
    member = make_record(name="s1", type=kind)
    make_record(name="s2")
    assert list(ln.Record.filter(type__name="Sample")) == [member]
    assert list(ln.Record.filter(type=kind)) == [member]


def test_filter_returns_a_lazy_rich_queryset():
    qs = ln.Record.filter(name="later")
    assert isinstance(qs, ln.models.QuerySet)
    make_record(name="later")  # created after filter(): the set is evaluated lazily
    assert qs.count() == 1


def test_filter_hides_trash_and_archive(trio):
    live, _, _ = trio
    assert list(ln.Record.filter(name__startswith="r-")) == [live]
    assert list(ln.Record.filter()) == [live]
    assert ln.Record.filter(name="r-trash").count() == 0


def test_filter_with_a_branch_constraint_uses_it(trio):
    _, trashed, archived = trio
    assert list(ln.Record.filter(name__startswith="r-", branch_id=-1)) == [trashed]
    assert list(ln.Record.filter(name__startswith="r-", branch_id=0)) == [archived]
    assert ln.Record.filter(ln.Q(branch_id=-1), name="r-trash").count() == 1
    assert ln.Record.filter(branch__name="trash", name="r-trash").count() == 1


def test_filter_branch_none_searches_every_branch(trio):
    assert ln.Record.filter(name__startswith="r-", branch=None).count() == 3
    assert ln.Record.filter(name__startswith="r-", branch_id=None).count() == 3


@pytest.mark.parametrize("key", ["id", "uid", "id__in", "uid__in"])
def test_filter_by_id_or_uid_finds_trashed_rows(trio, key):
    _, trashed, _ = trio
    value = getattr(trashed, key.removesuffix("__in"))
    value = [value] if key.endswith("__in") else value
    assert list(ln.Record.filter(**{key: value})) == [trashed]


def test_manager_filter_is_not_branch_scoped(trio):
    assert ln.Record.objects.filter(name="r-trash").count() == 1
    assert ln.Record.objects.filter(name__startswith="r-").count() == 3


def test_filter_maps_version_to_version_tag():
    t = make_transform(key="p.py", version="1.0")
    assert list(ln.Transform.filter(key="p.py", version="1.0")) == [t]
    assert list(ln.Transform.filter(version__startswith="1.")) == [t]


def test_filter_maps_run_status_names_to_codes():
    run = make_run()
    status = run.status
    assert list(ln.Run.filter(status=status)) == [run]
    assert list(ln.Run.filter(status__in=[status, "aborted"])) == [run]
    assert list(ln.Run.filter(status=run._status_code)) == [run]
    with pytest.raises(ValueError) as error:
        ln.Run.filter(status="x")
    assert str(error.value) == (
        "Invalid Run status 'x'. Expected one of: 'scheduled', 'restarted', "
        "'started', 'completed', 'errored', 'aborted'."
    )


def test_filter_maps_feature_dtype_as_str():
    feature = make_feature(dtype="int")
    assert list(ln.Feature.filter(dtype_as_str="int")) == [feature]


def test_filter_feature_by_dtype_is_deprecated():
    feature = make_feature(dtype="int")
    with pytest.deprecated_call(match="Querying Feature by `dtype` is deprecated"):
        assert list(ln.Feature.filter(dtype="int")) == [feature]


def test_filter_using_selects_the_database():
    record = make_record()
    assert list(ln.Record.filter(using="default", uid=record.uid)) == [record]


def test_unknown_field_on_a_generic_registry_is_a_field_error():
    with pytest.raises(FieldError) as error:
        ln.ULabel.filter(nonexist=1)
    expected = (
        f"Unknown field 'nonexist'. Available fields: {available_fields(ln.ULabel)}"
    )
    assert str(error.value) == expected
    assert str(error.value).startswith(
        "Unknown field 'nonexist'. Available fields: ablocks"
    )


@pytest.mark.parametrize("name", ["Record", "Artifact", "Run"])
def test_unknown_field_on_a_feature_registry_is_invalid_argument(name):
    registry = getattr(ln, name)
    with pytest.raises(ln.errors.InvalidArgument) as error:
        registry.filter(nonexist=1)
    assert str(error.value) == (
        f"You can query either by available fields: {available_fields(registry)}\n"
        "Or fix invalid feature names: nonexist"
    )


@pytest.mark.parametrize(
    ("name", "key"),
    [("Project", "records"), ("Record", "records"), ("ULabel", "parents")],
)
def test_bare_string_on_a_relation_suggests_name(name, key):
    with pytest.raises(FieldError) as error:
        getattr(ln, name).filter(**{key: "somelabel"})
    assert str(error.value) == (
        f"Invalid lookup 'somelabel' for {key}. Did you mean {key}__name?"
    )


def test_get_with_a_bare_string_on_a_relation_suggests_name():
    with pytest.raises(FieldError, match=r"Did you mean records__name\?"):
        ln.Record.get(records="somelabel")


def test_filter_after_a_slice_is_a_type_error():
    make_ulabel(name="cell")
    with pytest.raises(TypeError, match="Cannot filter a query once a slice"):
        ln.ULabel.filter()[:1].filter(name="cell")


def test_filter_on_a_search_result_is_a_type_error():
    make_ulabel(name="cell")
    with pytest.raises(TypeError, match="Cannot filter a query once a slice"):
        ln.ULabel.search("cell").filter(name="cell")


# -- get ------------------------------------------------------------------------


def test_get_by_id_uid_prefix_and_name():
    r = make_record(name="my label")
    make_record(name="another")
    assert ln.Record.get(r.id) == r
    assert ln.Record.get(r.uid) == r
    assert ln.Record.get(r.uid[:8]) == r
    assert ln.Record.get(name="my label") == r


def test_get_by_id_ignores_expressions():
    r = make_record(name="a")
    assert ln.Record.get(r.id, name="something else") == r  # lamindb quirk


def test_get_by_id_or_uid_finds_trashed_records(trio):
    _, trashed, _ = trio
    assert ln.Record.get(trashed.id) == trashed
    assert ln.Record.get(trashed.uid) == trashed


def test_get_by_fields_hides_trash(trio):
    with pytest.raises(ln.Record.DoesNotExist):
        ln.Record.get(name="r-trash")
    with pytest.raises(ln.Record.DoesNotExist):
        ln.Record.get(name="r-archive")


@pytest.mark.parametrize(
    "expressions",
    [
        lambda r: {"uid": r.uid},
        lambda r: {"id": r.id},
        lambda r: {"name": r.name, "branch_id": -1},
        lambda r: {"name": r.name, "branch": None},
    ],
    ids=["uid", "id", "branch_id", "branch-None"],
)
def test_get_by_fields_follows_the_branch_rules(trio, expressions):
    _, trashed, _ = trio
    assert ln.Record.get(**expressions(trashed)) == trashed


def test_get_missing_id_raises_does_not_exist():
    with pytest.raises(ln.Record.DoesNotExist) as error:
        ln.Record.get(10**9)
    assert str(error.value) == "Record matching query does not exist."


@pytest.mark.parametrize(("name", "field"), [("Record", "name"), ("User", "handle")])
def test_get_unknown_uid_suggests_a_keyword(name, field):
    with pytest.raises(ln.errors.ObjectDoesNotExist) as error:
        getattr(ln, name).get("some-label-name")
    assert type(error.value) is ln.errors.ObjectDoesNotExist
    assert str(error.value) == (
        "No record found with uid 'some-label-name'. Did you forget a keyword as in "
        f"{name}.get({field}='some-label-name')?"
    )


def test_get_ambiguous_uid_prefix_raises_multiple_objects():
    make_record(name="a", uid="aaaaaaaaaaaaaaa1")
    make_record(name="b", uid="aaaaaaaaaaaaaaa2")
    with pytest.raises(MultipleObjectsReturned):
        ln.Record.get("aaaaaaaaaaaa")
    assert ln.Record.get("aaaaaaaaaaaaaaa2").name == "b"


def test_get_by_fields_none_or_several():
    make_record(name="twin")
    make_record(name="twin")
    with pytest.raises(ln.Record.DoesNotExist) as error:
        ln.Record.get(name="nobody")
    assert str(error.value) == "Record matching query does not exist."
    with pytest.raises(ln.Record.MultipleObjectsReturned):
        ln.Record.get(name="twin")


def test_get_id_with_a_string_is_django_value_error():
    with pytest.raises(
        ValueError, match=r"^Field 'id' expected a number but got 'abc'\.$"
    ):
        ln.Record.get(id="abc")


@pytest.mark.parametrize("name", ["Record", "ULabel", "Artifact"])
def test_get_unknown_field_is_a_field_error_everywhere(name):
    registry = getattr(ln, name)
    with pytest.raises(FieldError) as error:
        registry.get(nonexist="a")
    assert str(error.value) == (
        f"Unknown field 'nonexist'. Available fields: {available_fields(registry)}"
    )


@pytest.fixture
def versions(db):
    t1 = ln.Transform(key="Introduction").save()
    t2 = ln.Transform(key="Introduction", revises=t1).save()
    t3 = ln.Transform(key="Introduction", revises=t2).save()
    return t1, t2, t3


def test_get_by_stem_uid_returns_the_latest_version(versions):
    t1, t2, t3 = versions
    assert t1.uid[:12] == t3.uid[:12]
    assert ln.Transform.get(t3.uid[:-4]) == t3
    assert ln.Transform.get(t1.uid[:8]) == t3  # a shorter prefix of the stem, too
    assert ln.Transform.get(t1.uid) == t1  # the full uid is exact
    assert ln.Transform.get(t2.id) == t2


def test_get_by_fields_injects_is_latest(versions):
    _, _, t3 = versions
    assert ln.Transform.get(key="Introduction") == t3
    with pytest.raises(ln.Transform.MultipleObjectsReturned):
        ln.Transform.get(key="Introduction", is_latest=False)


def test_get_without_a_latest_version_returns_the_newest(versions):
    t1, t2, t3 = versions
    ln.Transform.objects.filter(pk__in=[t1.pk, t2.pk, t3.pk]).update(is_latest=False)
    assert ln.Transform.get(key="Introduction") == t3
    assert ln.Transform.get(t1.uid[:12]) == t3


def test_queryset_get_applies_its_own_filters():
    make_record(name="alpha")
    beta = make_record(name="beta")
    assert ln.Record.filter(name__startswith="b").get(name="beta") == beta
    with pytest.raises(ln.Record.DoesNotExist):
        ln.Record.filter(name__startswith="b").get(name="alpha")
