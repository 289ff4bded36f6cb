"""Delete, trash, restore, locking and blocks (models.md §6, api.md §2.3, §4.5, §8)."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction
from django.db.models import ProtectedError

import lamingui as ln
from lamingui.errors import ConfirmationRequired, NoWriteAccess
from tests.factories import (
    make_any,
    make_artifact,
    make_record,
    make_storage,
    make_transform,
    make_user,
)

from ._models import ATTACHED_BLOCKS, SQL_RECORDS, WITHOUT_TRASH, params

pytestmark = pytest.mark.django_db

WITH_TRASH = [m for m in SQL_RECORDS if m not in WITHOUT_TRASH]
#: api.md §2.3: registry-specific permanent deletes return None
RETURNS_NONE = {"Artifact", "Run", "Transform"}


def _visible(model: type, record) -> bool:
    return model.filter().filter(pk=record.pk).exists()


# -- SQLRecord: trash, restore, permanent delete ------------------------------------


@pytest.mark.parametrize("model", params(WITH_TRASH))
def test_delete_trash_restore_then_delete_permanently(model, folder):
    record = make_any(model, folder)
    assert record.delete() is None
    assert record.branch_id == -1
    assert model.objects.get(pk=record.pk).branch_id == -1
    assert not _visible(model, record)
    record.restore()
    assert model.objects.get(pk=record.pk).branch_id == 1
    assert _visible(model, record)
    record.delete()
    result = record.delete(permanent=True)
    if model.__name__ in RETURNS_NONE:
        assert result is None
    else:
        count, per_model = result
        assert count >= 1 and per_model[f"lamingui.{model.__name__}"] == 1
    assert not model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", params(WITH_TRASH))
def test_delete_trashed_record_needs_confirmation(model, folder):
    record = make_any(model, folder)
    record.delete()
    with pytest.raises(ConfirmationRequired, match="permanent=True"):
        record.delete()
    assert record.delete(permanent=False) is None  # already trashed: a no-op
    assert model.objects.get(pk=record.pk).branch_id == -1


@pytest.mark.parametrize("model", params(WITH_TRASH))
def test_delete_permanent_false_on_a_live_record_trashes_it(model, folder):
    record = make_any(model, folder)
    assert record.delete(permanent=False) is None
    assert model.objects.get(pk=record.pk).branch_id == -1


def test_delete_unsaved_record_has_no_effect(caplog):
    record = ln.Record(name="never saved")
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        assert record.delete() is None
    assert record.branch_id == 1
    assert "not yet saved" in caplog.text


def test_delete_permanently_a_type_with_members_is_protected():
    a_type = make_record(is_type=True)
    member = make_record(type=a_type)
    with pytest.raises(ProtectedError), transaction.atomic():
        a_type.delete(permanent=True)
    member.delete(permanent=True)
    a_type.delete(permanent=True)
    assert not ln.Record.objects.filter(pk=a_type.pk).exists()


# -- registries without trash (models.md §6.5) -------------------------------------


@pytest.mark.parametrize("model", params(WITHOUT_TRASH))
def test_delete_without_trash_refuses_soft_delete(model, folder):
    record = make_any(model, folder)
    message = (
        f"Soft delete is not possible for {model.__name__}, use 'permanent=True' or "
        "'permanent=None' for permanent deletion."
    )
    with pytest.raises(ValueError) as error:
        record.delete(permanent=False)
    assert str(error.value) == message
    assert model.objects.filter(pk=record.pk).exists()
    _, per_model = record.delete()
    assert per_model[f"lamingui.{model.__name__}"] == 1
    assert not model.objects.filter(pk=record.pk).exists()


def test_delete_storage_with_artifacts_is_refused(folder):
    artifact = make_artifact(folder)
    with pytest.raises(AssertionError):
        artifact.storage.delete()
    assert make_storage(folder).delete(permanent=True)[0] == 1


# -- query sets (models.md §6.6) ------------------------------------------------------


def test_queryset_delete_trashes_and_never_escalates():
    records = [make_record(), make_record()]
    pks = [r.pk for r in records]
    ln.Record.filter(pk__in=pks).delete()
    ln.Record.objects.filter(pk__in=pks).delete()  # a second call stays a soft delete
    assert set(
        ln.Record.objects.filter(pk__in=pks).values_list("branch_id", flat=True)
    ) == {-1}
    assert ln.Record.objects.filter(pk__in=pks).restore() == 2
    assert set(
        ln.Record.objects.filter(pk__in=pks).values_list("branch_id", flat=True)
    ) == {1}
    ln.Record.objects.filter(pk__in=pks).delete(permanent=True)
    assert not ln.Record.objects.filter(pk__in=pks).exists()


def test_queryset_delete_does_not_cascade_to_type_members():
    a_type = make_record(is_type=True)
    member = make_record(type=a_type)
    ln.Record.objects.filter(pk=a_type.pk).delete()
    assert ln.Record.objects.get(pk=a_type.pk).branch_id == -1
    assert ln.Record.objects.get(pk=member.pk).branch_id == 1


def test_queryset_delete_without_branch_column():
    user = make_user()
    with pytest.raises(ValueError, match="permanent=True"):
        ln.User.objects.filter(pk=user.pk).delete(permanent=False)
    ln.User.objects.filter(pk=user.pk).delete()
    assert not ln.User.objects.filter(pk=user.pk).exists()


def test_queryset_delete_of_artifacts_goes_row_by_row(folder):
    artifacts = [make_artifact(folder), make_artifact(folder)]
    paths = [a.path for a in artifacts]
    pks = [a.pk for a in artifacts]
    ln.Artifact.objects.filter(pk__in=pks).delete()
    assert set(
        ln.Artifact.objects.filter(pk__in=pks).values_list("branch_id", flat=True)
    ) == {-1}
    assert all(p.exists() for p in paths)
    ln.Artifact.objects.filter(pk__in=pks).delete(permanent=True)
    assert not ln.Artifact.objects.filter(pk__in=pks).exists()
    assert not any(p.exists() for p in paths)


def test_queryset_delete_promotes_the_next_version():
    t1 = ln.Transform(key="k.py", source_code="v1").save()
    t2 = ln.Transform(key="k.py", source_code="v2").save()
    ln.Transform.filter(uid=t2.uid).delete()
    t1.refresh_from_db()
    t2.refresh_from_db()
    assert (t1.is_latest, t2.is_latest, t2.branch_id) == (True, False, -1)
    t3 = ln.Transform(key="k.py", source_code="v3").save()
    t1.refresh_from_db()
    assert not t1.is_latest
    ln.Transform.objects.filter(pk=t3.pk).delete(permanent=True)
    t1.refresh_from_db()
    assert t1.is_latest


# -- is_latest promotion (api.md §4.5 walk-through) ---------------------------------


def test_delete_versions_walk_through():
    t1 = ln.Transform(key="k", source_code="v1").save()
    t2 = ln.Transform(key="k", source_code="v2").save()
    t3 = ln.Transform(key="k", source_code="v3").save()
    assert [t.uid[-4:] for t in (t1, t2, t3)] == ["0000", "0001", "0002"]
    stem = t3.uid[:-4]
    t3.delete()
    t2.refresh_from_db()
    assert (t3.branch_id, t3.is_latest, t2.is_latest) == (-1, False, True)
    assert ln.Transform.get(stem) == t2
    t2.delete(permanent=True)  # v1 is promoted
    assert ln.Transform.get(stem) == t1
    t1.refresh_from_db()
    assert t1.is_latest
    t1.delete()  # nothing to promote on main: still the head, now in the trash
    t1.refresh_from_db()
    assert (t1.branch_id, t1.is_latest) == (-1, True)
    t1.delete(permanent=True)  # promotes within the trash
    t3.refresh_from_db()
    assert (t3.is_latest, t3.branch_id) == (True, -1)
    assert ln.Transform.get(stem) == t3


def test_delete_restored_former_head_stays_non_latest():
    t1 = ln.Transform(key="k", source_code="v1").save()
    t2 = ln.Transform(key="k", source_code="v2").save()
    t2.delete()
    t2.restore()
    t1.refresh_from_db()
    t2.refresh_from_db()
    assert (t1.is_latest, t2.is_latest, t2.branch_id) == (True, False, 1)


# -- locking (decisions.md) ---------------------------------------------------------


@pytest.mark.parametrize("model", params(SQL_RECORDS))
def test_locked_record_refuses_save_and_delete(model, folder):
    record = make_any(model, folder)
    record.is_locked = True
    record.save()
    loaded = model.objects.get(pk=record.pk)
    for candidate in (record, loaded):
        candidate._aux = {"note": "edited"}
        with pytest.raises(NoWriteAccess, match="locked"):
            candidate.save()
        with pytest.raises(NoWriteAccess):
            candidate.delete()
        with pytest.raises(NoWriteAccess):
            candidate.delete(permanent=True)
    loaded.is_locked = False  # unlocking must be a save of its own
    with pytest.raises(NoWriteAccess, match="Unlock"):
        loaded.save()
    fresh = model.objects.get(pk=record.pk)
    assert fresh.is_locked and fresh._aux is None
    fresh.is_locked = False
    fresh.save()
    fresh._aux = {"note": "edited"}
    fresh.save()
    assert model.objects.get(pk=record.pk)._aux == {"note": "edited"}


def test_locked_rows_in_a_queryset_refuse_bulk_delete():
    record = make_record()
    record.is_locked = True
    record.save()
    with pytest.raises(NoWriteAccess):
        ln.Record.objects.filter(pk=record.pk).delete()
    with pytest.raises(NoWriteAccess):
        ln.Record.objects.filter(pk=record.pk).restore()
    assert ln.Record.objects.get(pk=record.pk).branch_id == 1


def test_locked_member_blocks_trashing_its_type():
    a_type = make_record(is_type=True)
    member = make_record(type=a_type)
    member.is_locked = True
    member.save()
    with pytest.raises(NoWriteAccess), transaction.atomic():
        a_type.delete()
    assert ln.Record.objects.get(pk=a_type.pk).branch_id == 1


# -- blocks (models.md §3.16, §3.17; api.md §8) ------------------------------------


def _host(model: type, folder):
    return make_any(model._meta.get_field(model._host_field).related_model, folder)


@pytest.mark.parametrize("model", params(ATTACHED_BLOCKS))
def test_block_readme_is_versioned_per_object(model, folder):
    host = _host(model, folder)
    key = model._host_field
    v1 = model(**{key: host}, content="v1", kind="readme").save()
    assert model(**{key: host}, content="v1", kind="readme").pk == v1.pk  # same content
    v2 = model(**{key: host}, content="v2", kind="readme")
    assert (v2.pk, v2.uid) == (None, v1.stem_uid + "0001")
    v2.save()
    assert model.objects.get(pk=v1.pk).is_latest is False
    assert host.notes == "v2"
    other = model(**{key: _host(model, folder)}, content="v2", kind="readme").save()
    assert other.stem_uid != v1.stem_uid  # each object has its own readme family


@pytest.mark.parametrize("model", params(ATTACHED_BLOCKS))
def test_block_comments_are_never_versioned(model, folder):
    host = _host(model, folder)
    key = model._host_field
    readme = model(**{key: host}, content="readme", kind="readme").save()
    c1 = model(**{key: host}, content="same", kind="comment").save()
    c2 = model(**{key: host}, content="same", kind="comment").save()
    assert c1.stem_uid != c2.stem_uid
    assert c1.uid.endswith("0000") and c2.uid.endswith("0000")
    assert host.notes == "readme"
    with pytest.raises(ValueError, match="comments are not versioned"):
        model(**{key: host}, content="x", kind="comment", revises=c1)
    assert readme.is_latest


@pytest.mark.parametrize("model", params(ATTACHED_BLOCKS))
def test_block_constructor_needs_host_and_kind(model, folder):
    host = _host(model, folder)
    key = model._host_field
    with pytest.raises(ValueError, match=f"{key} is required"):
        model(content="x", kind="readme")
    with pytest.raises(ValueError, match="kind is required"):
        model(**{key: host}, content="x")
    with pytest.raises(ValueError, match="kind must be"):
        model(**{key: host}, content="x", kind="note")


@pytest.mark.parametrize("model", params(ATTACHED_BLOCKS))
def test_block_empty_readme_is_filled_not_versioned(model, folder):
    host = _host(model, folder)
    key = model._host_field
    draft = model(**{key: host}, content="", kind="readme").save()
    assert draft.hash is None and host.notes == ""
    filled = model(**{key: host}, content="now", kind="readme").save()
    assert filled.pk == draft.pk and filled.uid.endswith("0000")
    assert host.notes == "now"


@pytest.mark.parametrize("model", params(ATTACHED_BLOCKS))
def test_block_attached_delete_is_permanent_and_promotes(model, folder):
    host = _host(model, folder)
    key = model._host_field
    v1 = model(**{key: host}, content="v1", kind="readme").save()
    v2 = model(**{key: host}, content="v2", kind="readme").save()
    count, _ = v2.delete()
    assert count == 1 and not model.objects.filter(pk=v2.pk).exists()
    assert model.objects.get(pk=v1.pk).is_latest
    assert host.notes == "v1"


def test_block_free_standing_page_versions_by_key_and_trashes():
    v1 = ln.Block(key="README.md", content="# v1", kind="readme").save()
    assert ln.Block(key="README.md", content="# v1", kind="readme") == v1
    v2 = ln.Block(key="README.md", content="# v2", kind="readme").save()
    assert v2.uid == v1.stem_uid + "0001"
    assert not ln.Block.objects.get(pk=v1.pk).is_latest
    v2.delete()
    assert ln.Block.objects.get(pk=v2.pk).branch_id == -1
    assert ln.Block.objects.get(pk=v1.pk).is_latest  # promoted on soft delete
    v3 = ln.Block(key="README.md", content="# v2", kind="readme")
    assert v3.pk is None  # the trashed page is not reused
    with pytest.raises(ValueError, match="readme"):
        ln.Block(key="README.md", content="x", kind="comment")


def test_block_notes_of_a_transform_line(folder):
    transform = make_transform()
    block = ln.models.TransformBlock(
        transform=transform, content="x", kind="comment", line_number=12
    ).save()
    assert ln.models.TransformBlock.objects.get(pk=block.pk).line_number == 12
    assert transform.notes is None


@pytest.mark.django_db
def test_lock_set_elsewhere_is_seen_after_refresh_from_db():
    record = ln.Record(name="shared").save()
    ln.Record.objects.filter(pk=record.pk).update(is_locked=True)
    record.refresh_from_db()
    record.name = "changed"
    with pytest.raises(NoWriteAccess):
        record.save()
