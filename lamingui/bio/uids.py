"""Deterministic uids of bio records (bio.md §1.3), byte-compatible with bionty.

The uid is the MD5 digest of a string, written in base62 with the alphabet
``0-9A-Za-z`` and cut to the uid length. Leading zero bytes of the digest are
written as ``"0"`` followed by the alphabet character of their count, so that
they survive the integer conversion.
"""

from __future__ import annotations

import hashlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _encode_int(number: int) -> str:
    digits: list[str] = []
    while number > 0:
        number, rest = divmod(number, 62)
        digits.append(ALPHABET[rest])
    return "".join(reversed(digits)) or "0"


def encodebytes(data: bytes) -> str:
    """base62 text of ``data``; leading zero bytes are kept as ``0<count>`` runs."""
    zeros = len(data) - len(data.lstrip(b"\x00"))
    full, rest = divmod(zeros, len(ALPHABET) - 1)
    prefix = ("0" + ALPHABET[-1]) * full + (("0" + ALPHABET[rest]) if rest else "")
    if zeros == len(data):
        return prefix
    return prefix + _encode_int(int.from_bytes(data, "big"))


def hash62(text: str, n_char: int) -> str:
    """First ``n_char`` base62 characters of the MD5 digest of ``text``."""
    digest = hashlib.md5(text.encode("utf-8"), usedforsecurity=False).digest()
    return encodebytes(digest)[:n_char]


def source_uid(entity: str, name: str, organism: str, version: str) -> str:
    """uid of a ``Source`` row: 8 characters."""
    return hash62(f"{entity or ''}{name or ''}{organism or ''}{version or ''}", 8)


def record_uid(key: str) -> str:
    """uid of a bio or pert record: 14 characters of the hash of ``key``."""
    return hash62(key, 14)
