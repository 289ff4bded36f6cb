"""Notes from Python: block services and constructors (api.md §8, gui.md §6.6.1)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.db import OperationalError, connection, transaction

import lamingui as ln
from lamingui import context
from lamingui.blocks import services
from lamingui.blocks.services import (
    MAX_NOTE_BYTES,
    EmptyNote,
    NoteConflict,
    NoteTooLarge,
    add_comment,
    comments,
    delete_comment,
    history,
    latest_readme,
    restore_version,
    save_readme,
)
from lamingui.models.blocks import BLOCK_KEYS, BaseBlock
from tests.factories import (
    make_any,
    make_artifact,
    make_branch,
    make_record,
    make_run,
    make_transform,
    make_user,
)

pytestmark = pytest.mark.django_db

#: every block model attached to a registry, from the app registry
ATTACHED = sorted(
    (
        m
        for m in apps.get_app_config("lamingui").get_models()
        if issubclass(m, BaseBlock) and m._host_field
    ),
    key=lambda m: m.__name__,
)

#: the hosts the brief names first (gui.md §6.6: Artifact, Run, Transform, Record)
HOST_BUILDERS = {
    "Artifact": make_artifact,
    "Record": lambda folder: make_record(),
    "Run": lambda folder: make_run(),
    "Transform": lambda folder: make_transform(),
}


@pytest.fixture
def folder(tmp_path: Path, storage_root: Path) -> Path:
    path = tmp_path / "src"
    path.mkdir()
    return path


@pytest.fixture(params=sorted(HOST_BUILDERS))
def host(request, folder):
    return HOST_BUILDERS[request.param](folder)


def _rows(host) -> list[BaseBlock]:
    """Every block row of ``host``, trash included, oldest first."""
    model = services.block_model(host)
    return list(model.objects.filter(**{model._host_field: host}).order_by("id"))


def _fresh(block: BaseBlock) -> BaseBlock:
    return type(block).objects.get(pk=block.pk)


# -- hosts --------------------------------------------------------------------------


def test_attached_block_models_are_the_eleven_of_the_spec():
    assert [m.__name__ for m in ATTACHED] == [
        "ArtifactBlock",
        "BranchBlock",
        "CollectionBlock",
        "FeatureBlock",
        "ProjectBlock",
        "RecordBlock",
        "RunBlock",
        "SchemaBlock",
        "SpaceBlock",
        "TransformBlock",
        "ULabelBlock",
    ]


@pytest.mark.parametrize("model", ATTACHED, ids=lambda m: m.__name__)
def test_block_model_is_found_through_ablocks(model, folder):
    host = make_any(model._meta.get_field(model._host_field).related_model, folder)
    assert services.block_model(host) is model
    block = save_readme(host, "# on " + type(host).__name__)
    assert type(block) is model and getattr(block, model._host_field) == host
    assert host.notes == "# on " + type(host).__name__
    comment = add_comment(host, "a comment")
    assert comments(host) == [comment]
    assert host.notes == "# on " + type(host).__name__


def test_block_model_refuses_a_host_without_notes():
    with pytest.raises(TypeError, match="User has no notes"):
        save_readme(make_user(), "x")
    with pytest.raises(TypeError, match="int has no notes"):
        history(3)


def test_save_readme_refuses_an_unsaved_host():
    with pytest.raises(ValueError, match="Save the Record before its notes"):
        save_readme(ln.Record(name="unsaved"), "x")


# -- versioning ---------------------------------------------------------------------


def test_save_readme_versions_with_one_stem_and_flips_is_latest(host):
    v1 = save_readme(host, "# v1")
    assert v1.uid.endswith("0000") and v1.is_latest and v1.kind == "readme"
    v2 = save_readme(host, "# v2")
    assert v2.uid == v1.stem_uid + "0001"  # revises v1: same family, next version
    assert v2.is_latest and v2.hash is not None
    assert _fresh(v1).is_latest is False
    assert _fresh(v1).content == "# v1"  # an existing row is never rewritten
    assert host.notes == "# v2"
    assert latest_readme(host) == v2
    assert [b.is_latest for b in _rows(host)] == [False, True]


def test_save_readme_with_identical_content_makes_no_new_version(host):
    v1 = save_readme(host, "same\ntext")
    assert save_readme(host, "same\ntext") == v1
    assert save_readme(host, "same\ntext", started_from="") == v1  # no conflict
    assert len(_rows(host)) == 1
    assert _fresh(v1).is_latest


def test_save_readme_of_nothing_on_a_host_without_notes_saves_nothing(host):
    assert save_readme(host, "") is None
    assert save_readme(host, None) is None
    assert _rows(host) == [] and host.notes is None


def test_save_readme_flip_and_insert_are_one_transaction(host, monkeypatch):
    v1 = save_readme(host, "v1")
    model = type(v1)

    def fail(*args, **kwargs):
        raise RuntimeError("insert failed")

    monkeypatch.setattr(model, "save_base", fail)
    with pytest.raises(RuntimeError, match="insert failed"):
        save_readme(host, "v2")
    monkeypatch.undo()
    assert _fresh(v1).is_latest  # the flip was rolled back with the insert
    assert [b.content for b in _rows(host)] == ["v1"]


def test_save_readme_version_tag_is_stored_and_checked(host):
    v1 = save_readme(host, "one", version_tag="1.0")
    v2 = save_readme(host, "two", version_tag="2.0")
    assert (v1.version, v2.version) == ("1.0", "2.0")
    with pytest.raises(ValueError, match="already taken"):
        save_readme(host, "three", version_tag="2.0")
    assert latest_readme(host) == v2


def test_save_readme_on_a_branch_leaves_main_latest(folder):
    host = make_record()
    main = save_readme(host, "on main")
    branch = make_branch()
    with context.acting_as(branch_id=branch.id):
        draft = save_readme(host, "on the branch")
        assert latest_readme(host) == draft
    assert draft.branch_id == branch.id and draft.stem_uid == main.stem_uid
    assert _fresh(main).is_latest  # is_latest is per branch
    assert latest_readme(host) == main


# -- history and restore ------------------------------------------------------------


def test_history_is_newest_first_with_old_versions_and_no_trash(host):
    v1, v2, v3 = (save_readme(host, f"v{i}") for i in (1, 2, 3))
    add_comment(host, "not a version")
    assert history(host) == [v3, v2, v1]
    type(v2).objects.filter(pk=v2.pk).update(branch_id=-1)
    assert history(host) == [v3, v1]


def test_restore_version_makes_old_content_a_new_latest_version(host):
    v1, v2 = save_readme(host, "first\nline"), save_readme(host, "second\nline")
    v3 = restore_version(v1)
    assert v3.pk not in {v1.pk, v2.pk}
    assert v3.uid == v1.stem_uid + "0002" and v3.content == "first\nline"
    assert host.notes == "first\nline"
    assert (_fresh(v1).content, _fresh(v1).is_latest) == ("first\nline", False)
    assert (_fresh(v2).content, _fresh(v2).is_latest) == ("second\nline", False)
    assert history(host) == [v3, v2, v1]
    assert restore_version(v3) == v3  # already the latest content: no new row


def test_restore_version_refuses_a_comment(host):
    comment = add_comment(host, "c")
    with pytest.raises(ValueError, match="Only readme versions can be restored"):
        restore_version(comment)


def test_diff_is_a_unified_line_diff_of_contents(host):
    v1, v2 = save_readme(host, "a\nb\nc"), save_readme(host, "a\nB\nc")
    out = services.diff(v1, v2)
    assert out.splitlines()[:2] == [f"--- v0000 ({v1.uid})", f"+++ v0001 ({v2.uid})"]
    assert "-b" in out.splitlines() and "+B" in out.splitlines()
    assert " a" in out.splitlines()
    assert services.diff(v1, "a\nb\nc") == ""


# -- conflicts and limits -----------------------------------------------------------


def test_conflict_keeps_the_users_text_and_writes_nothing(host):
    v1 = save_readme(host, "title\nshared line")
    v2 = save_readme(host, "title\nline by A", started_from=v1.uid)  # A saves
    with pytest.raises(NoteConflict) as caught:
        save_readme(host, "title\nline by B", started_from=v1.uid)  # B, from v1
    conflict = caught.value
    assert conflict.latest == v2 and conflict.base == v1
    assert conflict.text == "title\nline by B"
    assert "-shared line" in conflict.diff.splitlines()
    assert "+line by A" in conflict.diff.splitlines()
    assert "+line by B" in conflict.diff_mine.splitlines()
    assert v2.uid in str(conflict)
    assert [b.content for b in _rows(host)] == [
        "title\nshared line",
        "title\nline by A",
    ]
    assert _fresh(v2).is_latest


def test_conflict_force_saves_a_new_version_on_top(host):
    v1 = save_readme(host, "v1")
    v2 = save_readme(host, "v2 by A", started_from=v1)
    v3 = save_readme(host, "v3 by B", started_from=v1, force=True)
    assert v3.uid == v1.stem_uid + "0002" and v3.is_latest
    assert not _fresh(v2).is_latest and _fresh(v2).content == "v2 by A"
    assert host.notes == "v3 by B"


def test_conflict_when_the_editor_started_from_no_notes(host):
    theirs = save_readme(host, "written meanwhile")
    with pytest.raises(NoteConflict) as caught:
        save_readme(host, "mine", started_from="")
    assert caught.value.base is None and caught.value.latest == theirs
    assert "+written meanwhile" in caught.value.diff.splitlines()
    assert save_readme(host, "mine", started_from=theirs.uid).content == "mine"


def test_oversized_note_is_refused_with_its_text_kept(host):
    text = "é" * (MAX_NOTE_BYTES // 2 + 1)  # two bytes per character
    with pytest.raises(NoteTooLarge) as caught:
        save_readme(host, text)
    assert caught.value.text == text
    assert caught.value.size == len(text.encode()) > MAX_NOTE_BYTES
    assert isinstance(caught.value, ValueError)
    with pytest.raises(NoteTooLarge):
        add_comment(host, text)
    assert _rows(host) == []
    assert save_readme(host, "x" * MAX_NOTE_BYTES).content == "x" * MAX_NOTE_BYTES


def test_notes_must_be_text(host):
    with pytest.raises(TypeError, match="Notes are text"):
        save_readme(host, b"bytes")


# -- comments -----------------------------------------------------------------------


def test_comments_are_never_versioned(host):
    readme = save_readme(host, "readme")
    c1, c2 = add_comment(host, "same"), add_comment(host, "same")
    assert c1.kind == c2.kind == "comment"
    assert c1.stem_uid != c2.stem_uid and c1.uid.endswith("0000")
    assert c2.uid.endswith("0000") and c1.is_latest and c2.is_latest
    assert comments(host) == [c1, c2]  # oldest first
    assert host.notes == "readme" and latest_readme(host) == readme


def test_delete_comment_moves_it_to_the_trash(host):
    keep, gone = add_comment(host, "keep"), add_comment(host, "gone")
    delete_comment(gone)
    assert _fresh(gone).branch_id == -1
    assert comments(host) == [keep]
    count, _ = keep.delete()  # the instance delete stays permanent
    assert count == 1 and not type(keep).objects.filter(pk=keep.pk).exists()


def test_delete_comment_on_a_branch_is_permanent():
    branch = make_branch()
    comment = add_comment(branch, "review note")
    delete_comment(comment)
    assert not type(comment).objects.filter(pk=comment.pk).exists()
    assert comments(branch) == []


def test_delete_comment_refuses_a_readme(host):
    readme = save_readme(host, "readme")
    with pytest.raises(ValueError, match="Only comments"):
        delete_comment(readme)
    assert _fresh(readme).branch_id == 1


@pytest.mark.parametrize("blank", ["", "   \n\t", None])
def test_empty_comment_is_refused(host, blank):
    with pytest.raises(EmptyNote) as caught:
        add_comment(host, blank)
    assert caught.value.text == (blank or "")
    assert _rows(host) == []


# -- TransformBlock.line_number ------------------------------------------------------


def test_comment_on_a_transform_line_keeps_the_line_number():
    transform = make_transform()
    comment = add_comment(transform, "off by one?", line_number=12)
    assert _fresh(comment).line_number == 12
    assert comments(transform) == [comment]
    assert transform.notes is None
    whole = add_comment(transform, "overall")
    assert _fresh(whole).line_number is None


def test_line_number_is_only_for_transforms():
    with pytest.raises(ValueError, match="line_number applies to transforms"):
        add_comment(make_record(), "x", line_number=3)
    with pytest.raises(ValueError, match="'line_number'"):
        ln.models.RecordBlock(
            record=make_record(), content="x", kind="comment", line_number=3
        )


@pytest.mark.parametrize("bad", ["12", 1.5, True])
def test_line_number_must_be_an_int(bad):
    with pytest.raises(ValueError, match="line_number must be an int or None"):
        ln.models.TransformBlock(
            transform=make_transform(), content="x", kind="comment", line_number=bad
        )


# -- constructor errors (api.md §8.1, §8.2) -------------------------------------------


@pytest.mark.parametrize("model", ATTACHED, ids=lambda m: m.__name__)
def test_attached_block_errors_for_missing_host_or_kind(model, folder):
    name, key = model.__name__, model._host_field
    with pytest.raises(ValueError, match=rf"^{key} is required for {name}\b"):
        model(content="x", kind="readme")
    host = make_any(model._meta.get_field(key).related_model, folder)
    with pytest.raises(
        ValueError,
        match=rf"^kind is required for {name}; use 'readme' or 'comment'",
    ):
        model(**{key: host}, content="x")
    with pytest.raises(
        ValueError, match=r"^kind must be 'readme' or 'comment', got 'x'"
    ):
        model(**{key: host}, content="x", kind="x")
    assert not model.objects.exists()


@pytest.mark.parametrize("kind", [None, "comment", "page"])
def test_block_page_accepts_only_readme(kind):
    kwargs = {} if kind is None else {"kind": kind}
    with pytest.raises(
        ValueError, match=re.escape("Only kind = 'readme' is supported")
    ):
        ln.Block(key="README.md", content="x", **kwargs)


def test_block_page_key_error_lists_the_registry_ids():
    with pytest.raises(ValueError) as caught:
        ln.Block(key="notes.md", content="x", kind="readme")
    message = str(caught.value)
    assert (
        "key must be one of RegistryId or README.md: __lamindb_artifact__, " in message
    )
    assert "__lamindb_ulabel__" in message


def test_block_page_with_uid_revises_the_latest_of_that_family():
    v1 = ln.Block(key="README.md", content="one", kind="readme").save()
    v2 = ln.Block(key="README.md", content="two", kind="readme").save()
    assert ln.Block(uid=v2.uid, content="two", kind="readme") == v2  # api.md §8.1
    v3 = ln.Block(uid=v1.stem_uid + "0007", content="three", kind="readme")
    assert v3.pk is None and v3.uid == v1.stem_uid + "0007"
    v3.save()
    assert not _fresh(v2).is_latest and v3.is_latest and v3.key == "README.md"


def test_attached_block_with_the_latest_uid_returns_that_block():
    record = make_record()
    latest = save_readme(record, "notes")
    again = ln.models.RecordBlock(
        record=record, uid=latest.uid, content="notes", kind="readme"
    )
    assert again == latest and again.pk == latest.pk


# -- free-standing pages ------------------------------------------------------------


def test_page_by_key_versions_restores_and_has_history():
    v1 = save_readme("README.md", "# Instance")
    assert isinstance(v1, ln.Block) and v1.key == "README.md"
    assert save_readme("README.md", "# Instance") == v1
    v2 = save_readme("README.md", "# Instance\n\nmore", started_from=v1.uid)
    assert v2.uid == v1.stem_uid + "0001" and v2.key == "README.md"
    assert not _fresh(v1).is_latest
    assert history("README.md") == [v2, v1] == history(v1)
    v3 = restore_version(v1)
    assert (v3.content, v3.key, v3.uid) == (
        "# Instance",
        "README.md",
        v1.stem_uid + "0002",
    )
    assert latest_readme("README.md") == v3
    with pytest.raises(NoteConflict):
        save_readme("README.md", "stale", started_from=v2.uid)


def test_page_is_not_merged_with_another_page_of_the_same_content():
    registry_page = save_readme("__lamindb_record__", "# Same text")
    instance_page = save_readme("README.md", "# Same text")
    assert instance_page.pk != registry_page.pk
    assert instance_page.key == "README.md"


def test_page_trash_is_left_out_and_a_new_page_starts():
    v1 = save_readme("__lamindb_run__", "old page")
    v1.delete()  # a Block is a SQLRecord: soft delete
    assert history("__lamindb_run__") == [] and latest_readme("__lamindb_run__") is None
    fresh = save_readme("__lamindb_run__", "new page")
    assert fresh.stem_uid != v1.stem_uid and history("__lamindb_run__") == [fresh]


def test_pages_take_no_comments_and_only_known_keys():
    assert "README.md" in BLOCK_KEYS
    with pytest.raises(TypeError, match="Pages take no comments"):
        add_comment("README.md", "hi")
    with pytest.raises(ValueError, match=r"Unknown page 'notes\.md'"):
        save_readme("notes.md", "x")
    assert comments("README.md") == []


# -- concurrency (PostgreSQL: SQLite serialises writers by itself) --------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["host", "page"])
def test_save_readme_locks_its_rows_against_a_concurrent_save(kind):
    # The other transaction holds FOR KEY SHARE, the weakest row lock: it lets
    # the inserts and the is_latest update of a save through and conflicts only
    # with the FOR UPDATE lock that save_readme takes first.
    if connection.vendor != "postgresql":
        pytest.skip("row locks are taken on PostgreSQL only")
    if kind == "host":
        host = make_record()
        table, ids = ln.Record._meta.db_table, [host.pk]
    else:
        host = save_readme("README.md", "v1")
        table, ids = ln.Block._meta.db_table, [host.pk]
    errors: list[Exception] = []

    def second_editor() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
            save_readme(host, "written while the first save is open")
        except OperationalError as error:
            errors.append(error)
        finally:
            connection.close()

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE id = ANY(%s) FOR KEY SHARE",  # noqa: S608
            [ids],
        )
        thread = threading.Thread(target=second_editor)
        thread.start()
        thread.join()
    assert len(errors) == 1 and "lock" in str(errors[0]).lower()
    assert save_readme(host, "after the first save").is_latest
