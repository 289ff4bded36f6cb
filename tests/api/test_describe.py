"""``describe()`` of registries and records, and ``repr()`` (api.md §1.10, §2.4, §2.5).

Uids, timestamps and user handles vary from run to run: the expected texts are
built from the objects, everything else is literal.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import lamingui as ln
from lamingui.errors import ValidationError
from lamingui.models._describe import format_bytes, note_lines
from tests.factories import make_feature, make_record, make_transform

pytestmark = pytest.mark.django_db


def when(record) -> str:
    return record.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


# -- class level (§1.10) ----------------------------------------------------------

FEATURE_REGISTRY = """\
Feature
  Simple fields
    .uid: CharField
    .name: CharField
    .unit: CharField
    .description: TextField
    .array_rank: SmallIntegerField
    .array_size: IntegerField
    .array_shape: JSONField
    .synonyms: TextField
    .default_value: JSONField
    .nullable: BooleanField
    .coerce: BooleanField
    .is_locked: BooleanField
    .is_type: BooleanField
    .created_at: DateTimeField
    .updated_at: DateTimeField
  Relational fields
    .branch: Branch
    .created_on: Branch
    .space: Space
    .created_by: User
    .run: Run
    .type: Feature
    .schemas: Schema
    .features: Feature
    .values: JsonValue
    .projects: Project
    .ablocks: FeatureBlock"""

RECORD_REGISTRY = """\
Record
  Simple fields
    .uid: CharField
    .name: CharField
    .description: TextField
    .reference: CharField
    .reference_type: CharField
    .extra_data: JSONField
    .is_locked: BooleanField
    .is_type: BooleanField
    .created_at: DateTimeField
    .updated_at: DateTimeField
  Relational fields
    .branch: Branch
    .created_on: Branch
    .space: Space
    .created_by: User
    .type: Record
    .schema: Schema
    .run: Run
    .parents: Record
    .input_of_runs: Run
    .artifacts: Artifact
    .runs: Run
    .transforms: Transform
    .collections: Collection
    .projects: Project
    .records: Record
    .children: Record
    .references: Reference
    .ablocks: RecordBlock
    .linked_records: Record
    .linked_transforms: Transform
    .linked_artifacts: Artifact
    .linked_collections: Collection
    .linked_projects: Project
    .linked_in_records: Record
    .linked_references: Reference
    .linked_runs: Run
    .linked_ulabels: ULabel
    .linked_users: User
    .values_artifact: RecordArtifact
    .values_collection: RecordCollection
    .values_json: RecordJson
    .values_project: RecordProject
    .values_record: RecordRecord
    .values_reference: RecordReference
    .values_run: RecordRun
    .values_transform: RecordTransform
    .values_ulabel: RecordULabel
    .values_user: RecordUser"""


def test_describe_feature_registry_matches_the_spec_example():
    assert ln.Feature.describe(return_str=True) == FEATURE_REGISTRY


def test_describe_record_registry_puts_linked_then_values_fields_last():
    core, bionty = ln.Record.describe(return_str=True).split("\n  Bionty fields\n")
    assert core == RECORD_REGISTRY
    # relations to the bio app's registries come last, under their own heading
    assert "    .cell_types: bionty.CellType" in bionty.splitlines()
    assert "    .values_cell_type: bionty.RecordCellType" in bionty.splitlines()


@pytest.mark.parametrize(
    "registry", [ln.Record, ln.Feature, ln.Artifact, ln.Run, ln.User, ln.Branch]
)
def test_describe_registry_omits_id_private_and_link_fields(registry):
    entries = [
        line.strip()
        for line in registry.describe(return_str=True).splitlines()
        if line.startswith("    .")
    ]
    assert entries, "no fields listed"
    names = [entry[1:].split(":")[0] for entry in entries]
    assert "id" not in names
    assert not [n for n in names if n.startswith(("_", "links_"))]


def test_describe_registry_prints_unless_asked_for_the_string(capsys):
    assert ln.Feature.describe() is None
    assert capsys.readouterr().out == FEATURE_REGISTRY + "\n"
    text = ln.User.objects.all().describe(return_str=True)
    assert text.startswith("User\n  Simple fields\n    .uid: CharField\n")
    assert capsys.readouterr().out == ""


# -- instance level (§2.4) ------------------------------------------------------------


@pytest.fixture
def sample(db):
    """``sample1`` of type ``Sample`` with a reference and an ``int`` feature value."""
    sample_type = make_record(name="Sample", is_type=True)
    record = make_record(name="sample1", type=sample_type, reference="ref-1")
    make_feature(name="score", dtype="int")
    record.features.add_values({"score": 3})
    return record


def test_describe_record_shows_the_table_and_the_features(sample, capsys):
    handle = sample.created_by.handle
    expected = "\n".join(
        [
            "Record: sample1",
            f"├── uid: {sample.uid}  type: Sample",
            "│   is_type: False         schema:",
            "│   reference: ref-1       branch: main",
            f"│   space: all             created_at: {when(sample)}",
            f"│   created_by: {handle}",
            "└── Features",
            "    └── score               int                      3",
        ]
    )
    assert sample.describe(return_str=True) == expected
    assert sample.describe() is None
    assert capsys.readouterr().out == expected + "\n"


def test_describe_record_grafts_the_feature_manager_rows(sample):
    features = sample.features.describe(return_str=True).splitlines()[1:]
    assert sample.describe(return_str=True).splitlines()[-len(features) :] == features


def test_describe_record_names_its_run_and_skips_empty_features(db):
    run = ln.Run(make_transform(key="pipelines/describe.py"), name="nightly").save()
    record = make_record(name="made", run=run)
    pad = " " * 14  # the left column is as wide as "created_at: … UTC"
    assert record.describe(return_str=True).splitlines() == [
        "Record: made",
        f"└── uid: {record.uid}{pad}  run: nightly (pipelines/describe.py)",
        "    type:                                is_type: False",
        "    schema:                              reference:",
        "    branch: main                         space: all",
        f"    created_at: {when(record)}  created_by: {record.created_by.handle}",
    ]


def test_describe_record_without_name_uses_the_short_uid(db):
    record = ln.Record().save()
    assert record.describe(return_str=True).splitlines()[0] == (
        f"Record: {record.uid[:7]}"
    )


def test_describe_registry_with_an_instance_argument_is_per_record(sample):
    registry_tree = type(sample).describe(return_str=True)
    assert registry_tree.split("\n  Bionty fields\n")[0] == RECORD_REGISTRY
    assert sample.describe(return_str=True).startswith("Record: sample1\n")


@pytest.fixture
def short_root(settings):
    """A storage root short enough for the storage/path line to fit 80 columns."""
    root = Path(tempfile.mkdtemp(prefix="lg", dir="/tmp"))
    settings.LAMINGUI_STORAGE = str(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def table_file(tmp_path: Path) -> Path:
    path = tmp_path / "table.csv"
    path.write_text("a,b\n1,2\n")  # 8 bytes
    return path


def test_describe_artifact(table_file, short_root):
    artifact = ln.Artifact(
        table_file, key="describe/table.csv", description="a table"
    ).save()
    make_feature(name="temperature", dtype="num")
    artifact.features.add_values({"temperature": 27.2})
    artifact.labels.add(ln.ULabel(name="raw").save())
    root = artifact.storage.root
    expected = "\n".join(
        [
            f"Artifact: describe/table.csv ({artifact.version})",
            "|   description: a table",
            f"├── uid: {artifact.uid}            run:",
            f"│   hash: {artifact.hash}         size: 8 B",
            "│   branch: main                         space: all",
            f"│   created_at: {when(artifact)}  created_by: "
            + artifact.created_by.handle,
            f"│   storage/path: {root}/describe/table.csv",
            "├── Features",
            "│   └── temperature         num                      27.2",
            "└── Labels",
            "    └── .ulabels             ULabel                    raw",
        ]
    )
    assert artifact.describe(return_str=True) == expected


def test_describe_artifact_without_key_points_into_dot_lamindb(table_file, short_root):
    artifact = ln.Artifact(table_file, description="no key").save()
    lines = artifact.describe(return_str=True).splitlines()
    assert lines[0] == f"Artifact:  ({artifact.version})"
    assert lines[-1] == (
        f"    storage/path: {artifact.storage.root}/.lamindb/{artifact.uid}.csv"
    )


def test_describe_artifact_shows_kind_otype_and_counts_when_set(table_file, short_root):
    artifact = ln.Artifact(table_file, key="counted.csv", kind="dataset").save()
    artifact.n_observations = 1
    artifact.save()
    assert artifact.describe(return_str=True).splitlines()[1:] == [
        f"└── uid: {artifact.uid}            run:",
        "    kind: dataset                        otype:",
        f"    hash: {artifact.hash}         size: 8 B",
        "    branch: main                         space: all",
        f"    created_at: {when(artifact)}  created_by: " + artifact.created_by.handle,
        "    n_observations: 1",
        f"    storage/path: {artifact.storage.root}/counted.csv",
    ]


def test_describe_artifact_wraps_a_long_storage_path_without_losing_it(
    table_file, storage_root
):
    key = "a/very/long/key/" + "k" * 60 + ".csv"
    artifact = ln.Artifact(table_file, key=key).save()
    lines = artifact.describe(return_str=True).splitlines()
    start = next(i for i, line in enumerate(lines) if "storage/path:" in line)
    assert lines[start] == "    storage/path:"
    assert "".join(line[4:] for line in lines[start + 1 :]) == (
        f"{artifact.storage.root}/{key}"
    )


def test_format_bytes_is_human_readable():
    assert format_bytes(6) == "6 B"
    assert format_bytes(1023) == "1023 B"
    assert format_bytes(1229) == "1.2 KB"
    assert format_bytes(5 * 1024**2) == "5.0 MB"
    assert format_bytes(3 * 1024**4) == "3.0 TB"
    assert format_bytes(None) == ""


SOURCE = "\n".join(f"print({i})" for i in range(32))


def test_describe_transform_shows_the_first_30_source_lines(db):
    transform = ln.Transform(
        key="scripts/describe.py",
        source_code=SOURCE,
        description="a script",
        reference="ticket-1",
    ).save()
    handle = transform.created_by.handle
    expected = "\n".join(
        [
            f"Transform: scripts/describe.py ({transform.version})",
            "|   description: a script",
            f"├── uid: {transform.uid}                reference: ticket-1",
            f"│   hash: {transform.hash}         type: pipeline",
            "│   branch: main                         space: all",
            f"│   created_at: {when(transform)}  created_by: {handle}",
            "└── source_code:",
            *[f"    │ print({i})" for i in range(30)],
            "    │ …",
        ]
    )
    assert transform.describe(return_str=True) == expected


def test_describe_run_header_and_features(db):
    transform = make_transform(key="pipelines/run.py")
    run = ln.Run(transform).save()
    assert run.describe(return_str=True) == f"Run: {run.uid[:7]} (pipelines/run.py)"
    make_feature(name="lr", dtype="float")
    run.features.add_values({"lr": 0.1})
    run.name = "tuned"
    run.save()
    assert run.describe(return_str=True) == "\n".join(
        [
            "Run: tuned (pipelines/run.py)",
            "└── Features",
            "    └── lr                  float                    0.1",
        ]
    )


def test_describe_collection(tmp_path, storage_root):
    first, second = (tmp_path / "a.csv", tmp_path / "b.csv")
    first.write_text("x\n1\n")
    second.write_text("x\n2\n")
    artifacts = [ln.Artifact(p, key=f"c/{p.name}").save() for p in (first, second)]
    collection = ln.Collection(artifacts, key="my collection").save()
    handle = collection.created_by.handle
    assert collection.describe(return_str=True) == "\n".join(
        [
            f"Collection: my collection ({collection.version})",
            f"└── uid: {collection.uid}            run:",
            "    branch: main                         space: all",
            f"    created_at: {when(collection)}  created_by: {handle}",
        ]
    )


def test_describe_branch(db):
    branch = ln.Branch.get(1)
    creator = branch.created_by.handle
    assert branch.describe(return_str=True) == "\n".join(
        [
            "Branch: main",
            "└── status: standalone                   space: all",
            f"    created_at: {when(branch)}  created_by: {creator}",
        ]
    )


def test_describe_other_registries_show_the_header_only(db):
    label = ln.ULabel(name="only a header").save()
    assert label.describe(return_str=True) == "ULabel: only a header"


# -- notes ------------------------------------------------------------------------


def test_note_lines_cut_long_lines_and_stop_after_30():
    text = "\n".join(["", "x" * 80, "y" * 81, *[str(i) for i in range(30)]])
    lines = note_lines(text)
    assert lines[:3] == ["│ ", "│ " + "x" * 80, "│ " + "y" * 80 + " …"]
    assert len(lines) == 31
    assert lines[29] == "│ 26"
    assert lines[30] == "│ …"
    assert note_lines("a\nb") == ["│ a", "│ b"]


def test_describe_appends_the_latest_readme(db):
    record = make_record(name="noted")
    ln.models.RecordBlock(record=record, content="old", kind="readme").save()
    ln.models.RecordBlock(
        record=record, content="# Notes\n\n" + "z" * 90, kind="readme"
    ).save()
    lines = record.describe(return_str=True).splitlines()
    assert lines[5:] == [
        f"│   created_by: {record.created_by.handle}",
        "└── README:",
        "    │ # Notes",
        "    │",
        "    │ " + "z" * 80 + " …",
    ]
    assert "old" not in "\n".join(lines)


def test_describe_readme_follows_the_features(sample):
    ln.models.RecordBlock(record=sample, content="hello", kind="readme").save()
    assert sample.describe(return_str=True).splitlines()[6:] == [
        "├── Features",
        "│   └── score               int                      3",
        "└── README:",
        "    │ hello",
    ]


def test_describe_include_comments_adds_them_in_order(db):
    record = make_record(name="discussed")
    ln.models.RecordBlock(record=record, content="the readme", kind="readme").save()
    first = ln.models.RecordBlock(record=record, content="first", kind="comment")
    first.save()
    second = ln.models.RecordBlock(
        record=record, content="second\n" + "w" * 81, kind="comment"
    ).save()
    assert "comment by" not in record.describe(return_str=True)
    lines = record.describe(return_str=True, include="comments").splitlines()
    handle = first.created_by.handle
    assert lines[6:] == [
        "├── README:",
        "│   │ the readme",
        f"├── comment by {handle} at {when(first)}:",
        "│   │ first",
        f"└── comment by {handle} at {when(second)}:",
        "    │ second",
        "    │ " + "w" * 80 + " …",
    ]
    with pytest.raises(ValueError, match="include must be 'comments' or None"):
        record.describe(include="features")


def test_describe_warns_about_trashed_and_old_versions(db, caplog):
    record = make_record(name="gone")
    record.delete()
    first = make_transform(key="versions.py")
    ln.Transform(key="versions.py", revises=first).save()
    first.refresh_from_db()
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        record.describe(return_str=True)
        first.describe(return_str=True)
    assert "This Record is in the trash." in caplog.text
    assert "This is not the latest version of the Transform." in caplog.text


# -- repr (§2.5) ----------------------------------------------------------------


def test_repr_orders_fields_like_the_spec(db):
    record = make_record(name="Experiment 1", reference="it's")
    record.created_at = dt.datetime(
        2026, 1, 2, 13, 4, 5, tzinfo=ZoneInfo("Europe/Berlin")
    )
    assert repr(record) == (
        f"Record(uid='{record.uid}', is_type=False, name='Experiment 1', "
        "description=None, reference='it's', reference_type=None, extra_data=None, "
        "branch_id=1, created_on_id=1, space_id=1, "
        f"created_by_id={record.created_by_id}, "
        "type_id=None, schema_id=None, run_id=None, "
        "created_at=2026-01-02 12:04:05 UTC, is_locked=False)"
    )


def test_repr_keeps_iso_like_strings_and_skips_deferred_fields(db):
    make_record(name="2024-01-01T00:00:00")
    record = ln.Record.filter(name="2024-01-01T00:00:00").only("uid", "name").get()
    assert repr(record) == (f"Record(uid='{record.uid}', name='2024-01-01T00:00:00')")


def test_repr_of_feature_shows_the_dtype_and_schema_hides_a_negative_n(db):
    feature = make_feature(name="size", dtype="int")
    assert ", _dtype_str='int', " in repr(feature)
    assert "_aux" not in repr(feature)
    schema = ln.Schema(name="open", is_type=True)
    schema.n_members = -1
    assert "n_members" not in repr(schema)
    assert "_dtype_str" not in repr(schema)
    schema.n_members = 2
    assert "n_members=2" in repr(schema)


def test_describe_raises_like_get_values_on_corrupt_feature_values(db):
    record = make_record(name="corrupt")
    cell = make_feature(name="cell", dtype="cat[ULabel]")
    ln.models.RecordJson(record=record, feature=cell, value="T").save()
    with pytest.raises(ValidationError) as expected:
        record.features.get_values()
    with pytest.raises(ValidationError) as raised:
        record.describe(return_str=True)
    assert str(raised.value) == str(expected.value)
