"""Import a table in the browser: upload, map & validate, dry run, commit (gui.md §7.3).

Views parse the request, call the curation service (``lamingui.curators``) and
render. An ``ImportSession`` keeps the upload and the curator's choices; only
its creator (or a superuser) can open it, and it expires after
``LAMINGUI_IMPORT_TTL_HOURS`` (default 24). Every view needs
``lamingui.add_importsession``.

Spaces (gui.md §8.3): every analysis gets the user's readable spaces, so a
value validates, is suggested, listed or mapped only against records the user
may read (a hidden record's name never reaches the page), and "create new" is
offered only when the session's target space is writable.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from functools import partial
from typing import Any

import pandas as pd
from django.apps import apps
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions
from ..curators import import_frame
from ..curators._frame_read import DEFAULT_MAX_ROWS, TableError, read_table
from ..curators._frame_report import FrameReport, ImportResult
from ..curators._frame_values import scopes_for
from ..curators.frame import NO_FEATURES_MESSAGE, check_column, plan_columns
from ..errors import ValidationError
from ..models import ImportSession, Record, Schema, Space, User
from ..models._dtypes import parse_feature_dtype, registry_name
from ..models._feature_validation import ValuePlanner
from ._import_cards import N_OPTIONS, N_SAMPLE_ROWS, column_card, sample_rows, value_row

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
#: lists kept per column in ``ImportSession.report`` (the page shows the top 50
#: non-validated values and 20 failing rows; counts stay exact)
N_STORED = 50
TEMPLATES = "lamingui/import/"
#: parsed uploads kept in memory between the requests of one session, keyed by
#: session id and upload time (a session's bytes never change); least recently
#: used first. A miss (another process, an evicted frame) parses the bytes again.
_FRAMES: OrderedDict[str, pd.DataFrame] = OrderedDict()
_FRAMES_LOCK = threading.Lock()
_N_FRAMES = 4
#: tables of at most this many cells are validated during the upload request;
#: bigger ones column by column from the page (one request per column)
DEFAULT_INLINE_CELLS = 50_000


def max_bytes() -> int:
    return int(getattr(settings, "LAMINGUI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "LAMINGUI_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def inline_cells() -> int:
    return int(getattr(settings, "LAMINGUI_IMPORT_INLINE_CELLS", DEFAULT_INLINE_CELLS))


def ttl() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "LAMINGUI_IMPORT_TTL_HOURS", 24)))


def writable_spaces(request: HttpRequest) -> QuerySet:
    """Spaces the user may import into (the space rules of ``permissions``)."""
    return permissions.filter_writable(request, Space.objects.order_by("id"))


def readable_spaces(request: HttpRequest) -> frozenset[int] | None:
    """Ids of the spaces whose records the user may see; ``None``: all (superuser)."""
    return permissions.space_access(request).read


def creatable(request: HttpRequest, space_id: int | None = None) -> set[str]:
    """Registries the user may add records to ("create new" is offered there).

    Core ones by name (``ULabel``), curatable registries of other apps with
    their module (``bionty.CellType``; also "create from the public ontology").
    Nothing when the target space ``space_id`` is not writable.
    """
    if space_id is not None and not permissions.can_write_space(request, space_id):
        return set()
    names = ("ULabel", "Record", "Project", "Reference")
    out = {n for n in names if request.user.has_perm(f"lamingui.add_{n.lower()}")}
    for model in apps.get_models():
        label = model._meta.app_label
        if label == "lamingui" or not hasattr(model, "from_values"):
            continue
        if request.user.has_perm(f"{label}.add_{model._meta.model_name}"):
            out.add(registry_name(model))
    return out


def _require_import(request: HttpRequest) -> None:
    if not request.user.has_perm("lamingui.add_importsession"):
        raise PermissionDenied


def _owned(request: HttpRequest, session_id: Any) -> ImportSession:
    """The session if it is the user's (or the user is a superuser) and not expired."""
    _require_import(request)
    session = (
        ImportSession.objects.select_related("schema", "record_type", "space")
        .defer("raw")
        .filter(pk=session_id, created_at__gte=timezone.now() - ttl())
        .first()
    )
    if session is None:
        raise Http404("No such import session (it may have expired).")
    mine = session.created_by_id == permissions.lamin_user_id(request)
    if not (mine or request.user.is_superuser):
        raise Http404("No such import session (it may have expired).")
    return session


def _frame_key(session: ImportSession) -> str:
    return f"{session.pk}:{session.created_at.timestamp()}"


def _remember_frame(session: ImportSession, frame: pd.DataFrame) -> None:
    key = _frame_key(session)
    with _FRAMES_LOCK:
        _FRAMES[key] = frame
        _FRAMES.move_to_end(key)
        while len(_FRAMES) > _N_FRAMES:
            _FRAMES.popitem(last=False)


def _frame(session: ImportSession) -> pd.DataFrame:
    """The parsed upload: from the in-process cache, else parsed (once) and kept."""
    with _FRAMES_LOCK:
        frame = _FRAMES.get(_frame_key(session))
        if frame is not None:
            _FRAMES.move_to_end(_frame_key(session))
            return frame
    raw = ImportSession.objects.filter(pk=session.pk).values_list("raw", flat=True)[0]
    frame = read_table(bytes(raw), session.filename, max_rows=10**9).frame
    _remember_frame(session, frame)
    return frame


def _mapping(session: ImportSession) -> dict[str, Any]:
    return {
        "columns": session.column_map or {},
        "values": session.value_map or {},
        "index_column": session.index_column or None,
    }


def _report(session: ImportSession) -> FrameReport:
    """The stored report (validation results per column); planned if missing."""
    data = session.report or {}
    if data.get("columns") and "sample" in data:
        return FrameReport.from_dict(data)
    frame = _frame(session)
    report = plan_columns(
        list(frame.columns),
        session.schema,
        session.record_type,
        _mapping(session),
        n_rows=len(frame),
    )
    _save_report(session, report, frame)
    return report


def _sample(frame: pd.DataFrame) -> dict[str, Any]:
    head = frame.head(N_SAMPLE_ROWS).fillna("").astype(str)
    return {"header": [str(c) for c in frame.columns], "rows": head.values.tolist()}


def _save_report(
    session: ImportSession, report: FrameReport, frame: pd.DataFrame | None = None
) -> None:
    """Store ``report`` (summarised, lists capped) and the status it implies."""
    sample = (session.report or {}).get("sample")
    if frame is not None or sample is None:
        sample = _sample(frame if frame is not None else _frame(session))
    report.summarise()
    session.report = {**report.to_dict(limit=N_STORED), "sample": sample}
    if session.status in {ImportSession.Status.DRAFT, ImportSession.Status.VALIDATED}:
        done = report.complete and not report.n_blocking
        session.status = (
            ImportSession.Status.VALIDATED if done else ImportSession.Status.DRAFT
        )
    session.save(update_fields=["report", "status"])


def _check(
    request: HttpRequest, session: ImportSession, index: int
) -> Any:  # ColumnReport
    """Validate the one column ``index`` of the session's table."""
    return check_column(
        _frame(session),
        session.schema,
        session.record_type,
        _mapping(session),
        index,
        creatable=creatable(request, session.space_id),
        spaces=readable_spaces(request),
    )


def _store_column(request: HttpRequest, session: ImportSession, col: Any) -> bool:
    """Put a validated column into the stored report, under a row lock.

    Nothing is stored (``False``) when the choices changed while it validated
    (another request): the column stays pending and is validated again.
    """
    with transaction.atomic():
        fresh = (
            ImportSession.objects.select_for_update()
            .only("column_map", "value_map", "report", "status")
            .get(pk=session.pk)
        )
        if (fresh.column_map, fresh.value_map) != (
            session.column_map,
            session.value_map,
        ):
            session.__dict__.update(
                {k: getattr(fresh, k) for k in ("column_map", "value_map", "report")}
            )
            return False
        report = FrameReport.from_dict(fresh.report or {})
        report.columns[col.index] = col
        session.report, session.status = fresh.report, fresh.status
        _save_report(session, report)
    return True


def _schemas(request: HttpRequest) -> QuerySet:
    """Schemas the user may read and validate against."""
    return permissions.filter_readable(
        request,
        Schema.objects.filter(
            is_type=False, itype="Feature", branch_id__in=[1]
        ).order_by("name", "id"),
    )


def _record_types(request: HttpRequest) -> QuerySet:
    """Record types (``is_type=True``) the user may read."""
    return permissions.filter_readable(
        request, Record.objects.filter(is_type=True, branch_id=1).order_by("name", "id")
    )


#: the upload form's long selects and what their type-to-filter input asks for
_FILTERED = {"schema": _schemas, "record_type": _record_types}


def _options(queryset: QuerySet, selected: Any, text: str = "") -> dict[str, Any]:
    """The first ``N_OPTIONS`` rows (name or uid containing ``text``) of a select.

    The selected row is always among them; ``more``: further rows exist, so the
    select gets a type-to-filter input (gui.md §7.3 step 1).
    """
    text = (text or "").strip()
    matches = queryset
    if text:
        matches = queryset.filter(Q(name__icontains=text) | Q(uid__startswith=text))
    items = list(matches[: N_OPTIONS + 1])
    more = len(items) > N_OPTIONS
    items = items[:N_OPTIONS]
    selected = str(selected or "")
    if selected.isdigit() and all(str(i.pk) != selected for i in items):
        items += list(queryset.filter(pk=int(selected)))
    return {"items": items, "more": more, "selected": selected}


def _choices(request: HttpRequest, form: Any = None) -> dict[str, Any]:
    form = form or {}
    site = request.resolver_match.namespace or "admin"
    return {
        "schemas": _options(_schemas(request), form.get("schema")),
        "record_types": _options(_record_types(request), form.get("record_type")),
        "spaces": list(writable_spaces(request)),
        "options_url": reverse(f"{site}:lamingui_import_options", args=["schema"])[
            : -len("schema/")
        ],
    }


def import_options(request: HttpRequest, site: AdminSite, kind: str) -> HttpResponse:
    """The ``<option>``s of the upload form's schema or record-type select.

    Answers the type-to-filter input in front of a select with more than
    ``N_OPTIONS`` rows: ``?q=<text>&<kind>=<selected pk>``; readable rows only.
    """
    _require_import(request)
    if kind not in _FILTERED:
        raise Http404(f"No select {kind!r}")
    options = _options(
        _FILTERED[kind](request), request.GET.get(kind), request.GET.get("q", "")
    )
    empty = (
        "— choose a schema —" if kind == "schema" else "validate only (no record type)"
    )
    return _fragment(request, "_options.html", 200, options=options, empty=empty)


def _page(
    request: HttpRequest, site: AdminSite, template: str, status: int = 200, **extra
) -> TemplateResponse:
    context = {**site.each_context(request), "title": "Import a table", **extra}
    return TemplateResponse(request, TEMPLATES + template, context, status=status)


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """The upload form; a valid upload becomes a session (302 to its page)."""
    _require_import(request)
    if request.method == "GET":
        return _page(request, site, "upload.html", **_choices(request))
    form = request.POST
    error, session = _create_session(request, form, request.FILES.get("file"))
    if error:
        return _page(
            request,
            site,
            "upload.html",
            422,
            error=error,
            form=form,
            **_choices(request, form),
        )
    return HttpResponseRedirect(
        reverse(f"{site.name}:lamingui_import_session", args=[session.pk])
    )


def _pick(queryset: QuerySet, value: str | None, what: str) -> tuple[Any, str]:
    if not value:
        return None, ""
    try:
        found = queryset.filter(pk=int(value)).first()
    except ValueError:
        found = None
    return found, "" if found is not None else f"Choose a valid {what}."


def _create_session(
    request: HttpRequest, form: Any, upload: Any
) -> tuple[str, ImportSession | None]:
    """``(error, session)``: the first problem with the upload, else a new session."""
    if upload is None:
        return "Choose a file to upload (CSV, TSV or Excel .xlsx).", None
    if upload.size > max_bytes():
        return (
            f"The file is larger than {max_bytes() // (1024 * 1024)} MB.",
            None,
        )
    schema, error = _pick(_schemas(request), form.get("schema"), "schema")
    if schema is None:
        return error or "Choose a schema.", None
    if not list(schema.members[:1]):
        return NO_FEATURES_MESSAGE, None
    record_type, error = _pick(
        _record_types(request), form.get("record_type"), "record type"
    )
    if error:
        return error, None
    space, error = _pick(writable_spaces(request), form.get("space") or "1", "space")
    if space is None:
        return error or "You may not write to any space.", None
    raw = upload.read()
    try:
        table = read_table(raw, upload.name, max_rows=max_rows())
    except TableError as error:
        return str(error), None
    index_column = (form.get("index_column") or "").strip()
    if index_column and index_column not in table.frame.columns:
        return f"The index column '{index_column}' is not in the file.", None
    session = ImportSession.objects.create(
        created_by=User.objects.get(pk=permissions.lamin_user_id(request)),
        filename=upload.name[:255],
        raw=raw,
        delimiter=table.delimiter,
        schema=schema,
        record_type=record_type,
        space=space,
        index_column=index_column,
    )
    _remember_frame(session, table.frame)
    try:
        report = plan_columns(
            list(table.frame.columns),
            schema,
            record_type,
            _mapping(session),
            n_rows=len(table.frame),
        )
    except ValidationError as error:
        session.delete()
        return str(error), None
    if table.frame.size <= inline_cells():  # small: validated now, no waiting
        for col in report.pending_columns:
            report.columns[col.index] = _check(request, session, col.index)
    _save_report(session, report, table.frame)
    return "", session


def _session_context(
    request: HttpRequest, session: ImportSession, report: FrameReport
) -> dict[str, Any]:
    """Everything the page shows, from the stored report: nothing is validated."""
    members = list(session.schema.members)
    if not permissions.can_write_space(request, session.space_id):
        for col in report.columns:  # stored while it was writable: offer no "create"
            col.can_create = False
    cards = [column_card(session, c, members) for c in report.columns]
    pending = report.pending_columns
    if pending:  # the first waiting card loads itself; each answer starts the next
        cards[pending[0].index]["load"] = True
    return {
        "session": session,
        "report": report,
        "cards": cards,
        "sample": sample_rows((session.report or {}).get("sample") or {}, report),
        "urls": _urls(session, request),
    }


def _urls(session: ImportSession, request: HttpRequest) -> dict[str, str]:
    site = request.resolver_match.namespace or "admin"
    return {
        "commit": reverse(f"{site}:lamingui_import_commit", args=[session.pk]),
        "session": reverse(f"{site}:lamingui_import_session", args=[session.pk]),
        "upload": reverse(f"{site}:lamingui_import"),
        "column": reverse(f"{site}:lamingui_import_column", args=[session.pk, 0])[:-2],
    }


def import_session(
    request: HttpRequest, site: AdminSite, session_id: Any
) -> HttpResponse:
    """The mapping & validation page, rendered from the stored per-column results.

    Columns not validated yet are placeholder cards that validate themselves,
    one request at a time (``import_check``); the summary shows the progress.
    """
    session = _owned(request, session_id)
    if session.status == ImportSession.Status.COMMITTED:
        return HttpResponseRedirect(
            reverse(f"{site.name}:lamingui_import_result", args=[session.pk])
        )
    try:
        report = _report(session)
    except ValidationError as error:
        return _page(
            request, site, "upload.html", 422, error=str(error), **_choices(request)
        )
    return _page(
        request, site, "session.html", **_session_context(request, session, report)
    )


def _column_response(
    request: HttpRequest,
    session: ImportSession,
    index: int,
    also: list[int] | None = None,
) -> TemplateResponse:
    """Card ``index``, and out of band: the summary, the sample, the cards
    ``also`` (re-planned columns) and the next waiting card (which loads itself)."""
    report = FrameReport.from_dict(session.report or {})
    context = _session_context(request, session, report)
    context["card"] = context["cards"][index]
    context["oob"] = True
    extra = set(also or [])
    pending = report.pending_columns
    if pending:
        extra.add(pending[0].index)
    extra.discard(index)
    context["oob_cards"] = [context["cards"][i] for i in sorted(extra)]
    return TemplateResponse(request, TEMPLATES + "_column_response.html", context)


@require_POST
def import_check(
    request: HttpRequest, site: AdminSite, session_id: Any, index: int
) -> HttpResponse:
    """Validate one column (a chunk of the page's validation); its card, the
    summary with the progress, the sample and the next waiting card."""
    session = _owned(request, session_id)
    if session.status == ImportSession.Status.COMMITTED:
        raise Http404("This import is already committed.")
    columns = (session.report or {}).get("columns") or []
    if not 0 <= index < len(columns):
        raise Http404(f"No column {index}")
    if columns[index].get("pending"):
        _store_column(request, session, _check(request, session, index))
    return _column_response(request, session, index)


@require_POST
def import_column(
    request: HttpRequest, site: AdminSite, session_id: Any, index: int
) -> HttpResponse:
    """Store one column's choices and validate that column only; its card and
    the summary (out of band). Columns whose feature changed with it (a feature
    moves between columns) become pending and validate themselves."""
    session = _owned(request, session_id)
    if session.status == ImportSession.Status.COMMITTED:
        raise Http404("This import is already committed.")
    before = session.report or {}
    columns = before.get("columns") or []
    if not 0 <= index < len(columns):
        raise Http404(f"No column {index}")
    column = columns[index]["column"]
    current = columns[index].get("feature")
    feature = request.POST.get("feature", current or "")
    members = {m.name for m in session.schema.members}
    if feature and feature not in members:
        return HttpResponse(f"Unknown feature {feature!r}", status=422)
    column_map = dict(session.column_map or {})
    if feature != (current or ""):
        column_map[column] = feature or None
    value_map = dict(session.value_map or {})
    if feature:
        values = dict(value_map.get(feature) or {})
        keys = request.POST.getlist("value_key")
        picks = request.POST.getlist("value_choice")
        for key, pick in zip(keys, picks, strict=False):
            if pick:
                values[key] = pick
            else:
                values.pop(key, None)
        if "any_choice" in request.POST:
            if request.POST["any_choice"]:
                values["*"] = request.POST["any_choice"]
            else:
                values.pop("*", None)
        value_map[feature] = values
    changed = _apply_choices(request, session, index, column_map, value_map)
    return _column_response(request, session, index, also=changed)


def _apply_choices(
    request: HttpRequest,
    session: ImportSession,
    index: int,
    column_map: dict[str, Any],
    value_map: dict[str, Any],
) -> list[int]:
    """Save the choices, re-plan the columns and validate column ``index``.

    Returns the other columns whose feature changed (now pending).
    """
    stored = FrameReport.from_dict(session.report or {})
    session.column_map, session.value_map = column_map, value_map
    plan = plan_columns(
        [c.column for c in stored.columns],
        session.schema,
        session.record_type,
        _mapping(session),
        n_rows=stored.n_rows,
    )
    changed = []
    for old, new in zip(stored.columns, plan.columns, strict=True):
        if old.index == index:
            continue
        if (old.feature, old.kind == "name") == (new.feature, new.kind == "name"):
            plan.columns[old.index] = old
        else:
            changed.append(old.index)
    plan.columns[index] = _check(request, session, index)
    with transaction.atomic():
        ImportSession.objects.select_for_update().filter(pk=session.pk).exists()
        session.save(update_fields=["column_map", "value_map"])
        _save_report(session, plan)
    return changed


def import_value_options(
    request: HttpRequest, site: AdminSite, session_id: Any, index: int
) -> HttpResponse:
    """The ``<option>``s of one non-validated value's select, filtered by ``q``.

    Answers the type-to-filter input of a value whose registry has more than
    ``N_OPTIONS`` records: ``?value_key=<value>&value_choice=<current>&q=<text>``.
    Lists the first ``N_OPTIONS`` records (by name) containing the text that the
    value may map to and that the user may read.
    """
    session = _owned(request, session_id)
    columns = (session.report or {}).get("columns") or []
    if not 0 <= index < len(columns) or columns[index].get("kind") != "cat":
        raise Http404(f"No categorical column {index}")
    col = FrameReport.from_dict({"n_rows": 0, "columns": [columns[index]]}).columns[0]
    value = request.GET.get("value_key", "")
    item = next((v for v in col.nonvalidated if v.value == value), None)
    if item is None:
        raise Http404(f"No non-validated value {value!r} in column {col.column!r}")
    feature = next((m for m in session.schema.members if m.name == col.feature), None)
    if feature is None:
        raise Http404(f"No feature {col.feature!r}")
    text = request.GET.get("q", "").strip()
    names: list[str] = []
    readable = partial(permissions.filter_readable, request)
    planner = ValuePlanner(Record())
    dtype = parse_feature_dtype(feature)
    for scope in scopes_for(dtype, planner, readable_spaces(request)):
        found = scope.search(text, N_OPTIONS + 1, readable)
        names += [n for n in found if n not in names]
    row = value_row(col, item, names[:N_OPTIONS], request.GET.get("value_choice"))
    return _fragment(
        request,
        "_value_options.html",
        200,
        row=row,
        more=len(names) > N_OPTIONS,
    )


@require_POST
def import_commit(
    request: HttpRequest, site: AdminSite, session_id: Any
) -> HttpResponse:
    """Dry run (the default: a report) or the real import (302 to the result)."""
    session = _owned(request, session_id)
    if session.status == ImportSession.Status.COMMITTED:
        raise Http404("This import is already committed.")
    dry_run = bool(request.POST.get("dry_run"))
    remember = bool(request.POST.get("remember_synonyms"))
    if not dry_run and not permissions.can_write_space(request, session.space_id):
        raise PermissionDenied
    user = User.objects.get(pk=permissions.lamin_user_id(request))
    kwargs = {
        "user": user,
        "space": session.space,
        "remember_synonyms": remember,
        "creatable": creatable(request, session.space_id),
        "spaces": readable_spaces(request),
    }
    report = FrameReport.from_dict(session.report or {})
    if not report.complete:
        return _fragment(
            request,
            "_report.html",
            422,
            session=session,
            error=(
                f"Validation is still running ({report.n_checked} of "
                f"{report.n_to_check} columns validated); wait for it to finish."
            ),
        )
    frame, mapping = _frame(session), _mapping(session)
    if dry_run or session.record_type is None:
        result = import_frame(
            frame, session.schema, session.record_type, mapping, **kwargs
        )
        error = "" if dry_run else "Choose a record type to import into."
        return _fragment(
            request,
            "_report.html",
            200 if dry_run else 422,
            result=result,
            error=error,
            session=session,
        )
    if report.n_blocking:
        result = ImportResult(dry_run=True, report=report)
        return _fragment(
            request,
            "_report.html",
            422,
            result=result,
            session=session,
            error=f"Fix the {report.n_blocking} blocking error(s) first.",
        )
    try:
        result = import_frame(
            frame, session.schema, session.record_type, mapping, dry_run=False, **kwargs
        )
    except Exception as error:  # any failure: rolled back; say where
        session.status = ImportSession.Status.FAILED
        session.report = {**(session.report or {}), "error": str(error)}
        session.save(update_fields=["status", "report"])
        return _fragment(
            request, "_report.html", 200, error=str(error), session=session, failed=True
        )
    session.status = ImportSession.Status.COMMITTED
    session.report = {
        **result.report.to_dict(limit=N_STORED),
        "result": _summary(result),
    }
    session.save(update_fields=["status", "report"])
    _log(request, session, result)
    target = reverse(f"{site.name}:lamingui_import_result", args=[session.pk])
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=200)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


def _summary(result: ImportResult) -> dict[str, Any]:
    """What the result page shows, small for any size of import."""
    summary = result.to_dict()
    summary.pop("report", None)
    summary["created"] = {k: v[:N_STORED] for k, v in result.created.items()}
    summary["created_rows"] = [
        [k, len(v), v[:N_STORED]] for k, v in result.created.items()
    ]
    summary["n_synonyms"] = len(result.synonyms_added)
    summary["synonyms_added"] = summary["synonyms_added"][:N_STORED]
    return summary


def _fragment(
    request: HttpRequest, template: str, status: int, **context: Any
) -> TemplateResponse:
    return TemplateResponse(request, TEMPLATES + template, context, status=status)


def _log(request: HttpRequest, session: ImportSession, result: ImportResult) -> None:
    """Admin history: one entry on the record type the rows were imported into."""
    created = ", ".join(
        f"{len(names)} {registry}" for registry, names in result.created.items()
    )
    message = f"Imported {result.n_records} records from {session.filename}" + (
        f" (created {created})" if created else ""
    )
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=Record.objects.filter(pk=session.record_type_id),
        action_flag=CHANGE,
        change_message=message,
    )


def import_result(
    request: HttpRequest, site: AdminSite, session_id: Any
) -> HttpResponse:
    """Counts and links of a committed import."""
    session = _owned(request, session_id)
    if session.status != ImportSession.Status.COMMITTED:
        return HttpResponseRedirect(
            reverse(f"{site.name}:lamingui_import_session", args=[session.pk])
        )
    result = (session.report or {}).get("result") or {}
    type_pk = session.record_type_id
    records_url = reverse(f"{site.name}:lamingui_record_changelist") + (
        f"?type__id__exact={type_pk}" if type_pk else ""
    )
    ids = result.get("record_ids") or []
    return _page(
        request,
        site,
        "result.html",
        session=session,
        result=result,
        records_url=records_url,
        type_url=reverse(f"{site.name}:lamingui_record_change", args=[type_pk]),
        records=Record.objects.filter(pk__in=ids[:20]).order_by("id"),
    )
