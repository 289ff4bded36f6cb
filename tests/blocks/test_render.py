"""``render_markdown``: normal Markdown renders; one sanitiser; cached by hash."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from lamingui.blocks import _convert, render, sanitize
from lamingui.blocks.render import render_markdown, render_markdown_safe
from lamingui.blocks.sanitize import sanitize_html
from lamingui.models.ids import hash_string
from tests.blocks.test_sanitize import XSS_PAYLOADS, violations

REL = 'rel="noopener noreferrer nofollow"'


@pytest.fixture(autouse=True)
def _empty_cache():
    render._render_cached.cache_clear()
    yield
    render._render_cached.cache_clear()


def test_render_table_keeps_alignment_as_attributes():
    out = render_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
    assert "<table>" in out and "<thead>" in out and "<tbody>" in out
    assert '<th align="left">a</th>' in out
    assert '<td align="center">2</td>' in out
    assert '<td align="right">3</td>' in out
    assert "style" not in out


def test_render_fenced_code_keeps_language_and_escapes_html():
    out = render_markdown("```python\nif a < b:\n    print('<b>')\n```")
    assert out.startswith('<pre><code class="language-python">')
    assert "if a &lt; b:" in out and "&lt;b&gt;" in out


def test_render_lists_headings_quotes_and_emphasis():
    out = render_markdown(
        "# Title\n\n## Sub\n\n- one\n- two\n\n1. first\n2. second\n\n"
        "> quoted\n\n**bold** *em* `code`\n\n---\n\nline  \nbreak"
    )
    for fragment in (
        "<h1>Title</h1>",
        "<h2>Sub</h2>",
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
        "<ol>\n<li>first</li>\n<li>second</li>\n</ol>",
        "<blockquote>\n<p>quoted</p>\n</blockquote>",
        "<strong>bold</strong> <em>em</em> <code>code</code>",
        "<hr>",
        "line<br>",
    ):
        assert fragment in out


def test_render_sane_lists_do_not_mix_list_types():
    out = render_markdown("1. a\n2. b\n\n- c\n- d")
    assert out.count("<ol>") == 1 and out.count("<ul>") == 1


def test_render_links_keep_safe_urls_and_get_rel():
    out = render_markdown(
        "[web](https://lamin.ai/docs) [mail](mailto:a@example.org) "
        "[page](/gui/record/abc/) [titled](https://x.org 'T') <https://auto.org>"
    )
    assert f'<a href="https://lamin.ai/docs" {REL}>web</a>' in out
    assert f'<a href="mailto:a@example.org" {REL}>mail</a>' in out
    assert f'<a href="/gui/record/abc/" {REL}>page</a>' in out
    assert f'<a href="https://x.org" title="T" {REL}>titled</a>' in out
    assert f'<a href="https://auto.org" {REL}>https://auto.org</a>' in out


def test_render_images_with_https_keep_src_alt_title():
    out = render_markdown('![a plot](https://x.org/p.png "Plot")')
    assert '<img alt="a plot" src="https://x.org/p.png" title="Plot">' in out


def test_render_raw_html_is_removed_not_escaped():
    out = render_markdown("before <span onclick=x>inside</span> <del>gone</del>")
    assert out == "<p>before inside <del>gone</del></p>"


@pytest.mark.parametrize("text", ["", None])
def test_render_nothing_is_empty(text):
    assert render_markdown(text) == ""


def test_render_markdown_safe_marks_only_sanitised_output():
    text = "**x** <script>alert(1)</script>"
    safe = render_markdown_safe(text)
    assert isinstance(safe, SafeString)
    assert safe == render_markdown(text) == "<p><strong>x</strong> </p>"
    page = Template("{{ note }}").render(Context({"note": safe}))
    assert page == "<p><strong>x</strong> </p>"  # not escaped by the template


def test_render_is_cached_by_content_hash():
    text = "# cached"
    first = render_markdown(text)
    assert render._render_cached.cache_info().misses == 1
    assert render_markdown("# cached") == first
    info = render._render_cached.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 1, 1)
    render_markdown("# other")
    assert render._render_cached.cache_info().currsize == 2
    assert render._render_cached.cache_info().maxsize == render.CACHE_SIZE


def test_render_cache_key_is_the_block_hash_and_holds_no_text():
    source = render._Source("# key")
    assert source.key == hash_string("# key")
    assert render._render_cached(source) == "<h1>key</h1>"
    # on a miss this object becomes the cache key: it dropped its copy of the text
    assert source.text is None
    assert render_markdown("# key") == "<h1>key</h1>"
    assert render._render_cached.cache_info().hits == 1


def test_render_cache_never_mixes_two_texts_with_the_same_key():
    a, b = render._Source("safe"), render._Source("other")
    b.key = a.key  # as if the two texts collided under MD5
    assert a != b
    assert render._Source("safe") == a


def test_sanitize_keeps_only_language_classes_on_code():
    assert (
        sanitize_html('<code class="language-py evil">x</code>')
        == '<code class="language-py">x</code>'
    )
    assert sanitize_html('<code class="evil">x</code>') == "<code>x</code>"
    assert sanitize_html('<p class="language-py">x</p>') == "<p>x</p>"


def test_sanitize_restricts_cell_alignment_to_known_values():
    out = sanitize_html(
        '<table><tr><td align="left">a</td><td align="javascript:x">b</td></tr></table>'
    )
    assert '<td align="left">a</td><td>b</td>' in out


def test_sanitize_strips_comments_and_dangerous_content():
    assert sanitize_html("a<!-- secret -->b<script>c</script>d") == "abd"


def test_sanitize_allow_list_is_defined_once():
    assert "script" not in sanitize.TAGS and "style" not in sanitize.TAGS
    assert sanitize.TAGS.isdisjoint(sanitize.CLEAN_CONTENT_TAGS)
    assert {"http", "https", "mailto"} == sanitize.URL_SCHEMES
    assert render.sanitize_html is sanitize.sanitize_html


# -- pathological input (python-markdown is quadratic or recursive on some) --------


@pytest.fixture
def fast_timeout(monkeypatch):
    monkeypatch.setattr(render, "RENDER_TIMEOUT", 1.0)


def _timed(text: str) -> tuple[str, float]:
    start = time.perf_counter()
    out = render_markdown(text)
    return out, time.perf_counter() - start


@pytest.mark.parametrize(
    "text",
    ["[" * 20_000, "![" * 10_000, "[x](" * 10_000, "[x](a " * 8_000],
    ids=["brackets", "images", "links", "link-urls"],
)
def test_convert_of_unclosed_links_is_linear(text):
    # python-markdown alone needs minutes to hours (Python-Markdown issue #798)
    start = time.perf_counter()
    out = _convert.convert(text)
    assert time.perf_counter() - start < 2.0
    assert out.startswith("<p>") and "<a " not in out and "<img" not in out


def test_render_keeps_nested_link_text():
    out = render_markdown(
        "[a [b [c]] d](https://x.org) and ![i [j]](https://x.org/p.png)"
    )
    assert f'<a href="https://x.org" {REL}>a [b [c]] d</a>' in out
    assert '<img alt="i [j]" src="https://x.org/p.png">' in out
    deep = "[" * 20 + "x" + "]" * 20 + "(https://x.org)"
    assert "<a " not in render_markdown(deep)  # deeper than any real link


def test_render_of_long_text_runs_in_a_child_and_matches_in_process():
    rows = "\n".join(f"| {i} | [link](https://x.org/{i}) |" for i in range(200))
    text = "# Big\n\n| n | link |\n|--:|---|\n" + rows
    assert len(text) > render.INPROCESS_MAX_CHARS
    with mock.patch.object(render, "convert", wraps=render.convert) as here:
        out = render_markdown(text)
    here.assert_not_called()
    assert out == sanitize_html(render.convert(text))
    assert '<td align="right">199</td>' in out


def test_render_that_times_out_shows_plain_text(fast_timeout, caplog):
    text = "<a " * 70_000  # minutes in python-markdown's raw-HTML parser
    out, seconds = _timed(text)
    assert seconds < render.RENDER_TIMEOUT + 3
    assert out.startswith("<pre>&lt;a &lt;a ") and out.endswith("</pre>")
    assert "took over" in caplog.text
    _, again = _timed(text)
    assert again < 0.1  # the fallback is cached too


@pytest.mark.parametrize("size", [2_000, 20_000], ids=["in-process", "child"])
def test_render_of_too_deep_nesting_shows_plain_text(size):
    text = ("1. " * size)[:size]  # lists nested until Python's recursion limit
    out = render_markdown(text)
    assert out.startswith("<pre>1. 1. ") and violations(out) == []


def test_render_in_a_child_process_sanitises_the_whole_corpus():
    text = "\n\n".join(XSS_PAYLOADS) + "\n\n" + "filler text " * 400
    assert len(text) > render.INPROCESS_MAX_CHARS
    with mock.patch.object(render, "convert", wraps=render.convert) as here:
        out = render_markdown(text)
    here.assert_not_called()
    assert not out.startswith("<pre>") and "filler text filler" in out
    assert violations(out) == []
