"""Public-ontology terms for table values of bio registries (bio.md §7, gui.md §7.3).

A categorical column typed by a bio registry (``cat[bionty.CellType]``) draws on
the registry's rows first; values that are neither a row's name nor a synonym
may still be a term (or a synonym of a term) of the registry's public source,
the offline ontology ``Registry.public()`` reads. Such a value is offered the
choice ``source:<term>``: the import creates the term with ``from_values`` and
saves it with its ancestors. Registries without a public source (core ones,
``Gene`` without a registered source) offer nothing; nothing here reaches the
network.
"""

from __future__ import annotations

import logging
from typing import Any

from ..models._save import save

logger = logging.getLogger("lamingui")

#: public source per registry, ``False`` when it has none (one per analysis)
_Cache = dict[Any, Any]


def public_source(model: Any, cache: _Cache) -> Any:
    """The public ontology of a bio registry, or ``None`` (core, no source)."""
    if model in cache:
        return cache[model] or None
    public = None
    if callable(getattr(model, "public", None)):
        try:
            public = model.public()
        except ValueError as error:  # no source row, SourceNotAvailable, organism
            logger.info("no public source for %s: %s", model.__name__, error)
    cache[model] = public if public is not None else False
    return public


def source_terms(
    values: list[str], model: Any, field: str, cache: _Cache
) -> dict[str, tuple[str, str | None]]:
    """``{value: (term name, ontology id)}`` for values the public source has.

    A value matches a term's name or one of its synonyms, case-insensitively;
    only the registry's name field is matched (ids and other fields are not).
    """
    if not values or field != getattr(model, "_name_field", None):
        return {}
    public = public_source(model, cache)
    if public is None or field not in public.fields:
        return {}
    names = public.standardize(values, field, return_mapper=True, mute=True)
    candidates = {v: names.get(v, v) for v in values}
    terms = [t for t in dict.fromkeys(candidates.values()) if isinstance(t, str)]
    live = public.validate(terms, field, mute=True)
    known = {t for t, ok in zip(terms, live, strict=True) if ok}
    found = {v: t for v, t in candidates.items() if t in known}
    id_field = getattr(model, "_ontology_id_field", None)
    ids: dict[str, Any] = {}
    if id_field in public.fields and found:
        terms = list(dict.fromkeys(found.values()))
        ids = public.standardize(
            terms, field, return_field=id_field, return_mapper=True, mute=True
        )
    return {v: (t, _first(ids.get(t))) for v, t in found.items()}


def ok_term(public: Any, field: str, term: Any) -> bool:
    """``term`` is a live value of ``field`` in the public source."""
    return isinstance(term, str) and bool(public.validate([term], field, mute=True)[0])


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        return str(value[0]) if value else None
    return None if value is None else str(value)


def create_from_source(
    model: Any,
    field: str,
    terms: list[str],
    space: Any,
    using: str,
    spaces: frozenset[int] | None = None,
) -> dict[str, int]:
    """Create (or find) the records of ``terms``; ``{term: id}``.

    ``from_values`` builds them from the public source; ``ln.save`` writes them
    in ``space`` and imports their ancestors (``BioRecord._after_bulk_save``).
    A term found as a record outside ``spaces`` (when given) is refused.
    """
    records = list(model.from_values(terms, field=field, mute=True))
    if spaces is not None:
        hidden = [
            getattr(r, field)
            for r in records
            if r.pk is not None and getattr(r, "space_id", None) not in (None, *spaces)
        ]
        if hidden:
            raise LookupError(
                f"{model.__name__} term(s) {hidden} exist in a space you cannot "
                "read; they can't be linked or created."
            )
    for record in records:
        if record.pk is None:
            record.space_id = space.pk
    save([r for r in records if r.pk is None], using=using)
    ids: dict[str, int] = {}
    for record in records:
        ids.setdefault(getattr(record, field), record.pk)
    missing = [t for t in terms if t not in ids]
    if missing:
        raise LookupError(
            f"{model.__name__} term(s) no longer in the public source: {missing}"
        )
    return ids
