"""``manage.py lamingui_demo`` builds the demo instance once (issue 2, item 6)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

import lamingui as ln


@pytest.mark.django_db
def test_demo_builds_a_realistic_instance_once(storage_root, capsys):
    call_command("lamingui_demo")
    assert ln.Project.filter().count() >= 3
    biopsy = ln.Record.get(name="Biopsy")
    assert [t.name for t in biopsy.query_types()] == ["Tissue sample", "Sample"]
    assert biopsy.query_records().count() >= 3
    cd8 = ln.ULabel.get(name="CD8-positive T cell")
    assert cd8.parents.count() == 2
    assert {"cell", "immune cell", "lymphocyte", "T cell"} <= set(
        cd8.query_parents().to_list("name")
    )
    dtypes = set(ln.Feature.filter().values_list("_dtype_str", flat=True))
    assert {"int", "float", "str", "bool", "date", "datetime", "dict"} <= dtypes
    latest = ln.Artifact.filter(is_latest=True)
    assert latest.count() >= 5
    for artifact in latest:
        assert artifact.versions.count() == 3
        assert artifact.path.exists()
        assert artifact.notes.startswith("# ")
        assert len(artifact.load()) >= 10
    assert ln.Transform.filter().count() >= 2
    assert all(t.runs.exists() and t.notes for t in ln.Transform.filter())
    assert all(r.notes for r in ln.Run.filter(ablocks__isnull=False).distinct())
    assert ln.Record.filter(branch_id=-1).count() >= 2
    counts = {m.__name__: m.objects.count() for m in (ln.Record, ln.Artifact)}
    capsys.readouterr()
    call_command("lamingui_demo")
    assert "already loaded" in capsys.readouterr().out
    assert counts == {m.__name__: m.objects.count() for m in (ln.Record, ln.Artifact)}


@pytest.mark.django_db
def test_demo_logins_show_space_isolation(storage_root, settings, tmp_path, capsys):
    from django.contrib.auth.models import User as AuthUser  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    settings.LAMINGUI_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("lamingui_demo")
    call_command("lamingui_admin")
    out = capsys.readouterr().out
    assert "user: viewer" in out and "user: curator" in out
    secret = ln.Record.get(name="Embargoed cohort")
    url = reverse("admin:lamingui_record_change", args=[secret.pk])
    pages = {}
    for name in ("viewer", "curator"):
        client = Client()
        client.force_login(AuthUser.objects.get(username=name))
        pages[name] = client.get(url)
    assert pages["viewer"].status_code == 302  # like a missing object
    assert pages["curator"].status_code == 200
    assert AuthUser.objects.get(username="viewer").has_perm("lamingui.view_record")
    assert not AuthUser.objects.get(username="viewer").has_perm(
        "lamingui.change_record"
    )
