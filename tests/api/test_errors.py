"""Bad input gets a clear lamingui error and writes nothing (issue 2, check 6).

Each test asserts the error *and* that the table is unchanged. The errors
module itself is api.md §10.
"""

from __future__ import annotations

import django.core.exceptions
import pytest
from django.core.exceptions import FieldError

import lamingui as ln
from lamingui import errors
from tests.factories import make_record, make_transform, make_ulabel

pytestmark = pytest.mark.django_db


def _rows(registry) -> list[tuple]:
    """Every stored row, to compare before and after a refused write."""
    return list(registry.objects.order_by("pk").values_list())


# -- unknown field --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("Record", {"name": "a"}),
        ("ULabel", {"name": "a"}),
        ("Project", {"name": "a"}),
        ("Transform", {"key": "a.py"}),
    ],
)
def test_unknown_constructor_field(name, kwargs):
    registry = getattr(ln, name)
    before = _rows(registry)
    with pytest.raises(errors.FieldValidationError) as error:
        registry(nonexist=1, **kwargs)
    assert str(error.value).startswith("'nonexist' are not valid keyword arguments")
    assert f"for {name}. Valid keyword arguments are: " in str(error.value)
    assert _rows(registry) == before


def test_unknown_filter_field_writes_nothing():
    make_record(name="kept")
    before = _rows(ln.Record)
    with pytest.raises(errors.InvalidArgument, match="Or fix invalid feature names: x"):
        ln.Record.filter(x=1).delete()
    with pytest.raises(FieldError, match=r"^Unknown field 'x'\."):
        ln.ULabel.filter(x=1).delete()
    assert _rows(ln.Record) == before


# -- missing required field -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "missing"),
    [
        ("ULabel", {"description": "no name"}, "['name']"),
        ("Project", {"description": "no name"}, "['name']"),
        ("Transform", {"description": "no key"}, "['key']"),
    ],
)
def test_missing_required_field(name, kwargs, missing):
    registry = getattr(ln, name)
    before = _rows(registry)
    with pytest.raises(errors.FieldValidationError) as error:
        registry(**kwargs)
    assert str(error.value) == f"{missing} are required."
    assert _rows(registry) == before


def test_required_field_set_to_none_before_save():
    label = make_ulabel(name="named")
    before = _rows(ln.ULabel)
    label.name = None
    with pytest.raises(errors.FieldValidationError, match=r"\['name'\] are required"):
        label.save()
    assert _rows(ln.ULabel) == before


def test_feature_without_dtype():
    before = _rows(ln.Feature)
    with pytest.raises(errors.FieldValidationError, match="dtype"):
        ln.Feature(name="weight")
    assert _rows(ln.Feature) == before


# -- uid of the wrong length ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "length"),
    [
        ("Record", {"name": "a"}, 16),
        ("ULabel", {"name": "a"}, 8),
        ("Transform", {"key": "a.py"}, 16),
    ],
)
def test_uid_of_the_wrong_length(name, kwargs, length):
    registry = getattr(ln, name)
    before = _rows(registry)
    with pytest.raises(errors.ValidationError) as error:
        registry(uid="abc", **kwargs)
    assert str(error.value) == f"`uid` must be exactly {length} characters long, got 3."
    assert _rows(registry) == before


# -- type cycle -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["Record", "ULabel"])
def test_type_cycle_is_refused(name):
    registry = getattr(ln, name)
    top = registry(name="top", is_type=True).save()
    middle = registry(name="middle", is_type=True, type=top).save()
    bottom = registry(name="bottom", is_type=True, type=middle).save()
    before = _rows(registry)
    top.type = bottom
    with pytest.raises(
        (ValueError, errors.ValidationError),
        match="Cannot set type: would create a cycle",
    ):
        top.save()
    assert _rows(registry) == before


def test_own_type_is_refused():
    kind = make_record(name="kind", is_type=True)
    before = _rows(ln.Record)
    kind.type = kind
    with pytest.raises(
        (ValueError, errors.ValidationError),
        match="Cannot set type: record cannot be its own type",
    ):
        kind.save()
    assert _rows(ln.Record) == before


# -- locked records -------------------------------------------------------------


@pytest.fixture
def locked(db):
    return make_record(name="locked", is_locked=True)


def test_editing_a_locked_record_is_refused(locked):
    before = _rows(ln.Record)
    locked.name = "edited"
    with pytest.raises(errors.NoWriteAccess, match="not allowed to modify"):
        locked.save()
    assert _rows(ln.Record) == before


def test_deleting_a_locked_record_is_refused(locked):
    before = _rows(ln.Record)
    with pytest.raises(errors.NoWriteAccess):
        locked.delete()
    with pytest.raises(errors.NoWriteAccess):
        locked.delete(permanent=True)
    with pytest.raises(errors.NoWriteAccess):
        ln.Record.filter(name="locked").delete()
    assert _rows(ln.Record) == before


def test_bulk_update_of_a_locked_record_is_refused(locked):
    other = make_record(name="other")
    before = _rows(ln.Record)
    locked.name = "edited"
    other.name = "edited too"
    with pytest.raises(errors.NoWriteAccess):
        ln.save([other, locked])
    assert _rows(ln.Record) == before


def test_unlocking_then_editing_works(locked):
    locked.is_locked = False
    locked.save()
    locked.name = "edited"
    locked.save()
    assert ln.Record.get(locked.uid).name == "edited"


def test_locked_versioned_record():
    transform = make_transform(is_locked=True)
    before = _rows(ln.Transform)
    transform.description = "edited"
    with pytest.raises(errors.NoWriteAccess):
        transform.save()
    assert _rows(ln.Transform) == before


# -- the errors module (api.md §10) ----------------------------------------------


def test_django_errors_are_the_same_classes():
    assert errors.ObjectDoesNotExist is django.core.exceptions.ObjectDoesNotExist
    assert errors.DoesNotExist is errors.ObjectDoesNotExist
    assert errors.MultipleObjectsReturned is (
        django.core.exceptions.MultipleObjectsReturned
    )
    assert errors.MultipleResultsFound is errors.MultipleObjectsReturned
    assert ln.errors is errors


@pytest.mark.parametrize(
    "name",
    [
        "ValidationError",
        "InvalidArgument",
        "FieldValidationError",
        "IntegrityError",
        "NoWriteAccess",
        "InstanceNotFoundError",
        "TrackNotCalled",
        "NotebookNotSaved",
        "UnknownStorageLocation",
        "NoStorageLocationForSpace",
        "InconsistentKey",
        "MissingContextUID",
        "UpdateContext",
        "BlobHashNotFound",
        "FileNotInDevDir",
        "BranchAlreadyExists",
    ],
)
def test_lamingui_errors_subclass_exception_directly(name):
    assert getattr(errors, name).__bases__ == (Exception,)


def test_synonyms_not_supported_is_attribute_and_not_implemented_error():
    assert issubclass(errors.SynonymsNotSupported, AttributeError)
    assert issubclass(errors.SynonymsNotSupported, NotImplementedError)
