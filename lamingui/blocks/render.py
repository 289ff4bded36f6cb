"""Markdown to safe HTML: the one rendering pipeline (gui.md §6.6.5).

Notes, comments, previews, history views and pages all render through
:func:`render_markdown`, so what a preview shows is what a saved note shows.

1. python-markdown with ``tables`` (alignment as ``align`` attributes, not
   ``style``), ``fenced_code`` and ``sane_lists`` (:mod:`._convert`). Raw HTML
   in the source is passed through by python-markdown and is never trusted:
2. the result is sanitised by :func:`lamingui.blocks.sanitize.sanitize_html`.

python-markdown takes quadratic time or recurses without bound on some inputs
(``"<a " * 70_000`` runs for minutes). Texts longer than
:data:`INPROCESS_MAX_CHARS` are therefore converted in a child process that is
stopped after :data:`RENDER_TIMEOUT` seconds; a text that cannot be converted
is shown as escaped plain text instead. Results, fallbacks included, are cached
by the content hash (``hash_string``, as stored in a block's ``hash`` column)
in a bounded LRU cache.
"""

from __future__ import annotations

import hashlib
import html
import logging
import subprocess
import sys
import threading
from functools import lru_cache
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

from ..models.ids import hash_string
from ._convert import convert
from .sanitize import sanitize_html

logger = logging.getLogger("lamingui")

__all__ = [
    "CACHE_SIZE",
    "INPROCESS_MAX_CHARS",
    "RENDER_TIMEOUT",
    "render_markdown",
    "render_markdown_safe",
]

#: rendered notes kept in memory (gui.md §6.6.5: 512)
CACHE_SIZE = 512
#: longer texts are converted in a child process (in-process worst case ~0.3 s)
INPROCESS_MAX_CHARS = 4_000
#: seconds a child process may take before the text is shown as plain text
RENDER_TIMEOUT = 5.0
#: child processes converting at the same time, at most
MAX_CHILDREN = 4

_children = threading.BoundedSemaphore(MAX_CHILDREN)
#: the child imports lamingui.blocks._convert from this checkout, not from cwd
_ROOT = str(Path(__file__).resolve().parents[2])
_CHILD_CODE = (
    f"import sys; sys.path.insert(0, {_ROOT!r}); "
    "from lamingui.blocks._convert import main; main()"
)


def render_markdown(text: str | None) -> str:
    """Render Markdown to sanitised HTML.

    Args:
        text: Markdown source; raw HTML inside it is sanitised like the rest.

    Returns:
        An HTML fragment safe to insert into a page (``""`` for no text).

    >>> render_markdown("**hi** <script>alert(1)</script>")
    '<p><strong>hi</strong> </p>'
    """
    if not text:
        return ""
    return _render_cached(_Source(text))


def render_markdown_safe(text: str | None) -> SafeString:
    """:func:`render_markdown` marked safe for Django templates.

    ``mark_safe`` is applied to the sanitiser's output and nowhere else.
    """
    return mark_safe(render_markdown(text))  # noqa: S308 - output of sanitize_html


class _Source:
    """Cache key carrying its text: equal when the content hashes are equal.

    The key is ``hash_string(text)``, the hash blocks store. A SHA-256 digest
    is compared too, so that two texts crafted to collide under MD5 never share
    an entry. The text itself is dropped once rendered, so the cache holds the
    HTML and the two digests, not a second copy of every note.
    """

    __slots__ = ("digest", "key", "text")

    def __init__(self, text: str) -> None:
        self.text: str | None = text
        self.key = hash_string(text)
        self.digest = hashlib.sha256(text.encode()).digest()

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Source)
            and other.key == self.key
            and other.digest == self.digest
        )


@lru_cache(maxsize=CACHE_SIZE)
def _render_cached(source: _Source) -> str:
    text, source.text = source.text or "", None
    return _render(text)


def _render(text: str) -> str:
    if len(text) <= INPROCESS_MAX_CHARS:
        converted = convert(text)
    else:
        converted = _convert_in_child(text)
    if converted is None:
        return _plain(text)
    return sanitize_html(converted)


def _convert_in_child(text: str) -> str | None:
    """:func:`convert` in a child process, ``None`` on failure or timeout."""
    with _children:
        try:
            done = subprocess.run(  # noqa: S603 - fixed argv, text goes to stdin
                [sys.executable, "-I", "-c", _CHILD_CODE],
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=RENDER_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:  # run() has killed the child
            logger.warning(
                "Markdown of %s characters took over %ss; shown as plain text",
                len(text),
                RENDER_TIMEOUT,
            )
            return None
        except OSError as error:  # no interpreter to start (embedded Python)
            logger.warning("Markdown child process failed to start: %s", error)
            return None
    if done.returncode != 0:
        logger.warning("Markdown could not be converted; shown as plain text")
        return None
    return done.stdout.decode("utf-8")


def _plain(text: str) -> str:
    """The fallback: the text escaped in a ``<pre>``, sanitised like the rest."""
    return sanitize_html(f"<pre>{html.escape(text)}</pre>")
