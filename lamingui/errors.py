"""Errors raised by lamingui (``ln.errors``).

Django's lookup errors are re-exported as the same class objects, so
``except django.core.exceptions.ObjectDoesNotExist`` keeps working.
"""

from __future__ import annotations

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist

DoesNotExist = ObjectDoesNotExist
MultipleResultsFound = MultipleObjectsReturned


class ValidationError(Exception):
    """Values or keys failed validation (uid length, synonyms, feature values)."""


class InvalidType(ValidationError, ValueError):
    """A ``type`` assignment breaks the type rules: not a type, self, cycle, space.

    Also a ``ValueError``, the class lamindb raises for these cases.
    """


class InvalidArgument(Exception):
    """An argument is not valid for this call (unknown filter key, bad dtype)."""


class FieldValidationError(Exception):
    """A constructor received missing, unknown or invalid field values."""


class IntegrityError(Exception):
    """A write would break an invariant (e.g. revising a non-latest version)."""


class NoWriteAccess(Exception):
    """The write is not allowed: locked record, read-only space, no permission."""


class ConfirmationRequired(Exception):
    """A destructive action needs explicit confirmation (``permanent=True``)."""


class InstanceNotFoundError(Exception):
    """``connect()`` or ``ln.DB()`` named an instance that is not configured."""


class SynonymsNotSupported(AttributeError, NotImplementedError):
    """The registry has no ``synonyms`` field."""


class TrackNotCalled(Exception):
    """``ln.finish()`` was called without ``ln.track()``."""


class NotebookNotSaved(Exception):
    """The notebook was not saved before finishing a run."""


class UnknownStorageLocation(Exception):
    """An artifact path lies outside every known storage location."""


class NoStorageLocationForSpace(Exception):
    """No storage location is configured for the target space."""


class InconsistentKey(Exception):
    """A transform or artifact key is inconsistent with what is stored."""


class MissingContextUID(Exception):
    """Transform settings are missing in the tracking context."""


class UpdateContext(Exception):
    """Transform settings require an update."""


class BlobHashNotFound(Exception):
    """A blob hash was found neither in git nor in storage."""


class FileNotInDevDir(Exception):
    """A path lies outside the configured development directory."""


class BranchAlreadyExists(Exception):
    """A branch with this name or uid already exists."""


__all__ = [
    "BlobHashNotFound",
    "BranchAlreadyExists",
    "ConfirmationRequired",
    "DoesNotExist",
    "FieldValidationError",
    "FileNotInDevDir",
    "InconsistentKey",
    "InstanceNotFoundError",
    "IntegrityError",
    "InvalidArgument",
    "InvalidType",
    "MissingContextUID",
    "MultipleObjectsReturned",
    "MultipleResultsFound",
    "NoStorageLocationForSpace",
    "NoWriteAccess",
    "NotebookNotSaved",
    "ObjectDoesNotExist",
    "SynonymsNotSupported",
    "TrackNotCalled",
    "UnknownStorageLocation",
    "UpdateContext",
    "ValidationError",
]
