"""Mixins of the model layer; each module says whether it adds fields."""

from ..base import HasEmoji
from .curate import CanCurate, HasAbbr, HasSynonyms, InspectResult, ValidateFields
from .parents import HasParents
from .tracking import TracksRun, TracksUpdates
from .typed import HasType
from .versioned import IsVersioned

__all__ = [
    "CanCurate",
    "HasAbbr",
    "HasEmoji",
    "HasParents",
    "HasSynonyms",
    "HasType",
    "InspectResult",
    "IsVersioned",
    "TracksRun",
    "TracksUpdates",
    "ValidateFields",
]
