"""api.md §8, clause by clause: the block constructors as the Python API sees them.

``tests/api/test_blocks.py`` covers the services behind the GUI; this file
walks api.md §8.1 (``Block``) and §8.2 (attached blocks) and its examples.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

import lamingui as ln
from lamingui.models.blocks import BaseBlock
from tests.factories import make_any, make_transform

pytestmark = pytest.mark.django_db

ATTACHED = sorted(
    (
        m
        for m in apps.get_app_config("lamingui").get_models()
        if issubclass(m, BaseBlock) and m._host_field
    ),
    key=lambda m: m.__name__,
)


@pytest.fixture
def folder(tmp_path: Path, storage_root: Path) -> Path:
    path = tmp_path / "src"
    path.mkdir()
    return path


@pytest.fixture
def rec(db):
    return ln.Record(name="api-blocks").save()


# -- §8.2 attached blocks -------------------------------------------------------------


def test_an_identical_readme_returns_the_latest_version(rec):
    """models.md §3.17 and issue 6: identical content makes no new version.

    api.md §8.2 describes a new version here; we follow models.md, so saving the
    same text twice never grows the history with copies.
    """
    b1 = ln.models.RecordBlock(record=rec, content="v1", kind="readme").save()
    b2 = ln.models.RecordBlock(record=rec, content="v1", kind="readme")
    assert b2.uid == b1.uid
    b2.save()
    assert ln.models.RecordBlock.filter(record=rec, kind="readme").count() == 1


def test_the_example_of_section_8_2(rec):
    b1 = ln.models.RecordBlock(record=rec, content="v1", kind="readme").save()
    b2 = ln.models.RecordBlock(record=rec, content="v1, edited", kind="readme")
    assert b2.stem_uid == b1.stem_uid and b2.uid != b1.uid
    assert rec.notes == "v1"
    b2.save()
    b1.refresh_from_db()
    assert not b1.is_latest and b2.is_latest
    c1 = ln.models.RecordBlock(record=rec, content="x", kind="comment").save()
    c2 = ln.models.RecordBlock(record=rec, content="x", kind="comment")
    assert c2.stem_uid != c1.stem_uid
    t = make_transform()
    block = ln.models.TransformBlock(
        transform=t, content="x", kind="comment", line_number=12
    ).save()
    assert block.line_number == 12
    assert ln.models.TransformBlock.get(uid=block.uid).line_number == 12


@pytest.mark.parametrize("model", ATTACHED, ids=lambda m: m.__name__)
def test_every_attached_block_versions_readmes_and_not_comments(model, folder):
    host_field = model._host_field
    host = make_any(model._meta.get_field(host_field).related_model, folder)
    first = model(**{host_field: host}, content="one", kind="readme").save()
    second = model(**{host_field: host}, content="two", kind="readme").save()
    first.refresh_from_db()
    assert second.stem_uid == first.stem_uid and not first.is_latest
    assert host.notes == "two"
    comment = model(**{host_field: host}, content="c", kind="comment").save()
    assert comment.stem_uid != second.stem_uid and comment.uid.endswith("0000")
    assert host.notes == "two"  # comments never affect notes
    assert {b.pk for b in host.ablocks.all()} == {first.pk, second.pk, comment.pk}


def test_notes_is_none_without_a_readme(rec):
    assert rec.notes is None
    ln.models.RecordBlock(record=rec, content="only a comment", kind="comment").save()
    assert rec.notes is None


def test_comment_refuses_revises(rec):
    readme = ln.models.RecordBlock(record=rec, content="r", kind="readme").save()
    with pytest.raises(
        ValueError,
        match=re.escape(
            "revises is not allowed for kind='comment'; comments are not versioned"
        ),
    ):
        ln.models.RecordBlock(record=rec, content="c", kind="comment", revises=readme)


def test_unknown_arguments_are_refused_with_the_allowed_names(rec):
    with pytest.raises(ValueError, match=r"^Only .* can be passed, but you passed: "):
        ln.models.RecordBlock(record=rec, content="x", kind="readme", colour="red")
    with pytest.raises(ValueError, match=r"line_number"):
        ln.models.RecordBlock(record=rec, content="x", kind="readme", line_number=3)


def test_line_number_is_stored_as_given_and_optional():
    t = make_transform()
    block = ln.models.TransformBlock(transform=t, content="x", kind="readme").save()
    assert block.line_number is None
    with pytest.raises(ValueError, match="line_number must be an int or None"):
        ln.models.TransformBlock(
            transform=t, content="x", kind="comment", line_number="12"
        )


# -- §8.1 Block ------------------------------------------------------------------------


def test_block_is_keyword_only_and_names_the_allowed_arguments():
    with pytest.raises(
        ValueError, match="Please only use keyword arguments to construct a Block"
    ):
        ln.Block("README.md")
    with pytest.raises(
        ValueError,
        match=re.escape(
            "Only key, content, kind, version, revises, anchor can be passed"
        ),
    ):
        ln.Block(key="README.md", content="x", kind="readme", colour="red")


def test_block_revises_must_be_a_block(rec):
    readme = ln.models.RecordBlock(record=rec, content="r", kind="readme").save()
    with pytest.raises(
        TypeError, match=re.escape("`revises` has to be of type `Block`")
    ):
        ln.Block(key="README.md", content="x", kind="readme", revises=readme)


def test_the_example_of_section_8_1():
    v1 = ln.Block(key="README.md", content="# v1", kind="readme").save()
    v2 = ln.Block(key="README.md", content="# v2", kind="readme")
    assert v2.stem_uid == v1.stem_uid and v2.uid != v1.uid
    assert v2.uid.endswith("0001")
    v2.save()
    v1.refresh_from_db()
    assert not v1.is_latest
    key = "__lamindb_record__"
    same = ln.Block(key=key, content="1", kind="readme").save()
    assert ln.Block(key=key, content="1", kind="readme") == same
    same.delete()  # soft delete: to the trash
    fresh = ln.Block(key=key, content="1", kind="readme")
    assert fresh._state.adding and fresh.uid != same.uid


def test_block_anchor_hangs_a_page_off_another():
    page = ln.Block(key="README.md", content="# page", kind="readme").save()
    child = ln.Block(content="sub-page", kind="readme", anchor=page).save()
    assert child.anchor == page and list(page.children.all()) == [child]
