"""``ln.curators.DataFrameCurator``: validate a DataFrame against a schema, save it.

Built on :func:`validate_frame` (the one table validation shared with the GUI),
with the Python API's stricter reading of its report: a column must carry the
feature's exact name, and every categorical value must validate as it is —
synonyms and close matches are reported as suggestions, never applied.

Example::

    curator = ln.curators.DataFrameCurator(df, schema)
    curator.validate()                     # ValidationError naming each problem
    artifact = curator.save_artifact(key="samples.parquet")
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
from django.db import DEFAULT_DB_ALIAS, transaction

from ..errors import ValidationError
from ..models import Artifact, Schema
from ..models._annotation_links import insert_ignoring_conflicts, spec_for
from ..models._dtypes import registry_name
from ..models.links import ArtifactSchema
from ._frame_columns import NAME_COLUMN
from ._frame_report import ColumnReport, FrameReport
from .frame import Analysis, analyse

#: how many non-validated values an error line shows per column
_SHOWN = 20


class DataFrameCurator:
    """Validate ``df`` against ``schema`` and save it as a validated artifact.

    Args:
        df: The table: one column per feature, named exactly like the feature.
        schema: A saved ``Schema`` whose members are features.
    """

    def __init__(self, df: pd.DataFrame, schema: Schema) -> None:
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
        if not isinstance(schema, Schema):
            raise TypeError(f"schema must be a Schema, got {type(schema).__name__}")
        if schema.pk is None or schema._state.adding:
            raise ValidationError("Please save the schema first: schema.save()")
        self._df = df
        self._schema = schema
        self._analysis: Analysis | None = None
        self._errors: list[str] | None = None

    @property
    def df(self) -> pd.DataFrame:
        return self._df

    @property
    def schema(self) -> Schema:
        return self._schema

    @property
    def report(self) -> FrameReport:
        """The full report of :func:`validate_frame` (validates on first use)."""
        return self._analyse().report

    @property
    def errors(self) -> list[str]:
        """One message per problem; empty when the DataFrame validates."""
        if self._errors is None:
            self._errors = _errors(self._analyse(), self._schema, self._df)
        return self._errors

    @property
    def is_validated(self) -> bool:
        return not self.errors

    def validate(self) -> None:
        """Raise ``ValidationError`` naming every failing column, its
        non-validated values and suggested synonyms; writes nothing."""
        if self.errors:
            name = self._schema.name or self._schema.uid
            raise ValidationError(
                f"DataFrame does not validate against schema '{name}':\n"
                + "\n".join(self.errors)
            )

    def save_artifact(
        self,
        key: str | None = None,
        *,
        description: str | None = None,
        revises: Artifact | None = None,
        run: Any = None,
    ) -> Artifact:
        """Validate, then save the DataFrame as an artifact linked to the schema
        and annotated with the labels of its categorical columns.

        Nothing is written when validation fails; any error during the save
        rolls back every row and removes the stored file.
        """
        self.validate()
        kwargs: dict[str, Any] = {"key": key, "description": description}
        if revises is not None:
            kwargs["revises"] = revises
        if run is not None:
            kwargs["run"] = run
        artifact = Artifact(self._df, **kwargs)
        is_new = artifact._state.adding
        using = DEFAULT_DB_ALIAS
        try:
            with transaction.atomic(using=using):
                artifact.schema = self._schema
                artifact.save()
                ArtifactSchema.objects.using(using).get_or_create(
                    artifact=artifact, slot="columns", defaults={"schema": self._schema}
                )
                _annotate(artifact, self._analyse(), using)
        except BaseException:
            if is_new and not artifact.overwrite_versions:
                artifact.path.unlink(missing_ok=True)
            raise
        return artifact

    def _analyse(self) -> Analysis:
        if self._analysis is None:
            self._analysis = analyse(self._df, self._schema, None, None)
        return self._analysis


def _annotate(artifact: Artifact, analysis: Analysis, using: str) -> None:
    """Link the labels of every categorical column under its feature."""
    rows: dict[Any, list[Any]] = defaultdict(list)
    for _col, feature, plan, _series in analysis.categorical:
        for model, pk in dict.fromkeys(plan.ids.values()):
            spec = spec_for(artifact, registry_name(model), with_feature=True)
            if spec is None:
                raise ValidationError(
                    f"Artifact cannot hold {registry_name(model)} labels of feature "
                    f"'{feature.name}': no link table stores them."
                )
            rows[spec].append(spec.new(artifact, pk, feature.pk))
    for spec, new in rows.items():
        insert_ignoring_conflicts(spec.model, new, using)


def _errors(analysis: Analysis, schema: Schema, df: pd.DataFrame) -> list[str]:
    report = analysis.report
    out = list(report.errors) + [f"  {m}" for m in report.missing_required]
    for col in report.columns:
        out += _column_errors(col, schema)
    return out


def _column_errors(col: ColumnReport, schema: Schema) -> list[str]:
    name = col.column
    if col.kind == "name" or name == NAME_COLUMN:
        return []
    if col.feature is None:
        if schema.maximal_set:
            return [f"  column '{name}' is not a feature of the schema"]
        return []
    if col.match in {"synonym", "suggested"}:
        how = "a synonym of" if col.match == "synonym" else "close to"
        return [
            f"  column '{name}' is not a feature name; it is {how} feature "
            f"'{col.feature}': rename it, e.g. df.rename(columns={{{name!r}: "
            f"{col.feature!r}}})"
        ]
    lines = []
    where = f"column '{name}' (dtype '{col.dtype}')"
    if col.kind == "cat" and col.nonvalidated:
        values = [v.value for v in col.nonvalidated]
        shown = ", ".join(repr(v) for v in values[:_SHOWN])
        more = ", ..." if len(values) > _SHOWN else ""
        lines.append(
            f"  {where}: {len(values)} non-validated value(s) in {col.registry}: "
            f"{shown}{more}"
        )
        hints = [
            _hint(v)
            for v in col.nonvalidated
            if v.synonym or v.suggestions or v.source_term
        ]
        if hints:
            lines.append("    → suggestions: " + "; ".join(hints[:_SHOWN]))
            lines.append(
                "    → standardize the values, e.g. via Registry.standardize()"
            )
        lines.append(
            "    → or create the missing labels, e.g. "
            "Registry.from_values([...], create=True).save()"
        )
    lines += [
        f"  {problem}"
        for problem in col.problems
        if not (col.kind == "cat" and "not validated in" in problem)
    ]
    return lines


def _hint(value: Any) -> str:
    if value.synonym:
        return f"'{value.value}' is a synonym of '{value.synonym}'"
    if value.source_term:
        term = value.source_term
        where = f" ({value.source_id})" if value.source_id else ""
        named = "" if term == value.value else f" as '{term}'"
        return (
            f"'{value.value}' is in the public ontology{named}{where}: add it via "
            f".from_values([{term!r}]).save()"
        )
    options = " or ".join(repr(s[0]) for s in value.suggestions)
    return f"'{value.value}': did you mean {options}?"
