"""Global search: the suggest fragment under the header box and the results page.

gui.md §6.2. ``search_suggest`` returns ``lamingui/includes/_search_results.html``
(root ``id="panel-search"``) with the top hits across registries;
``search_page`` is the full page with a registry filter and paging. Both are
wrapped in ``admin_site.admin_view`` (login required) by
``LaminAdminSite.get_urls``, which binds ``admin_site``. Every registry is
searched with ``Registry.search`` (typo tolerant, exact matches first); the hits
of all registries are merged so that exact matches come first overall, then by
rank within their registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.admin import AdminSite
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from .. import permissions

#: registries searched, in the order they are listed (and break ties); other
#: apps' registries as ``<app_label>.<Model>``
REGISTRIES = (
    "Record",
    "ULabel",
    "Artifact",
    "Transform",
    "Collection",
    "Feature",
    "Schema",
    "Project",
    "Reference",
    "Run",
    "Storage",
    "User",
    # the bio registries (``lamingui.bio``, app label ``bionty``)
    "bionty.CellType",
    "bionty.Tissue",
    "bionty.Disease",
    "bionty.CellLine",
    "bionty.ExperimentalFactor",
    "bionty.Phenotype",
    "bionty.DevelopmentalStage",
    "bionty.Ethnicity",
    "bionty.Organism",
    "bionty.Gene",
    "bionty.Protein",
    "bionty.CellMarker",
    "bionty.Pathway",
    # the perturbation registries (``lamingui.pert``, app label ``pertdb``)
    "pertdb.Compound",
    "pertdb.PerturbationTarget",
    "pertdb.GeneticPerturbation",
    "pertdb.Biologic",
    "pertdb.CompoundPerturbation",
    "pertdb.EnvironmentalPerturbation",
    "pertdb.CombinationPerturbation",
)
#: hits per registry in the suggest fragment
SUGGEST_PER_REGISTRY = 5
#: hits in the suggest fragment at most
SUGGEST_MAX = 10
#: hits per page of the results page
PER_PAGE = 25
#: longest query searched
MAX_QUERY = 200
#: shorter queries answer "Keep typing…" without searching (gui.md §6.2.2)
MIN_CHARS = 2
#: characters of a name shown in the dropdown
NAME_CHARS = 80
#: fields tried, in order, for the name shown with a hit
_DISPLAY_FIELDS = ("name", "key", "handle", "root", "title")


@dataclass(frozen=True)
class Hit:
    registry: str
    name: str
    uid: str
    url: str
    exact: bool
    rank: int
    order: int
    needle: str = ""

    @property
    def marked(self) -> str:
        """The name, escaped, with the first match of the query in ``<mark>``."""
        return mark(self.name, self.needle)


def mark(text: str, needle: str, limit: int = NAME_CHARS) -> SafeString:
    """``text`` cut to ``limit`` characters and escaped; ``needle`` wrapped in <mark>.

    Every piece is escaped before the tags are added, so a name such as
    ``<img src=x onerror=…>`` stays text.
    """
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    at = text.lower().find(needle.lower()) if needle else -1
    if at < 0:
        return escape(text)
    end = at + len(needle)
    return format_html("{}<mark>{}</mark>{}", text[:at], text[at:end], text[end:])


def _query(request: HttpRequest) -> str:
    return (request.GET.get("q") or "").strip()[:MAX_QUERY]


def searchable(request: HttpRequest, admin_site: AdminSite) -> list[type]:
    """The registries of :data:`REGISTRIES` the user may view."""
    models = []
    for name in REGISTRIES:
        app_label, _, model_name = name.rpartition(".")
        try:
            model = apps.get_model(app_label or "lamingui", model_name)
        except LookupError:  # an optional app that is not installed
            continue
        model_admin = admin_site._registry.get(model)
        if model_admin is not None and model_admin.has_view_permission(request):
            models.append(model)
    return models


def _has_field(model: type, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _display(obj: Any) -> str:
    for name in (*_DISPLAY_FIELDS, getattr(obj, "_name_field", None)):
        value = getattr(obj, name, None) if name else None
        if value:
            return str(value)
    return str(getattr(obj, "uid", "") or obj.pk)


def _hits(
    request: HttpRequest,
    model: type,
    string: str,
    limit: int,
    order: int,
    admin_site: AdminSite,
) -> list[Hit]:
    needle = string.lower()
    opts = model._meta
    hits = []
    # default branches only (no trash, no archive), and readable spaces only
    rows = permissions.filter_readable(request, model.filter())
    # versioned registries: the latest version only, unless ?versions=all
    if _has_field(model, "is_latest") and request.GET.get("versions") != "all":
        rows = rows.filter(is_latest=True)
    for rank, obj in enumerate(rows.search(string, limit=limit)):
        name = _display(obj)
        uid = str(getattr(obj, "uid", "") or "")
        try:
            url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
            )
        except NoReverseMatch:  # pragma: no cover - every registry is registered
            continue
        exact = needle in {name.lower(), uid.lower()}
        hits.append(Hit(model.__name__, name, uid, url, exact, rank, order, string))
    return hits


def with_rows(models: list[type]) -> list[type]:
    """The ``models`` whose tables hold any row, asked in one query per database.

    Searching an empty registry still costs its query compilation; with the
    bio registries there are two dozen of them per keystroke.
    """
    by_db: dict[str, list[type]] = {}
    for model in models:
        by_db.setdefault(model.objects.db, []).append(model)
    found: set[type] = set()
    for alias, group in by_db.items():
        quote = connections[alias].ops.quote_name
        sql = " UNION ALL ".join(
            f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {quote(m._meta.db_table)})"  # noqa: S608 - quoted model table names
            for i, m in enumerate(group)
        )
        with connections[alias].cursor() as cursor:
            cursor.execute(sql)
            found.update(group[row[0]] for row in cursor.fetchall())
    return [m for m in models if m in found]


def search_hits(
    request: HttpRequest, admin_site: AdminSite, string: str, per_registry: int
) -> list[Hit]:
    """Hits of every searchable registry: exact first, then by rank, registry."""
    hits: list[Hit] = []
    for order, model in enumerate(with_rows(searchable(request, admin_site))):
        hits += _hits(request, model, string, per_registry, order, admin_site)
    hits.sort(key=lambda h: (not h.exact, h.rank, h.order))
    return hits


@require_GET
def search_suggest(request: HttpRequest, admin_site: AdminSite) -> HttpResponse:
    """The fragment under the search box.

    Empty (hidden) for an empty query; "Keep typing…" without any search for
    a query shorter than :data:`MIN_CHARS`.
    """
    string = _query(request)
    too_short = len(string) < MIN_CHARS
    hits = (
        []
        if too_short
        else search_hits(request, admin_site, string, SUGGEST_PER_REGISTRY)[
            :SUGGEST_MAX
        ]
    )
    return TemplateResponse(
        request,
        "lamingui/includes/_search_results.html",
        {"q": string, "hits": hits, "too_short": too_short},
    )


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page") or 1))
    except ValueError:
        return 1


@require_GET
def search_page(request: HttpRequest, admin_site: AdminSite) -> HttpResponse:
    """All hits, 25 a page, optionally of one registry (``registry=Record``)."""
    string = _query(request)
    models = searchable(request, admin_site)
    names = [m.__name__ for m in models]
    registry = request.GET.get("registry") or ""
    if registry not in names:
        registry = ""
    page = _page_number(request)
    hits: list[Hit] = []
    if string:
        # the merged order takes at most ``page * PER_PAGE`` hits of each registry
        limit = page * PER_PAGE + 1
        if registry:
            model = models[names.index(registry)]
            hits = _hits(request, model, string, limit, 0, admin_site)
            hits.sort(key=lambda h: (not h.exact, h.rank))
        else:
            hits = search_hits(request, admin_site, string, limit)
    start = (page - 1) * PER_PAGE
    context = {
        **admin_site.each_context(request),
        "title": f"Search: {string}" if string else "Search",
        "q": string,
        "registry": registry,
        "registries": names,
        "hits": hits[start : start + PER_PAGE],
        "page": page,
        "first_index": start + 1,
        "has_previous": page > 1 and bool(string),
        "has_next": len(hits) > start + PER_PAGE,
    }
    return TemplateResponse(request, "lamingui/search.html", context)
