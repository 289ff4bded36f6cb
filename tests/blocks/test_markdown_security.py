"""AC-NOTE-6 (gui.md §11): the listed vectors, checked on parsed HTML.

Each input is rendered by ``render_markdown`` and parsed with ``html.parser``:
no element among script, style, iframe, svg, form, object, embed, input; no
attribute starting with ``on``; no ``style``/``class``/``id`` (the sanitiser
keeps ``class="language-…"`` on ``<code>`` only, which no vector produces);
no ``href``/``src`` with a scheme other than http, https, mailto or relative.
Every ``<a>`` carries ``rel="noopener noreferrer nofollow"``; tables keep
their ``align`` attributes. The wider corpus is in ``test_sanitize.py``.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from lamingui.blocks.render import render_markdown
from tests.blocks.test_sanitize import url_scheme

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<a href="javascript&colon;alert(1)">x</a>',
    "<javascript:alert(1)>",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "<svg onload=alert(1)>",
    "<iframe src=//x>",
    '# Title {: onclick="alert(1)" }',
    "<!-- c --><style>*{}</style>",
]
FORBIDDEN = {"script", "style", "iframe", "svg", "form", "object", "embed", "input"}
SCHEMES = {"http", "https", "mailto", None}


class Elements(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def problems(html: str) -> list[str]:
    out = []
    for tag, attrs in Elements(html).found:
        if tag in FORBIDDEN:
            out.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in {"style", "class", "id"}:
                out.append(f"{name} on <{tag}>")
            if name in {"href", "src"} and url_scheme(value) not in SCHEMES:
                out.append(f"{name}={value!r} on <{tag}>")
        if tag == "a" and attrs.get("rel") != "noopener noreferrer nofollow":
            out.append(f"<a> without rel: {attrs}")
    return out


@pytest.mark.parametrize("vector", VECTORS)
def test_markdown_security_vector(vector):
    assert problems(render_markdown(vector)) == []


def test_markdown_security_all_vectors_in_one_note():
    assert problems(render_markdown("\n\n".join(VECTORS))) == []


def test_markdown_security_check_catches_what_it_must():
    # the checker itself fails on unsafe HTML (so passing above means something)
    for unsafe in (
        "<script></script>",
        '<p onclick="x">a</p>',
        '<p class="x">a</p>',
        '<a href="javascript:x" rel="noopener noreferrer nofollow">a</a>',
        '<a href="https://x.org">a</a>',
        '<img src="data:image/png;base64,AA">',
    ):
        assert problems(unsafe), unsafe


def test_markdown_security_links_get_rel_and_tables_keep_align():
    html = render_markdown(
        "[ok](https://lamin.ai) [rel](/gui/x/)\n\n| a |\n|--:|\n| 1 |"
    )
    assert problems(html) == []
    anchors = [a for tag, a in Elements(html).found if tag == "a"]
    assert [a["href"] for a in anchors] == ["https://lamin.ai", "/gui/x/"]
    cells = [a for tag, a in Elements(html).found if tag in {"th", "td"}]
    assert cells and all(cell.get("align") == "right" for cell in cells)
