"""The one HTML allow-list of lamingui (gui.md §6.6.5), applied with nh3.

Every piece of HTML that comes from a user (rendered Markdown of notes, comments
and pages) passes through :func:`sanitize_html` before it reaches a page. The
allow-list is defined once, here; nothing else in lamingui builds its own.

What survives: the tags Markdown produces (paragraphs, headings, lists, emphasis,
code, quotes, links, images, tables, rules, line breaks, strike-through), the
attributes listed in :data:`ATTRIBUTES`, and URLs that are relative or use one of
:data:`URL_SCHEMES`. Everything else is removed, not escaped: a disallowed tag is
dropped (its text kept), and the tags in :data:`CLEAN_CONTENT_TAGS` are dropped
together with their content.
"""

from __future__ import annotations

import re

import nh3

__all__ = [
    "ATTRIBUTES",
    "CLEAN_CONTENT_TAGS",
    "LINK_REL",
    "TAGS",
    "URL_SCHEMES",
    "sanitize_html",
]

#: tags Markdown (tables, fenced code, lists) emits, and nothing else
TAGS: frozenset[str] = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br"),
        *("ul", "ol", "li", "blockquote", "pre", "code"),
        *("strong", "em", "del", "a", "img"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)

#: tags removed together with everything inside them (must not be in ``TAGS``)
CLEAN_CONTENT_TAGS: frozenset[str] = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}
)

#: attributes allowed per tag; ``rel`` on links is set by nh3 (``LINK_REL``)
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    # only ``language-<name>`` classes survive, see _filter_attribute
    "code": frozenset({"class"}),
}

#: attributes restricted to a fixed set of values (Markdown table alignment)
ATTRIBUTE_VALUES: dict[str, dict[str, frozenset[str]]] = {
    "th": {"align": frozenset({"left", "center", "right"})},
    "td": {"align": frozenset({"left", "center", "right"})},
}

#: schemes allowed in ``href`` and ``src``; relative URLs pass unchanged
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

#: added to every link: no ``window.opener``, no referrer, no ranking for spammers
LINK_REL = "noopener noreferrer nofollow"

#: a fenced-code language class as python-markdown writes it
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep ``class`` on ``<code>`` only for ``language-*`` names; pass the rest."""
    if attribute != "class":
        return value
    if tag != "code":
        return None
    kept = [c for c in value.split() if _LANGUAGE_CLASS.fullmatch(c)]
    return " ".join(kept) or None


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    tag_attribute_values={
        tag: {name: set(values) for name, values in attrs.items()}
        for tag, attrs in ATTRIBUTE_VALUES.items()
    },
    attribute_filter=_filter_attribute,
    url_schemes=set(URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list of this module.

    Args:
        html: untrusted HTML, e.g. the output of python-markdown.

    Returns:
        HTML that contains no script, no event handler, no style and no URL
        outside ``http``, ``https``, ``mailto`` and relative ones.

    >>> sanitize_html('<a href="javascript:alert(1)" onclick="x()">hi</a>')
    '<a rel="noopener noreferrer nofollow">hi</a>'
    """
    return _CLEANER.clean(html or "")
