"""Global search: the box on every page, the suggest fragment, the results page."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

import lamingui as ln
import lamingui.bio as bt
import lamingui.pert as pt
from lamingui.admin.site import site
from lamingui.panels import search as search_views
from tests import factories

pytestmark = pytest.mark.django_db

SUGGEST = "admin:search_suggest"
PAGE = "admin:search"


def suggest(client, q: str) -> str:
    response = client.get(reverse(SUGGEST), {"q": q}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assertTemplateUsed(response, "lamingui/includes/_search_results.html")
    return response.content.decode()


def hits(html: str) -> list[tuple[str, str]]:
    """``(registry, name)`` of every hit, in order."""
    pattern = re.compile(
        r'data-registry="(\w+)".*?class="lg-search-name">(.*?)</span>', re.DOTALL
    )
    return [
        (r, html_lib.unescape(re.sub(r"</?mark>", "", n)).strip())
        for r, n in pattern.findall(html)
    ]


def test_search_box_is_on_every_admin_page(admin_client):
    record = factories.make_record(name="boxed")
    for url in (
        reverse("admin:index"),
        reverse("admin:lamingui_record_changelist"),
        reverse("admin:lamingui_record_change", args=[record.pk]),
        reverse("admin:auth_user_changelist"),
    ):
        page = admin_client.get(url).content.decode()
        assert 'id="lamingui-search-input"' in page, url
        assert f'hx-get="{reverse(SUGGEST)}"' in page
        assert 'hx-trigger="input changed delay:250ms, search"' in page
        assert 'hx-sync="this:replace"' in page
        assert page.count("lamingui/js/htmx.min.js") == 1  # loaded once
        assert "lamingui/js/search.js" in page
        assert "<script>" not in page  # no inline scripts of ours


def test_theme_still_applies_with_the_search_box(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode().lower()
    assert "#16353f" in page  # django-admin-interface's base_site.html still wins


def test_login_page_has_no_search_box(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "lamingui-search-input" not in page


def test_exact_match_is_ranked_first(admin_client):
    factories.make_record(name="tumor sample extended")
    factories.make_ulabel(name="my tumor label")
    factories.make_ulabel(name="tumor")
    factories.make_project(name="tumor project")
    found = hits(suggest(admin_client, "tumor"))
    assert found[0] == ("ULabel", "tumor")
    assert {("Record", "tumor sample extended"), ("Project", "tumor project")} <= set(
        found
    )


def test_hits_link_to_the_change_page_and_show_the_uid(admin_client):
    record = factories.make_record(name="linked-record")
    html = suggest(admin_client, "linked-record")
    assert reverse("admin:lamingui_record_change", args=[record.pk]) in html
    assert record.uid in html
    assert 'id="panel-search"' in html


def test_one_typo_finds_the_record(admin_client):
    factories.make_record(name="fibroblast")
    assert ("Record", "fibroblast") in hits(suggest(admin_client, "fibroblest"))


def test_min_chars_runs_no_registry_query(admin_client):
    """AC-SRCH-2: an empty or one-character query searches nothing."""
    factories.make_record(name="x-ray")
    suggest(admin_client, "   ")  # first visit links the lamindb user
    with CaptureQueriesContext(connection) as queries:
        html = suggest(admin_client, "   ")
        short = suggest(admin_client, "x")
    # login and middleware only: no registry is searched
    assert not [q for q in queries if "lamindb_" in q["sql"]]
    assert len(queries) <= 10
    assert 'id="panel-search"' in html
    assert " hidden" in html
    assert "data-search-result" not in html
    assert "Keep typing…" in short
    assert "data-search-result" not in short


def test_no_hit_says_so(admin_client):
    html = suggest(admin_client, "zzqqxxnothing")
    assert "No results" in html
    assert "data-search-result" not in html


def test_suggest_shows_at_most_five_per_registry(admin_client):
    for i in range(7):
        factories.make_record(name=f"manyhits {i}")
    found = hits(suggest(admin_client, "manyhits"))
    assert len([h for h in found if h[0] == "Record"]) == 5


@pytest.mark.parametrize("name", [SUGGEST, PAGE])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name), {"q": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", [SUGGEST, PAGE])
def test_post_is_not_allowed(admin_client, name):
    assert admin_client.post(reverse(name), {"q": "x"}).status_code == 405


def test_search_visibility(gui):
    """AC-SRCH-3: no trash, archive, older versions or unreadable spaces."""
    record = factories.make_record(name="hidden-trashed")
    record.delete()
    archived = factories.make_record(name="hidden-archived")
    type(archived).objects.filter(pk=archived.pk).update(branch_id=0)
    factories.make_record(name="hidden-restricted", space=gui.restricted)
    old = ln.Transform(key="hidden-versions.py", source_code="1\n").save()
    new = ln.Transform(key="hidden-versions.py", source_code="2\n").save()
    found = suggest(gui.client("admin"), "hidden")
    names = {name for _, name in hits(found)}
    assert {"hidden-trashed", "hidden-archived"}.isdisjoint(names)
    assert new.uid in found and old.uid not in found
    every = gui.client("admin").get(
        reverse(SUGGEST),
        {"q": "hidden", "versions": "all"},
        headers={"HX-Request": "true"},
    )
    assert old.uid in every.content.decode()
    assert "hidden-restricted" in names  # the superuser reads every space
    outsider = gui.client("outsider").get(
        reverse(SUGGEST), {"q": "hidden"}, headers={"HX-Request": "true"}
    )
    assert "hidden-restricted" not in outsider.content.decode()


def test_search_highlight_escaped(admin_client):
    """AC-SRCH-4: a name with markup stays text; the match is in <mark>."""
    factories.make_record(name="<img src=x onerror=alert(1)> cell")
    html = suggest(admin_client, "onerror")
    assert "<img src=x" not in html
    assert "&lt;img src=x <mark>onerror</mark>=alert(1)&gt; cell" in html
    page = admin_client.get(reverse(PAGE), {"q": "onerror"}).content.decode()
    assert "<img src=x" not in page
    assert "<mark>onerror</mark>" in page


def test_tiers(admin_client):
    """AC-SRCH-1: exact, case, typo, no-space, synonym queries find "T cell" first."""
    t_cell = factories.make_ulabel(name="T cell")
    factories.make_ulabel(name="T-cell receptor")
    b_cell = factories.make_ulabel(name="B cell")
    for query in ("t cell", "T CELL", "T cel", "tcell"):
        assert hits(suggest(admin_client, query))[0] == ("ULabel", "T cell"), query
    bt.CellType(name="T cell", synonyms="T lymphocyte").save()
    found = hits(suggest(admin_client, "T lymphocyte"))
    assert found[0] == ("CellType", "T cell")
    html = suggest(admin_client, b_cell.uid[:6])
    assert hits(html)[0] == ("ULabel", "B cell")
    assert t_cell.uid not in html or html.index(b_cell.uid) < html.index(t_cell.uid)


def test_suggest_query_count_does_not_grow_with_hits(admin_client):
    factories.make_record(name="counted 0")
    factories.make_ulabel(name="counted 0")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            suggest(admin_client, "counted")
        return len(queries)

    count()  # the first request of a session caches the user and the branches
    few = count()
    for i in range(1, 20):
        factories.make_record(name=f"counted {i}")
        factories.make_ulabel(name=f"counted {i}")
    assert count() == few
    # a fixed number per registry, however many rows match
    assert few <= 4 * len(search_views.REGISTRIES) + 5


def test_results_page_filters_by_registry(admin_client):
    factories.make_record(name="filtered thing")
    factories.make_ulabel(name="filtered thing")
    response = admin_client.get(reverse(PAGE), {"q": "filtered", "registry": "ULabel"})
    assert response.status_code == 200
    assertTemplateUsed(response, "lamingui/search.html")
    assert [h.registry for h in response.context["hits"]] == ["ULabel"]
    page = response.content.decode()
    assert '<option value="ULabel" selected>' in page
    assert "#16353f" in page.lower()  # the admin theme and header
    assert 'id="lamingui-search-input"' in page
    everything = admin_client.get(reverse(PAGE), {"q": "filtered"})
    assert {h.registry for h in everything.context["hits"]} == {"Record", "ULabel"}


def test_unknown_registry_filter_searches_everything(admin_client):
    factories.make_record(name="unknownfilter")
    response = admin_client.get(
        reverse(PAGE), {"q": "unknownfilter", "registry": "Nope"}
    )
    assert response.context["registry"] == ""
    assert [h.name for h in response.context["hits"]] == ["unknownfilter"]


def test_results_page_pages_by_25(admin_client):
    for i in range(30):
        factories.make_record(name=f"paged {i:02d}")
    url = reverse(PAGE)
    first = admin_client.get(url, {"q": "paged", "registry": "Record"})
    assert len(first.context["hits"]) == search_views.PER_PAGE
    assert first.context["has_next"] and not first.context["has_previous"]
    assert 'rel="next"' in first.content.decode()
    second = admin_client.get(url, {"q": "paged", "registry": "Record", "page": 2})
    assert len(second.context["hits"]) == 5
    assert second.context["has_previous"] and not second.context["has_next"]
    names = [h.name for h in first.context["hits"]] + [
        h.name for h in second.context["hits"]
    ]
    assert sorted(names) == [f"paged {i:02d}" for i in range(30)]
    assert admin_client.get(url, {"q": "paged", "page": "x"}).context["page"] == 1


def test_results_page_without_query(admin_client):
    response = admin_client.get(reverse(PAGE))
    assert response.status_code == 200
    assert response.context["hits"] == []


PERTDB = (
    "Compound",
    "PerturbationTarget",
    "GeneticPerturbation",
    "Biologic",
    "CompoundPerturbation",
    "EnvironmentalPerturbation",
    "CombinationPerturbation",
)


def test_pertdb_registries_are_searched(admin_client):
    compound = pt.Compound(name="imatinib").save()
    pt.PerturbationTarget(name="imatinib target").save()
    found = hits(suggest(admin_client, "imatinib"))
    assert ("Compound", "imatinib") in found
    assert ("PerturbationTarget", "imatinib target") in found
    page = admin_client.get(reverse(PAGE), {"q": "imatinib", "registry": "Compound"})
    assert compound.uid in page.content.decode()
    searched = search_views.searchable(page.wsgi_request, site)
    assert {f"pertdb.{name}" for name in PERTDB} <= {m._meta.label for m in searched}
