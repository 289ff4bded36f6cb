"""Markdown to (unsanitised) HTML with python-markdown; no Django needed.

:mod:`lamingui.blocks.render` calls :func:`convert` in-process for short texts
and runs this module in a child process (:func:`main`, stdin to stdout) for
long ones, so that a pathological text can be stopped after a time limit.

python-markdown scans for the closing bracket of every ``[`` and the closing
parenthesis of every ``](``, which takes quadratic time on texts such as
``"[" * 20_000`` (Python-Markdown issue #798). :class:`BoundedLinks` stops a
scan once brackets nest deeper than :data:`MAX_LINK_NESTING`; no real link
nests that deep.
"""

from __future__ import annotations

import re
import sys
import types
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

__all__ = ["EXTENSIONS", "MAX_LINK_NESTING", "BoundedLinks", "convert", "main"]

#: link text or URL parentheses nested deeper than this is not a link
MAX_LINK_NESTING = 16

_BRACKETS = re.compile(r"[\[\]]")
_PARENS = re.compile(r"[()]")


def _bounded_get_text(
    self: LinkInlineProcessor, data: str, index: int
) -> tuple[str, int, bool]:
    """``LinkInlineProcessor.getText`` with a nesting bound, scanning in C."""
    depth = 1
    for match in _BRACKETS.finditer(data, index):
        depth += 1 if match.group() == "[" else -1
        if depth == 0:
            return data[index : match.start()], match.end(), True
        if depth > MAX_LINK_NESTING:
            break
    return "", index, False


def _bounded_get_link(
    self: LinkInlineProcessor, data: str, index: int
) -> tuple[str, str | None, int, bool]:
    """Refuse ``(`` nested deeper than the bound, else python-markdown's getLink."""
    depth = 0
    for match in _PARENS.finditer(data, index):
        depth += 1 if match.group() == "(" else -1
        if depth <= 0:
            break
        if depth > MAX_LINK_NESTING:
            return "", None, index, False
    return LinkInlineProcessor.getLink(self, data, index)


class BoundedLinks(Extension):
    """Bound the bracket and parenthesis scans of every link-like pattern."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor.getText = types.MethodType(_bounded_get_text, processor)
                processor.getLink = types.MethodType(_bounded_get_link, processor)


#: python-markdown extensions (gui.md §6.6.5; tables emit ``align`` attributes)
EXTENSIONS: tuple[Any, ...] = ("tables", "fenced_code", "sane_lists")
_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}


def convert(text: str) -> str | None:
    """Markdown to HTML, not sanitised; ``None`` if the text nests too deeply."""
    # a Markdown instance keeps state between conversions: one per call
    converter = markdown.Markdown(
        extensions=[*EXTENSIONS, BoundedLinks()],
        extension_configs=_EXTENSION_CONFIGS,
        output_format="html",
    )
    try:
        return converter.convert(text)
    except RecursionError:  # e.g. "- " * 1000: lists nested a thousand deep
        return None


def main() -> None:
    """Child-process entry: Markdown on stdin, HTML on stdout, exit 1 on failure."""
    html = convert(sys.stdin.buffer.read().decode("utf-8"))
    if html is None:
        sys.exit(1)
    sys.stdout.buffer.write(html.encode("utf-8"))


if __name__ == "__main__":
    main()
