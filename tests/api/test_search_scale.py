"""``search()`` at scale: index prefilters, typo tolerance, parameters (api.md §1.7).

Most tests run twice: with the search indexes of ``lamingui.db_search_indexes``
installed (``pg_trgm`` GIN on PostgreSQL, FTS5 trigram tables on SQLite) and
without them, where ``search()`` scans. Both must give the same answers.
"""

from __future__ import annotations

import logging

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

import lamingui as ln
from lamingui.db_search_indexes import (
    SEARCH_REGISTRIES,
    fts_table,
    fts_triggers,
    install_search_indexes,
)
from lamingui.models._search import score
from tests.factories import make_record, make_ulabel

pytestmark = pytest.mark.django_db


def drop_search_indexes() -> None:
    """Remove the indexes inside the test's transaction (rolled back afterwards)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP EXTENSION IF EXISTS pg_trgm CASCADE")
            return
        for name in SEARCH_REGISTRIES:
            table = ln.models.__dict__[name]._meta.db_table
            for trigger in fts_triggers(table):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
            cursor.execute(f'DROP TABLE IF EXISTS "{fts_table(table)}"')


def index_used(queries: list[dict], typo: bool = False) -> bool:
    """Whether SQL went through the search index (PostgreSQL: for typos, pg_trgm;
    to find substrings, the ILIKE that its GIN indexes answer)."""
    if connection.vendor == "postgresql":
        marker = "similarity(" if typo else "ILIKE"
    else:
        marker = " MATCH "
    return any(marker in q["sql"] for q in queries)


@pytest.fixture(params=["indexed", "scan"])
def indexes(request, db) -> str:
    if request.param == "indexed":
        install_search_indexes(connection)
    else:
        drop_search_indexes()
    return request.param


def names(result) -> list[str]:
    return [r.name for r in result]


# -- at scale --------------------------------------------------------------------


def test_exact_name_first_among_100000_similar_names(db):
    drop_search_indexes()  # filling them in one go afterwards is quicker
    ln.save([ln.Record(name=f"rec{i}") for i in range(100_000)])
    if connection.vendor == "postgresql":  # no index build with checks pending
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    install_search_indexes(connection)
    with CaptureQueriesContext(connection) as exact:
        result = names(ln.Record.search("rec5000"))
    assert result == ["rec5000"] + [f"rec5000{d}" for d in range(10)]
    assert index_used(exact.captured_queries)
    with CaptureQueriesContext(connection) as typo:
        result = names(ln.Record.search("rce5000"))
    assert result[0] == "rec5000"
    assert index_used(typo.captured_queries, typo=True)
    assert names(ln.Record.search("rec12", limit=3)) == ["rec12", "rec120", "rec121"]
    if connection.vendor == "postgresql":  # the planner really takes the indexes
        contains = exact.captured_queries[0]["sql"]
        assert "lamingui_trgm_record_text_" in plan(contains)
        candidates = next(
            q["sql"] for q in typo.captured_queries if "similarity(" in q["sql"]
        )
        assert "lamingui_trgm_record_name" in plan(candidates)


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


# -- typo tolerance ----------------------------------------------------------------

NAMES = (
    "experiment alpha",
    "experiment beta",
    "control group",
    "treatment 42",
    "baseline",
)


@pytest.fixture
def experiments(indexes):
    return {name: make_record(name=name) for name in NAMES}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("experimnet alpha", "experiment alpha"),  # two neighbours swapped
        ("controll group", "control group"),  # a letter too many
        ("contrl group", "control group"),  # a letter missing
        ("treatmant 42", "treatment 42"),  # a letter wrong
        ("baselnie", "baseline"),  # swapped right of the middle
        ("Experimant Alphq", "experiment alpha"),  # two wrong letters, any case
    ],
)
def test_a_typo_still_finds_its_name(experiments, query, expected):
    assert names(ln.Record.search(query))[0] == expected


def test_typo_matches_respect_limit_and_rank_the_closest_first(indexes):
    # rapidfuzz ratios to "sampel 11": 88.9, 84.2, 82.4 and 77.8 (under 80)
    for name in ("sample 1", "sample 12", "sample 111", "sample 11"):
        make_record(name=name)
    result = names(ln.Record.search("sampel 11", limit=None))
    assert result == ["sample 11", "sample 111", "sample 1"]
    assert names(ln.Record.search("sampel 11", limit=1)) == ["sample 11"]


def test_typo_search_uses_the_index_when_there_is_one(experiments, indexes):
    with CaptureQueriesContext(connection) as queries:
        assert names(ln.Record.search("experimnet alpha"))[0] == "experiment alpha"
    assert index_used(queries.captured_queries, typo=True) == (indexes == "indexed")


def test_no_typo_matching_for_unrelated_or_short_strings(experiments):
    assert names(ln.Record.search("zebra crossing")) == []
    assert names(ln.Record.search("q!")) == []  # "!" is in no uid


# -- parameters ----------------------------------------------------------------------


def test_exact_match_comes_first_whatever_the_order_of_insertion(indexes):
    for i in range(30):
        make_record(name=f"cell line {i}")
    make_record(name="cell")
    make_record(name="a cell", description="cell")
    fields = ["name", "description"]  # not the random uids
    result = names(ln.Record.search("cell", field=fields, limit=None))
    assert result[:2] == ["a cell", "cell"]  # "a cell" also matches its description
    assert len(result) == 32
    assert names(ln.Record.search("cell", field=fields, limit=5)) == result[:5]


def test_field_restricts_the_searched_columns(indexes):
    named = make_record(name="North Sea survey")
    described = make_record(name="other", description="a survey of the North Sea")
    assert list(ln.Record.search("north sea", field="name")) == [named]
    assert list(ln.Record.search("north sea", field="description")) == [described]
    both = ln.Record.search("north sea", field=["name", "description"])
    assert list(both) == [named, described]
    assert list(ln.Record.search("north sea")) == [named, described]


def test_case_sensitive_matches_case_and_turns_off_typo_matching(indexes):
    record = make_record(name="Alpha Centauri")
    assert list(ln.Record.search("alpha centauri")) == [record]
    assert list(ln.Record.search("alpha centauri", case_sensitive=True)) == []
    assert list(ln.Record.search("Alpha Centauri", case_sensitive=True)) == [record]
    assert list(ln.Record.search("alpha centaury")) == [record]  # a typo
    assert list(ln.Record.search("Alpha Centaury", case_sensitive=True)) == []


def test_quotes_percent_underscore_and_backslash_are_literal(indexes):
    odd = make_record(name='say "hi" to 100% of a_b\\')
    make_record(name="say hi to 1000 of aXb")
    assert list(ln.Record.search('"hi" to 100% of a_b\\')) == [odd]
    assert list(ln.Record.search("100%")) == [odd]
    assert list(ln.Record.search("a_b\\")) == [odd]


def test_other_registries_search_the_same_way(indexes):
    label = make_ulabel(name="Tregs")
    make_ulabel(name="B cells")
    assert list(ln.ULabel.search("tregs")) == [label]
    assert list(ln.ULabel.search("trges")) == [label]
    user = ln.User.get(1)
    assert list(ln.User.search(user.handle, field="handle")) == [user]


# -- keeping the index in step ---------------------------------------------------------


def test_the_index_follows_inserts_renames_and_updates(indexes):
    # case-sensitive: no typo matching that could hide a stale index
    def found(string):
        return list(ln.Record.search(string, case_sensitive=True))

    record = make_record(name="first name")
    assert found("first name") == [record]
    record.name = "second name"
    record.save()
    assert found("first name") == []
    assert found("second name") == [record]
    ln.Record.filter(pk=record.pk).update(name="third name")
    assert found("third name") == [record]
    record.delete(permanent=True)
    assert found("third name") == []


def test_uids_and_hashes_are_found_by_any_part(indexes, tmp_path, storage_root):
    record = make_record(name="identified")
    assert list(ln.Record.search(record.uid[3:11])) == [record]
    assert list(ln.Record.search(record.uid[:8].swapcase())) == [record]
    assert list(ln.Record.search(record.uid + "x")) == []  # longer than any uid
    path = tmp_path / "hashed.txt"
    path.write_text("hash me")
    artifact = ln.Artifact(path, key="hashed.txt").save()
    assert list(ln.Artifact.search(artifact.hash[2:12])) == [artifact]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_install_repairs_missing_triggers_and_refills(db):
    install_search_indexes(connection)
    table = ln.Record._meta.db_table
    insert_trigger = fts_triggers(table)[0]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER "{insert_trigger}"')
    missed = make_record(name="written without trigger")
    assert list(ln.Record.search("without trigger")) == [missed]  # scans meanwhile
    install_search_indexes(connection)
    with CaptureQueriesContext(connection) as queries:
        assert list(ln.Record.search("without trigger")) == [missed]
    assert index_used(queries.captured_queries)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_install_replaces_a_stale_text_index(db):
    install_search_indexes(connection)
    stale = "lamingui_trgm_record_text_00000000"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE INDEX "{stale}" ON lamindb_record USING btree (uid)')
    install_search_indexes(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'lamindb_record' "
            "AND indexname LIKE 'lamingui_trgm_%%'"
        )
        found = sorted(row[0] for row in cursor.fetchall())
    assert stale not in found
    assert "lamingui_trgm_record_name" in found
    assert len([n for n in found if n.startswith("lamingui_trgm_record_text_")]) == 1


def test_install_warns_and_search_scans_when_the_index_is_unavailable(db, caplog):
    drop_search_indexes()
    refused = "CREATE EXTENSION" if connection.vendor == "postgresql" else "VIRTUAL"

    def refuse(execute, sql, params, many, context):
        if refused in sql:
            raise DatabaseError("not available here")
        return execute(sql, params, many, context)

    with (
        caplog.at_level(logging.WARNING, logger="lamingui"),
        connection.execute_wrapper(refuse),
    ):
        install_search_indexes(connection)
    assert "search()" in caplog.text and "not available here" in caplog.text
    record = make_record(name="still searchable")
    with CaptureQueriesContext(connection) as queries:
        assert list(ln.Record.search("still searchable")) == [record]
        assert list(ln.Record.search("still serachable")) == [record]
    assert not any("MATCH" in q["sql"] for q in queries.captured_queries)


# -- scoring -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "string", "points"),
    [
        ("T cell", "T cell", 223),  # every rule
        ("a|b|T cell", "t cell", 223),  # one whole "|" segment
        ("my T cell line", "t cell", 15),
        ("PT cell", "t cell", 3),
        ("T-cell regulator", "t cell", 0),
        ("ab|cd ef", "cd", 15),  # after "|" but a space follows: no 8
        ("aaa", "aa", 13),  # overlapping occurrences: start and end both count
        ("x.tc,y", "tc", 13),
    ],
)
def test_score_follows_the_table_of_the_spec(value, string, points):
    assert score(value, string, case_sensitive=False) == points
