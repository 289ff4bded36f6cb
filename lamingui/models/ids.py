"""uid generation and base62 arithmetic (models.md §1.2) and content hashes (§1.8)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable
from typing import Any

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DECODE = {c: i for i, c in enumerate(BASE62)}
HASH_LENGTH = 22


def base62(n_char: int) -> str:
    """Return a random base62 string of ``n_char`` characters.

    Bytes come from the OS CSPRNG; values >= 248 (= 4 * 62) are rejected so that
    every character is uniformly distributed, as ``secrets.choice`` would be.
    """
    out: list[str] = []
    while len(out) < n_char:
        for b in os.urandom(n_char + 4):
            if b < 248:
                out.append(BASE62[b % 62])
                if len(out) == n_char:
                    break
    return "".join(out)


def base62_4() -> str:
    return base62(4)


def base62_8() -> str:
    return base62(8)


def base62_12() -> str:
    return base62(12)


def base62_16() -> str:
    return base62(16)


def base62_20() -> str:
    return base62(20)


def decode_base62(s: str) -> int:
    """Decode a base62 string to an integer (``"000A"`` -> 10)."""
    n = 0
    for c in s:
        n = n * 62 + _DECODE[c]
    return n


def encode_base62(n: int, width: int = 4) -> str:
    """Encode a non-negative integer as base62, left-padded with ``0`` to ``width``."""
    if n < 0:
        raise ValueError("base62 numbers are non-negative")
    chars: list[str] = []
    while n:
        n, r = divmod(n, 62)
        chars.append(BASE62[r])
    return "".join(reversed(chars)).rjust(width, "0")


def increment_base62(s: str) -> str:
    """Return the next base62 number of the same width (``"0009"`` -> ``"000A"``)."""
    return encode_base62(decode_base62(s) + 1, len(s))


def max_suffix(uids: Iterable[str], n: int = 4) -> str | None:
    """Largest version suffix among ``uids`` by base62 value, never by collation."""
    best: str | None = None
    best_value = -1
    for uid in uids:
        value = decode_base62(uid[-n:])
        if value > best_value:
            best, best_value = uid[-n:], value
    return best


def hash_string(s: str) -> str:
    """MD5 of the UTF-8 bytes, URL-safe base64 without padding, 22 characters."""
    digest = hashlib.md5(s.encode(), usedforsecurity=False).digest()
    return base64.urlsafe_b64encode(digest).decode()[:HASH_LENGTH]


def hash_dict(d: dict[str, Any]) -> str:
    return hash_string(json.dumps(d, sort_keys=True))


def hash_set(s: Iterable[str]) -> str:
    return hash_string(":".join(sorted(s)))


def hash_file(path: os.PathLike | str, chunk_size: int = 1 << 20) -> tuple[str, str]:
    """Hash a file's bytes; return ``(hash, hash_type)``.

    Files up to 64 MiB get an MD5 of all bytes (``md5``); larger files hash the
    size plus the first and last chunk (``md5-fl``), like lamindb's fast path.
    """
    size = os.path.getsize(path)
    md5 = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        if size <= 64 * chunk_size:
            for block in iter(lambda: fh.read(chunk_size), b""):
                md5.update(block)
            kind = "md5"
        else:
            md5.update(str(size).encode())
            md5.update(fh.read(chunk_size))
            fh.seek(-chunk_size, os.SEEK_END)
            md5.update(fh.read(chunk_size))
            kind = "md5-fl"
    return base64.urlsafe_b64encode(md5.digest()).decode()[:HASH_LENGTH], kind
