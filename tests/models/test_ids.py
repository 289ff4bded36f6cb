"""uids, base62 arithmetic and hashes (models.md §1.2, §1.8)."""

from __future__ import annotations

import base64
import hashlib

import pytest

import lamingui as ln
from lamingui.models import _is_versioned
from lamingui.models.ids import (
    BASE62,
    HASH_LENGTH,
    base62,
    decode_base62,
    encode_base62,
    hash_dict,
    hash_set,
    hash_string,
    increment_base62,
    max_suffix,
)


def test_ids_alphabet_is_digits_upper_lower():
    assert BASE62 == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("0000", "0001"),
        ("0009", "000A"),
        ("000Z", "000a"),
        ("000z", "0010"),
        ("00zz", "0100"),
        ("0Zzz", "0a00"),
    ],
)
def test_ids_increment_base62(before, after):
    assert increment_base62(before) == after


def test_ids_encode_and_decode_round_trip():
    assert decode_base62("000A") == 10
    assert decode_base62("0010") == 62
    assert encode_base62(62) == "0010"
    assert encode_base62(0) == "0000"
    for n in (0, 1, 61, 62, 3843, 3844, 62**4 - 1):
        assert decode_base62(encode_base62(n)) == n
    with pytest.raises(ValueError):
        encode_base62(-1)


def test_ids_max_suffix_uses_base62_value_not_collation():
    stem = "abcdefghijkl"
    # a case-insensitive collation would put "000B" after "000a"; base62 does not
    assert max_suffix([stem + "000B", stem + "000a", stem + "0009"]) == "000a"
    assert max_suffix([stem + "000z", stem + "0010"]) == "0010"
    assert max_suffix([]) is None


@pytest.mark.django_db
def test_ids_next_version_uses_the_family_maximum():
    stem = "abcdefghijkl"
    ln.Transform(uid=stem + "000B", key="fam.py", source_code="1").save()
    head = ln.Transform(uid=stem + "000a", key="fam.py", source_code="2").save()
    trashed = ln.Transform(uid=stem + "0009", key="fam.py", source_code="3").save()
    trashed.delete()
    assert _is_versioned.max_version_uid_in_family(trashed) == "000a"
    assert ln.Transform(source_code="4", revises=head).uid == stem + "000b"


@pytest.mark.django_db
def test_ids_trashed_versions_count_for_the_next_suffix():
    t1 = ln.Transform(key="fam.py", source_code="1").save()
    t2 = ln.Transform(key="fam.py", source_code="2").save()
    t2.delete()
    t3 = ln.Transform(key="fam.py", source_code="3").save()
    assert t3.uid == t1.stem_uid + "0002"


def test_ids_hash_string_is_22_url_safe_characters():
    assert HASH_LENGTH == 22
    assert hash_string("") == "1B2M2Y8AsgTpgAmY7PhCfg"  # MD5 of b""
    digest = hashlib.md5(b"lamin", usedforsecurity=False).digest()
    expected = base64.urlsafe_b64encode(digest).decode()[:22]
    assert hash_string("lamin") == expected
    for text in ("a", "é" * 100, "x" * 10_000):
        value = hash_string(text)
        assert len(value) == 22
        assert "=" not in value and "+" not in value and "/" not in value


def test_ids_hash_dict_and_hash_set_ignore_order():
    assert hash_dict({"a": 1, "b": [1, 2]}) == hash_dict({"b": [1, 2], "a": 1})
    assert hash_dict({"a": 1}) == hash_string('{"a": 1}')
    assert hash_dict({"a": 1}) != hash_dict({"a": 2})
    assert hash_set({"y", "x"}) == hash_string("x:y")
    assert hash_set(["b", "a"]) == hash_set(["a", "b"])


@pytest.mark.parametrize("n", [8, 12, 16, 20])
def test_ids_random_uids_use_the_alphabet(n):
    uids = {base62(n) for _ in range(200)}
    assert len(uids) == 200  # no repeats
    assert all(len(uid) == n for uid in uids)
    assert set("".join(uids)) <= set(BASE62)


def test_ids_random_uids_cover_the_whole_alphabet():
    seen = set("".join(base62(20) for _ in range(500)))
    assert seen == set(BASE62)
