"""Loading offline ontologies: streaming parser, in-process LRU and disk cache.

bio.md §9.4 rule 5: tables are cached per (file, version) in process; large
ones on disk under ``$LAMINGUI_HOME/ontologies/cache/``, keyed by the source
file's MD5 and the loader version; stale or corrupt cache files are rebuilt;
writes are atomic. NCBITaxon is parsed in streaming fashion (≤ 1 GB peak).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from lamingui.bio.base import _cache, _loaders
from lamingui.bio.base._catalog import data_files, find_offline

CL = "bionty.CellType"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private LAMINGUI_HOME, an empty LRU and disk caching of every table."""
    monkeypatch.setenv("LAMINGUI_HOME", str(tmp_path))
    monkeypatch.delenv("LAMINGUI_ONTOLOGY_CACHE", raising=False)
    monkeypatch.setattr(_cache, "DISK_CACHE_MIN_TERMS", 0)
    _loaders._CACHE.clear()
    yield tmp_path
    _loaders._CACHE.clear()


def _offline(version: str | None = None):
    return find_offline(CL, version=version)[0]


def _path(offline) -> Path:
    md5 = _cache.file_md5(data_files() / offline.filename)
    return _cache.cache_path(offline.filename, md5)


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("parsed the source file instead of reading the cache")

    monkeypatch.setattr(_loaders, "table_from_terms", refuse)


def test_cache_file_is_keyed_by_md5_and_loader_version(home):
    offline = _offline("2026-03-26")
    _loaders.load_offline(offline)
    path = _path(offline)
    assert path.parent == home / "ontologies" / "cache"
    # bio.md §9.2: MD5 of the CL 2026-03-26 file
    assert "4997f1e26f4f29f26c2fba9021e21699" in path.name
    assert f"v{_cache.LOADER_VERSION}" in path.name
    assert path.is_file()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file


def test_cached_table_equals_the_parsed_one(home, monkeypatch):
    offline = _offline()
    parsed = _loaders.load_offline(offline)
    _loaders._CACHE.clear()
    _no_parsing(monkeypatch)
    cached = _loaders.load_offline(offline)
    assert cached is not parsed
    pd.testing.assert_frame_equal(cached.full, parsed.full)
    assert cached.full.loc["CL:0000084", "parents"] == ["CL:0000542"]
    assert cached.ancestors("CL:0000084") == parsed.ancestors("CL:0000084")
    assert len(cached.ancestors("CL:0000084")) == 9
    assert len(cached) == 3324


def test_in_process_lru_keeps_four_tables(home, monkeypatch):
    monkeypatch.setenv("LAMINGUI_ONTOLOGY_CACHE", "0")
    files = find_offline(CL)
    assert len(files) >= 4
    tables = [_loaders.load_offline(f) for f in files[:4]]
    assert _loaders.load_offline(files[0]) is tables[0]  # hit, now most recent
    _loaders.load_offline(find_offline("bionty.Ethnicity")[0])  # evicts files[1]
    assert len(_loaders._CACHE) == 4
    assert (files[1].filename, files[1].version) not in _loaders._CACHE
    assert _loaders.load_offline(files[0]) is tables[0]


def test_small_tables_stay_off_disk_by_default(home, monkeypatch):
    monkeypatch.setattr(_cache, "DISK_CACHE_MIN_TERMS", 100_000)
    _loaders.load_offline(_offline())
    assert not (home / "ontologies" / "cache").exists() or not any(
        (home / "ontologies" / "cache").iterdir()
    )


def test_disk_cache_can_be_switched_off(home, monkeypatch):
    monkeypatch.setenv("LAMINGUI_ONTOLOGY_CACHE", "0")
    assert len(_loaders.load_offline(_offline())) == 3324
    assert not (home / "ontologies").exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_corrupt_cache_file_is_ignored_and_rebuilt(home, monkeypatch, damage):
    offline = _offline()
    _loaders.load_offline(offline)
    path = _path(offline)
    good = path.read_bytes()
    path.write_bytes(
        {"garbage": b"not parquet at all", "truncated": good[: len(good) // 2]}.get(
            damage, b""
        )
    )
    _loaders._CACHE.clear()
    table = _loaders.load_offline(offline)
    assert len(table) == 3324
    assert table.full.loc["CL:0000084", "name"] == "T cell"
    # rewritten: a readable file that the next process gets without parsing
    md5 = _cache.file_md5(data_files() / offline.filename)
    assert len(_cache.read_cached(path, md5=md5)) == len(table.full)
    _loaders._CACHE.clear()
    _no_parsing(monkeypatch)
    assert len(_loaders.load_offline(offline)) == 3324


def test_stale_cache_file_is_ignored_and_rebuilt(home):
    old, new = _offline("2025-02-13"), _offline("2026-03-26")
    _loaders.load_offline(old)
    # a cache file of another source file (other MD5) placed under the new key
    _path(new).write_bytes(_path(old).read_bytes())
    _loaders._CACHE.clear()
    table = _loaders.load_offline(new)
    assert len(table) == 3324  # not the 2874 terms of 2025-02-13
    assert table.full.loc["CL:0000842", "name"] == "mononuclear leukocyte"
    md5 = _cache.file_md5(data_files() / new.filename)
    assert len(_cache.read_cached(_path(new), md5=md5)) == len(table.full)


def test_new_loader_version_ignores_and_replaces_old_files(home, monkeypatch):
    offline = _offline()
    _loaders.load_offline(offline)
    before = _path(offline)
    monkeypatch.setattr(_cache, "LOADER_VERSION", _cache.LOADER_VERSION + 1)
    _loaders._CACHE.clear()
    calls = []
    original = _loaders.table_from_terms
    monkeypatch.setattr(
        _loaders,
        "table_from_terms",
        lambda *a, **k: calls.append(1) or original(*a, **k),
    )
    _loaders.load_offline(offline)
    assert calls == [1]  # parsed again
    after = _path(offline)
    assert after != before
    assert after.is_file()
    assert not before.exists()  # the outdated file is removed


def test_failed_write_leaves_no_file_and_still_returns_the_table(
    home, monkeypatch, caplog
):
    import pyarrow.parquet as pq  # noqa: PLC0415 - patched below

    def half_write(table, where, **kwargs):
        Path(where).write_bytes(b"PAR1 half")
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", half_write)
    offline = _offline()
    table = _loaders.load_offline(offline)
    assert len(table) == 3324
    folder = home / "ontologies" / "cache"
    assert list(folder.iterdir()) == []  # neither the target nor the temp file
    assert "could not write the ontology cache" in caplog.text


def test_two_processes_share_one_cache_file(home):
    """Both build and write at once; each reads a complete table."""
    script = textwrap.dedent(
        """
        import json, django
        django.setup()
        from lamingui.bio.base import _cache, _loaders
        from lamingui.bio.base._catalog import find_offline
        _cache.DISK_CACHE_MIN_TERMS = 0
        for version in ("2025-02-13", "2025-04-10", "2025-07-30", "2026-03-26"):
            _loaders._CACHE.clear()
            offline = find_offline("bionty.CellType", version=version)[0]
            table = _loaders.load_offline(offline)
            print(json.dumps([version, len(table)]))
        """
    )
    env = _child_env(home)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=300)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0]
    expected = [["2025-02-13", 2874], ["2025-04-10", 2902], ["2025-07-30", 3129]]
    expected.append(["2026-03-26", 3324])
    for output in outputs:
        assert [json.loads(line) for line in output.splitlines()] == expected
    names = sorted(p.name for p in (home / "ontologies" / "cache").iterdir())
    assert len(names) == 4
    assert all(name.endswith(".parquet") for name in names)


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LAMINGUI_DATABASE_URL"}
    env.update(
        LAMINGUI_HOME=str(home),
        DJANGO_SETTINGS_MODULE="lamingui.django_settings",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    env.pop("LAMINGUI_ONTOLOGY_CACHE", None)
    return env


# -- the streaming JSON reader ---------------------------------------------------


def test_streaming_reader_matches_json_load_at_any_chunk_size():
    document = {
        "X:1": {"label": 'a } tricky, "label"', "ancestors": {}, "deprecated": False},
        "X:2": {
            "label": "ünïcode ✓",
            "synonyms": ["b|c", " d "],
            "ancestors": {"X:1": 1},
        },
        "X:3": {"label": "{[", "deprecated": True, "replaced_by": "X:2"},
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    for chunk in (1, 3, 7, 64, 1 << 20):
        pairs = list(_loaders.iter_json_object(io.StringIO(text), chunk=chunk))
        assert pairs == list(document.items())
    assert list(_loaders.iter_json_object(io.StringIO(" {} "))) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"X:1": {"label": "a"}, "X:2": {"lab', "Truncated or malformed"),
        ('{"X:1" {"label": "a"}}', "Malformed ontology JSON"),
        ('[{"X:1": 1}]', "must hold one object"),
    ],
)
def test_streaming_reader_rejects_bad_json(text, message):
    with pytest.raises(ValueError, match=message):
        list(_loaders.iter_json_object(io.StringIO(text), chunk=5))


# -- NCBITaxon (bio.md §10 case 7, full-file part) -------------------------------

NCBITAXON_SCRIPT = """
import json, django
django.setup()
from lamingui.bio.base import Organism
table = Organism(source="ncbitaxon", version="2026-05-13")._table
mouse = table.full[table.full["ontology_id"] == "NCBITaxon:10090"].iloc[0]
print(json.dumps({
    "rows": len(table.full),
    "name": mouse.name,
    "scientific_name": mouse["scientific_name"],
    "synonyms": mouse["synonyms"],
    "human": table.full.loc["homo sapiens", "ontology_id"],
    # VmHWM, not getrusage(): Linux carries ru_maxrss over from the forking
    # parent (the test process) across exec, so it would count pytest's memory
    "peak_mb": next(
        int(line.split()[1]) / 1024
        for line in open("/proc/self/status")
        if line.startswith("VmHWM:")
    ),
}))
"""


@pytest.mark.skipif(
    os.environ.get("LAMINGUI_DATABASE_URL", "").startswith("postgres"),
    reason="reads a file, no database: it runs once, in the SQLite pass",
)
def test_ncbitaxon_streams_within_one_gigabyte_and_is_cached(tmp_path):
    """Cold parse (about 15 s on two idle cores, once) then the cached table."""
    if not find_offline("bionty.Organism", name="ncbitaxon", version="2026-05-13"):
        pytest.skip("NCBITaxon 2026-05-13 is not in the installed ontology package")
    env = _child_env(tmp_path)
    results = []
    for _ in range(2):  # first run parses and writes the cache, second reads it
        done = subprocess.run(
            [sys.executable, "-c", NCBITAXON_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        results.append(json.loads(done.stdout.splitlines()[-1]))
    cache = list((tmp_path / "ontologies" / "cache").glob("NCBITaxon-*.parquet"))
    assert len(cache) == 1
    for result in results:
        assert result["rows"] == 1261575
        assert result["name"] == "mus musculus"
        assert result["scientific_name"] == "Mus musculus"
        assert set(result["synonyms"].split("|")) == {"house mouse", "mouse"}
        assert result["human"] == "NCBITaxon:9606"
        assert result["peak_mb"] < 1024, result
