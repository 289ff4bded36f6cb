"""Schema membership changes: ``Schema.add`` / ``Schema.remove`` (api.md §9.2)."""

from __future__ import annotations

import pytest

import lamingui as ln
from lamingui.errors import ValidationError


@pytest.fixture
def features(db):
    return [ln.Feature(name=f"f{i}", dtype="int").save() for i in range(3)]


def test_add_makes_new_optional_members_and_updates_the_hash(features):
    f0, f1, f2 = features
    schema = ln.Schema([f0, f1], name="s").save()
    before = schema.hash
    schema.add(f2)
    stored = ln.Schema.get(pk=schema.pk)
    assert [f.name for f in stored.members] == ["f0", "f1", "f2"]
    assert stored.n_members == 3
    assert stored.optionals.get_uids() == [f2.uid]
    assert stored.hash != before
    schema.remove(f2)
    stored = ln.Schema.get(pk=schema.pk)
    assert [f.name for f in stored.members] == ["f0", "f1"]
    assert stored.optionals.get_uids() == []
    assert stored.hash == before and stored.n_members == 2


def test_add_existing_member_only_makes_it_optional(features):
    f0, f1, _ = features
    schema = ln.Schema([f0, f1], name="s").save()
    schema.add([f1])
    stored = ln.Schema.get(pk=schema.pk)
    assert stored.n_members == 2 and stored.optionals.get_uids() == [f1.uid]


def test_add_to_an_unsaved_schema_is_written_on_save(features):
    f0, f1, f2 = features
    schema = ln.Schema([f0, f1], name="unsaved")
    schema.add(f2)
    schema.save()
    assert [f.name for f in schema.members] == ["f0", "f1", "f2"]
    assert schema.optionals.get_uids() == [f2.uid]
    assert schema.hash == ln.Schema.get(pk=schema.pk).hash


def test_add_and_remove_errors_write_nothing(features):
    f0, f1, f2 = features
    schema = ln.Schema([f0, f1], name="s").save()
    before = (schema.hash, schema.n_members)
    with pytest.raises(NotImplementedError, match="optional=False"):
        schema.add(f2, optional=False)
    with pytest.raises(TypeError, match="Feature"):
        schema.add("f2")
    with pytest.raises(ValidationError, match=r"Save these features first: \['new'\]"):
        schema.add(ln.Feature(name="new", dtype="int"))
    with pytest.raises(ValidationError, match=r"Not members of schema 's': \['f2'\]"):
        schema.remove([f0, f2])
    stored = ln.Schema.get(pk=schema.pk)
    assert (stored.hash, stored.n_members) == before
    assert [f.name for f in stored.members] == ["f0", "f1"]
