"""Build a small, realistic lab instance through the Python API, once."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

import lamingui as ln

MARKER = "Tumour atlas"


class Command(BaseCommand):
    help = "Load the demo instance (projects, records, labels, artifacts, notes) once."

    def handle(self, *args: Any, **options: Any) -> None:
        if ln.Project.filter(name=MARKER).exists():
            self.stdout.write("Demo data is already loaded.")
            return
        with (
            tempfile.TemporaryDirectory(prefix="lamingui-demo-") as tmp,
            transaction.atomic(),
        ):
            build_demo(Path(tmp))
        self.stdout.write(self.style.SUCCESS("Loaded the demo instance."))


def build_demo(folder: Path) -> None:
    """The demo content; every object is made through the public API."""
    import pandas as pd  # noqa: PLC0415 - only the demo needs it here

    projects = [
        ln.Project(name=MARKER, abbr="TA", description="Single-cell atlas of tumours"),
        ln.Project(name="CRISPR screen", abbr="CS"),
        ln.Project(name="Organoid pilot", abbr="OP", url="https://example.org/op"),
    ]
    ln.save(projects)

    sample = ln.Record(
        name="Sample", is_type=True, description="Biological samples"
    ).save()
    tissue = ln.Record(name="Tissue sample", is_type=True, type=sample).save()
    biopsy = ln.Record(name="Biopsy", is_type=True, type=tissue).save()
    ln.save([ln.Record(name=f"Biopsy B{i:03d}", type=biopsy) for i in range(1, 13)])
    ln.save([ln.Record(name=f"Tissue T{i:03d}", type=tissue) for i in range(1, 6)])
    ln.save([ln.Record(name=f"Sample S{i:03d}", type=sample) for i in range(1, 6)])
    donor = ln.Record(name="Donor", is_type=True).save()
    ln.save([ln.Record(name=f"Donor D{i:02d}", type=donor) for i in range(1, 5)])

    cell = ln.ULabel(name="cell", description="any cell").save()
    immune = ln.ULabel(name="immune cell").save()
    lymphocyte = ln.ULabel(name="lymphocyte").save()
    t_cell = ln.ULabel(name="T cell").save()
    activated = ln.ULabel(name="activated cell").save()
    cd8 = ln.ULabel(name="CD8-positive T cell").save()
    immune.parents.add(cell)
    lymphocyte.parents.add(immune)
    t_cell.parents.add(lymphocyte)
    activated.parents.add(cell)
    cd8.parents.add(t_cell, activated)  # two parents
    condition = ln.ULabel(name="Condition", is_type=True).save()
    ln.save(
        [ln.ULabel(name=n, type=condition) for n in ("control", "treated", "relapse")]
    )

    dtypes = {
        "n_cells": "int",
        "mean_umi": "float",
        "protocol": "str",
        "passed_qc": "bool",
        "collection_date": "date",
        "processed_at": "datetime",
        "qc_metrics": "dict",
        "score": "num",
        "raw_path": "path",
        "source_url": "url",
        "cell_type": "cat[ULabel]",
        "donor": "cat[Record]",
    }
    ln.save([ln.Feature(name=name, dtype=dtype) for name, dtype in dtypes.items()])

    etl = ln.Transform(
        key="etl/ingest.py", kind="script", source_code="print('ingest')\n"
    )
    etl.save()
    qc = ln.Transform(
        key="analysis/qc.ipynb", kind="notebook", source_code="# qc\n"
    ).save()
    runs = [
        ln.Run(etl, name="ingest batch 1").save(),
        ln.Run(qc, name="qc pass").save(),
    ]
    ln.Run(etl, name="ingest batch 2").save()

    artifacts = []
    for i, name in enumerate(("counts", "cells", "donors", "qc", "markers")):
        path = folder / f"{name}.{'parquet' if i % 2 else 'csv'}"
        for version in range(3):
            frame = pd.DataFrame(
                {
                    "id": [f"{name}_{j}" for j in range(10 + version)],
                    "value": [j * (version + 1) for j in range(10 + version)],
                }
            )
            if path.suffix == ".csv":
                frame.to_csv(path, index=False)
            else:
                frame.to_parquet(path)
            artifact = ln.Artifact(
                path,
                key=f"demo/{path.name}",
                description=f"{name} table",
                run=runs[version % 2],
            ).save()
        artifacts.append(artifact)
    projects[0].artifacts.add(*artifacts)
    projects[1].transforms.add(etl)

    readme = (
        "# {title}\n\nDemo notes written by the lab.\n\n"
        "- owner: the imaging core\n- status: **ready**\n"
    )
    for artifact in artifacts:
        ln.models.ArtifactBlock(
            artifact=artifact, kind="readme", content=readme.format(title=artifact.key)
        ).save()
    for run in runs:
        ln.models.RunBlock(
            run=run, kind="readme", content=readme.format(title=run.name)
        ).save()
    for transform in (etl, qc):
        ln.models.TransformBlock(
            transform=transform,
            kind="readme",
            content=readme.format(title=transform.key),
        ).save()

    # a private space: only its members (the demo login "curator") see these
    private = ln.Space(name="Private lab", description="unpublished work").save()
    secret = ln.Record(name="Embargoed cohort", is_type=True, space=private).save()
    ln.save(
        [
            ln.Record(name=f"Patient P{i:02d}", type=secret, space=private)
            for i in (1, 2)
        ]
    )
    ln.ULabel(name="exhausted T cell (unpublished)", space=private).save().parents.add(
        t_cell
    )

    for name in ("Biopsy B011", "Biopsy B012", "Donor D04"):
        ln.Record.get(name=name).delete()
    ln.Project(name="Abandoned study", start_date=dt.date(2024, 1, 1)).save().delete()
