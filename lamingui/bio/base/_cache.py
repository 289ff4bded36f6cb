"""Disk cache of parsed ontology tables (bio.md §9.4 rule 5).

Parsing the large offline files (Cellosaurus, CHEBI, NCBITaxon) takes seconds;
their parsed table is kept as a Parquet file under
``$LAMINGUI_HOME/ontologies/cache/`` and read back in well under a second.

* The file name carries the source file's MD5 and :data:`LOADER_VERSION`, so a
  changed source file or a changed loader never meets an old cache file. The
  same two values are stored in the Parquet metadata and checked on reading: a
  file whose metadata does not match (stale) or that cannot be read (corrupt,
  truncated) is ignored, and the caller rebuilds and rewrites it.
* Writes go to a temporary file in the same folder and are renamed into place
  (``os.replace``), so a reader in another process sees either no file or a
  complete one, never a half-written file.
* A cache folder that cannot be written (read-only home) only costs speed: the
  table is still returned, and a warning is logged.

Set ``LAMINGUI_ONTOLOGY_CACHE=0`` to neither read nor write the disk cache.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

logger = logging.getLogger(__name__)

#: Bump when the parsing rules or the table layout change: old files are ignored.
LOADER_VERSION = 2
#: Tables with at least this many terms are cached on disk (CVCL, CHEBI, NCBITaxon;
#: the next largest file, MONDO with 32k terms, loads in under a second).
DISK_CACHE_MIN_TERMS = 100_000
_META_KEY = b"lamingui.ontology_cache"


def cache_dir() -> Path:
    """``$LAMINGUI_HOME/ontologies/cache`` (``~/.lamingui`` without the variable)."""
    home = os.environ.get("LAMINGUI_HOME") or Path.home() / ".lamingui"
    return Path(home) / "ontologies" / "cache"


def disk_cache_enabled() -> bool:
    return os.environ.get("LAMINGUI_ONTOLOGY_CACHE", "1").lower() not in {
        "0",
        "false",
        "no",
        "off",
    }


def file_md5(source: Any) -> str:
    """MD5 hex digest of a file (a ``Path`` or an ``importlib`` ``Traversable``)."""
    digest = hashlib.md5(usedforsecurity=False)
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_path(filename: str, md5: str) -> Path:
    """Where the table parsed from ``filename`` (with this MD5) is cached."""
    stem = filename.split(".json")[0]
    return cache_dir() / f"{stem}__{md5}__v{LOADER_VERSION}.parquet"


def read_cached(path: Path, *, md5: str) -> pd.DataFrame | None:
    """The cached frame at ``path``; None if missing, stale or unreadable."""
    if not path.is_file():
        return None
    try:
        import pyarrow.parquet as pq  # noqa: PLC0415 - only needed with a cache file

        table = pq.read_table(path)
        meta = json.loads((table.schema.metadata or {})[_META_KEY])
        expected = {"md5": md5, "loader_version": LOADER_VERSION}
        expected["rows"] = table.num_rows
        stale = any(meta.get(key) != value for key, value in expected.items())
        if stale or meta.get("index") not in table.column_names:
            logger.info("ignoring stale ontology cache file %s", path.name)
            return None
        columns = _columns(table)
        index = pd.Index(columns.pop(meta["index"]), name=meta["index"], dtype=object)
    except Exception as error:  # any unreadable file is rebuilt
        logger.info("ignoring unreadable ontology cache file %s: %s", path.name, error)
        return None
    return pd.DataFrame(columns, index=index, copy=False)


def _columns(table: Any) -> dict[str, Any]:
    """Object columns (bools stay bool), ``parents`` split back into lists.

    Built column by column and handed to pandas without a copy: far faster for a
    million rows than ``to_pandas()`` followed by ``set_index()``.
    """
    import numpy as np  # noqa: PLC0415 - pandas' dependency

    columns: dict[str, Any] = {}
    for name in table.column_names:
        if name == "parents":
            values = np.empty(table.num_rows, dtype=object)
            values[:] = [p.split("|") if p else [] for p in table[name].to_pylist()]
        else:
            values = table[name].to_numpy(zero_copy_only=False)
            if values.dtype != object and name != "deprecated":
                values = values.astype(object)
        columns[name] = values
    return columns


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of objects.

    Parsing creates only acyclic containers; the collector's repeated passes
    over them otherwise cost more than the parsing itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_cached(path: Path, frame: pd.DataFrame, *, md5: str) -> bool:
    """Write ``frame`` to ``path`` atomically; False (and a warning) on failure."""
    import pyarrow as pa  # noqa: PLC0415 - only needed when writing a cache file
    import pyarrow.parquet as pq  # noqa: PLC0415 - only needed when writing a cache file

    tmp = None
    try:
        index = str(frame.index.name)
        flat = frame.reset_index()
        flat["parents"] = ["|".join(p) or None for p in flat["parents"].tolist()]
        table = pa.Table.from_pandas(flat, preserve_index=False)
        meta = {"md5": md5, "loader_version": LOADER_VERSION, "rows": len(flat)}
        meta["index"] = index
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), _META_KEY: json.dumps(meta).encode()}
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        os.close(fd)
        pq.write_table(table, tmp)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the cache is not secret
        os.replace(tmp, path)
    except (OSError, ValueError, TypeError, pa.ArrowException) as error:
        logger.warning("could not write the ontology cache %s: %s", path, error)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
    _remove_older(path)
    return True


def _remove_older(path: Path) -> None:
    """Delete cache files of the same source file with another MD5 or version."""
    stem = path.name.split("__")[0]
    for other in path.parent.glob(f"{stem}__*.parquet"):
        if other != path and other.name.split("__")[0] == stem:
            other.unlink(missing_ok=True)
