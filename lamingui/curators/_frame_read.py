"""Read an uploaded table (CSV, TSV or Excel) into a DataFrame of strings.

Every cell stays a string (empty cells are ``""``) so that validation sees the
file as the curator wrote it. ``TableError`` carries a message for the upload
form (gui.md §7.3 step 1): not UTF-8, empty, header only, duplicate column
names, too many rows or columns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd

MAX_COLUMNS = 500
DEFAULT_MAX_ROWS = 200_000
_DELIMITERS = ",\t;|"
_EXCEL_MAGIC = b"PK\x03\x04"


class TableError(ValueError):
    """The uploaded file cannot be read as a table; the message says why."""


@dataclass
class Table:
    frame: pd.DataFrame
    delimiter: str
    """Detected delimiter; empty for Excel files."""


def is_excel(raw: bytes, filename: str) -> bool:
    return filename.lower().endswith(".xlsx") or raw.startswith(_EXCEL_MAGIC)


def read_table(
    raw: bytes,
    filename: str,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> Table:
    """The table in ``raw``; ``TableError`` with a message for the curator."""
    if not raw.strip():
        raise TableError("The file is empty.")
    if is_excel(raw, filename):
        header, frame, delimiter = _read_excel(raw)
    else:
        header, frame, delimiter = _read_text(raw, filename)
    duplicates = sorted({c for c in header if header.count(c) > 1})
    if duplicates:
        raise TableError(f"Duplicate column names: {', '.join(duplicates)}.")
    if len(header) > max_columns:
        raise TableError(
            f"The file has {len(header)} columns; at most {max_columns} are allowed."
        )
    if frame.empty:
        raise TableError("The file has a header but no rows.")
    if len(frame) > max_rows:
        raise TableError(
            f"The file has {len(frame):,} rows; at most {max_rows:,} are allowed."
        )
    frame.columns = header
    return Table(frame.fillna("").astype(str), delimiter)


def _read_text(raw: bytes, filename: str) -> tuple[list[str], pd.DataFrame, str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(
            "The file is not UTF-8 text. Re-save the file as UTF-8."
        ) from None
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _sniff(text[:65536], first, filename)
    header = next(csv.reader([first], delimiter=delimiter))
    header = [h.strip() for h in header]
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            header=None,
            skiprows=1,
            names=range(len(header)),
            skip_blank_lines=True,
        )
    except (ValueError, pd.errors.ParserError) as error:
        raise TableError(f"The file is not a readable table: {error}") from None
    return header, frame, delimiter


def _sniff(sample: str, first: str, filename: str) -> str:
    if filename.lower().endswith(".tsv"):
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_excel(raw: bytes) -> tuple[list[str], pd.DataFrame, str]:
    try:
        frame = pd.read_excel(
            io.BytesIO(raw),
            sheet_name=0,
            header=None,
            dtype=str,
            keep_default_na=False,
            engine="openpyxl",
        )
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise TableError(f"The Excel file cannot be read: {error}") from None
    frame = frame.dropna(how="all")
    if frame.empty:
        raise TableError("The file is empty.")
    header = ["" if pd.isna(h) else str(h).strip() for h in frame.iloc[0]]
    body = frame.iloc[1:].reset_index(drop=True)
    body.columns = range(len(header))
    return header, body, ""
