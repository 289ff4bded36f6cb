"""Relations to big registries render as id boxes, not as a dropdown of every row.

gui.md §5.2 / §8.3: a change page stays small however many runs, records or
users the instance holds; the small governance tables (space, branch,
storage) keep their dropdowns; the choices stay space-filtered.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.widgets import (
    ManyToManyRawIdWidget,
    RelatedFieldWidgetWrapper,
)
from django.forms import Select
from django.urls import reverse

import lamingui as ln
from lamingui.admin.widgets import VisibleRawIdWidget, id_box_relations
from tests.factories import make_record, make_transform

pytestmark = pytest.mark.django_db

#: rows per big table in the page-size test
N = 2000


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def crowded(db):
    """2,000 runs and 2,000 records (a few of them types)."""
    transform = make_transform()
    ln.Run.objects.bulk_create([ln.Run(transform) for _ in range(N)])
    ln.Record.objects.bulk_create(
        [ln.Record(name=f"crowd {i}", is_type=i % 100 == 0) for i in range(N)]
    )
    return transform


def test_change_pages_stay_small_with_many_rows(admin_client, crowded):
    kind = ln.Record.filter(is_type=True).first()
    record = make_record(name="looked at", type=kind)
    run = ln.Run.objects.first()
    for obj in (record, run, crowded):
        response = admin_client.get(change_url(obj))
        assert response.status_code == 200
        html = response.content.decode()
        # a dropdown of 2,000 rows alone would be far above this
        assert len(html) < 150_000, (type(obj).__name__, len(html))
        assert html.count("<option") < 100, type(obj).__name__
    # the current type is named next to its id box, with a link to it
    assert kind.name in admin_client.get(change_url(record)).content.decode()


def test_widget_types(admin_client, crowded):
    kind = ln.Record.filter(is_type=True).first()
    record = make_record(name="widgets", type=kind)
    form = admin_client.get(change_url(record)).context["adminform"].form
    # big registries: id boxes; the type lookup lists types only
    assert isinstance(form.fields["type"].widget, VisibleRawIdWidget)
    assert form.fields["type"].widget.url_parameters()["is_type"] == "1"
    # governance tables: dropdowns (wrapped with the add/change links)
    space = form.fields["space"].widget
    assert isinstance(space, RelatedFieldWidgetWrapper)
    assert isinstance(space.widget, Select)
    assert not isinstance(space.widget, VisibleRawIdWidget)
    artifact_fields = set(id_box_relations(ln.Artifact))
    assert {"run", "created_by", "schema", "transform"} & artifact_fields
    assert not {"space", "branch", "storage"} & artifact_fields
    # many-to-many with Django's own link table (runs a collection feeds)
    assert "input_of_runs" in id_box_relations(ln.Collection)


def test_many_to_many_id_box(admin_client, db):
    transform = make_transform()
    form = admin_client.get(change_url(transform)).context["adminform"].form
    m2m = [
        name
        for name, field in form.fields.items()
        if isinstance(
            getattr(field.widget, "widget", field.widget), ManyToManyRawIdWidget
        )
    ]
    expected = [
        f.name
        for f in ln.Transform._meta.many_to_many
        if f.name in id_box_relations(ln.Transform) and f.name in form.fields
    ]
    assert sorted(m2m) == sorted(expected)


def test_id_box_hides_and_refuses_unreadable_objects(gui):
    kind = make_record(name="Secret kind", is_type=True, space=gui.restricted)
    member = make_record(name="Open member", type=kind)
    # the outsider reads the member but not its type: the box shows no name
    outsider = gui.client("outsider")
    html = outsider.get(change_url(member)).content.decode()
    assert "Secret kind" not in html
    assert (
        "Secret kind" in gui.client("curator").get(change_url(member)).content.decode()
    )
    # an id in an unreadable space is refused, nothing written
    mine = make_record(name="Outsider record")
    response = gui.client("curator").post(
        change_url(mine), {"name": "Outsider record", "space": 1, "type": kind.pk}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    mine2 = make_record(name="Second record")
    response = outsider.post(
        change_url(mine2), {"name": "Second record", "space": 1, "type": kind.pk}
    )
    assert response.status_code == 200
    assert "type" in response.context["adminform"].form.errors
    assert ln.Record.get(pk=mine2.pk).type_id is None
