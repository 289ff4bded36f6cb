"""``ln.track()`` / ``ln.finish()``: provenance for scripted imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import lamingui as ln
from lamingui import context, tracking
from lamingui.errors import InvalidArgument, TrackNotCalled


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "import_samples.py"
    path.write_text("print('importing samples')\n")
    return path


@pytest.fixture(autouse=True)
def _unbind():
    yield
    tracking._state["run"] = None
    context.set_run_id(None)


@pytest.mark.django_db
def test_track_creates_transform_and_run_and_tags_records(script, artifact):
    run = ln.track(path=script)
    assert run.pk is not None and run.status == "started" and run.finished_at is None
    transform = run.transform
    assert (transform.key, transform.kind) == ("import_samples.py", "script")
    assert transform.source_code == script.read_text()
    record = ln.Record(name="sample 1").save()
    label = ln.ULabel(name="label 1")
    ln.save([label])
    assert record.run_id == run.pk
    assert ln.ULabel.get(name="label 1").run_id == run.pk
    finished = ln.finish()
    assert finished.pk == run.pk
    run.refresh_from_db()
    assert run.finished_at is not None and run.status == "completed"
    assert ln.Record(name="after").save().run_id is None
    assert artifact.run_id is None  # made before tracking


@pytest.mark.django_db
def test_track_reuses_transform_by_source_hash_and_versions_on_change(script):
    first = ln.track(path=script)
    ln.finish()
    second = ln.track(path=script, params={"batch": 2})
    ln.finish()
    assert second.transform.pk == first.transform.pk
    assert second.pk != first.pk
    assert ln.Run.get(pk=second.pk).params == {"batch": 2}
    script.write_text("print('importing samples, v2')\n")
    third = ln.track(path=script)
    ln.finish()
    assert third.transform.pk != first.transform.pk
    assert third.transform.stem_uid == first.transform.stem_uid
    assert third.transform.is_latest
    assert not ln.Transform.get(pk=first.transform.pk).is_latest


@pytest.mark.django_db
def test_track_with_a_saved_transform_and_errors(script):
    transform = ln.Transform(key="pipeline.py", kind="pipeline").save()
    run = ln.track(transform.uid)
    assert run.transform == transform
    ln.finish()
    with pytest.raises(TrackNotCalled, match=r"ln.track\(\) before ln.finish\(\)"):
        ln.finish()
    with pytest.raises(InvalidArgument, match="no such file"):
        ln.track(path=script.parent / "missing.py")
    with pytest.raises(InvalidArgument, match="params must be a dict"):
        ln.track(path=script, params=[1])
    with pytest.raises(InvalidArgument, match="save the transform first"):
        ln.track(ln.Transform(key="unsaved.py"))
    assert ln.Run.filter(transform__key="missing.py").count() == 0
    assert tracking.current_run() is None


@pytest.mark.django_db
def test_track_twice_finishes_the_previous_run(script):
    first = ln.track(path=script)
    second = ln.track(path=script)
    assert ln.Run.get(pk=first.pk).finished_at is not None
    assert tracking.current_run() == second
    ln.finish()


SCRIPT = """
import json
import lamingui as ln
run = ln.track()
record = ln.Record(name="from a script").save()
ln.finish()
print(json.dumps({"run": run.uid, "record_run": record.run.uid,
                  "key": run.transform.key, "finished": run.finished_at is not None}))
"""


def test_track_finds_the_calling_script(tmp_path):
    script = tmp_path / "my_import.py"
    script.write_text(SCRIPT)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("LAMINGUI", "DJANGO"))
    }
    env.update(
        LAMINGUI_HOME=str(tmp_path / "home"),
        LAMINGUI_USER="tester",
        LAMINGUI_DATABASE_URL=str(tmp_path / "home" / "db.sqlite3"),
    )
    (tmp_path / "home").mkdir()
    result = subprocess.run(
        [sys.executable, str(script)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["record_run"] == report["run"]
    assert report["key"] == "my_import.py"
    assert report["finished"] is True
