"""Curation: validate tables against schemas and import them (gui.md §7).

``validate_frame`` and ``import_frame`` are the one service behind both the
GUI's import pages and the Python API.
"""

from ._frame_report import FrameReport, ImportResult
from .dataframe import DataFrameCurator
from .frame import import_frame, validate_frame

__all__ = [
    "DataFrameCurator",
    "FrameReport",
    "ImportResult",
    "import_frame",
    "validate_frame",
]
