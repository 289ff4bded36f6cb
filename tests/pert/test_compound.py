"""Compound against the offline CHEBI source (bio.md §9.2, §10 case 14)."""

from __future__ import annotations

import pytest

from lamingui.errors import DoesNotExist

pytest.importorskip("cellxgene_ontology_guide")

pytestmark = pytest.mark.django_db


def test_aspirin_from_source_and_save_imports_ancestors(pt):
    aspirin = pt.Compound.from_source(ontology_id="CHEBI:15365")
    assert aspirin._state.adding
    assert aspirin.name == "acetylsalicylic acid"
    assert aspirin.uid == pt.Compound(name="x", ontology_id="CHEBI:15365").uid
    assert (aspirin.source.entity, aspirin.source.name) == ("pertdb.Compound", "chebi")
    assert aspirin.source.version == "2026-05-01"
    aspirin.save()
    assert pt.Compound.filter().count() == 40
    assert pt.Compound.parents.through.objects.count() == 58
    assert {p.ontology_id for p in aspirin.parents.all()} == {
        "CHEBI:140310",
        "CHEBI:22723",
        "CHEBI:26596",
    }
    assert {p.name for p in aspirin.parents.all()} == {
        "phenyl acetates",
        "benzoic acids",
        "salicylates",
    }
    # saved now: from_source returns the row
    assert pt.Compound.from_source(ontology_id="CHEBI:15365") == aspirin


def test_chebi_has_no_synonyms(pt):
    with pytest.raises(DoesNotExist, match="name='aspirin'"):
        pt.Compound.from_source(name="aspirin")
    assert not pt.Compound.filter().exists()


def test_navitoclax_by_name(pt):
    assert pt.Compound.from_source(name="navitoclax").ontology_id == "CHEBI:131174"


def test_public_and_curation(pt):
    public = pt.Compound.public()
    assert repr(public).startswith(
        "PublicOntology\nEntity: Compound\nOrganism: all\nSource: chebi, 2026-05-01"
    )
    assert list(public.validate(["navitoclax", "aspirin"], "name", mute=True)) == [
        True,
        False,
    ]
    records = pt.Compound.from_values(["navitoclax", "not a compound"], mute=True)
    assert [r.ontology_id for r in records] == ["CHEBI:131174"]
    assert pt.Compound.validate(["navitoclax"], mute=True).tolist() == [False]
    records.save()
    assert pt.Compound.validate(["navitoclax"], mute=True).tolist() == [True]


def test_compound_feature_annotates_artifacts(pt, storage_root, tmp_path):
    import lamingui as ln  # noqa: PLC0415
    from lamingui.models._dtypes import resolve_registry  # noqa: PLC0415
    from tests import factories  # noqa: PLC0415

    assert resolve_registry("pertdb.Compound") is pt.Compound
    navitoclax = pt.Compound.from_source(name="navitoclax").save()
    feature = ln.Feature(name="compound", dtype=pt.Compound).save()
    assert feature._dtype_str == "cat[pertdb.Compound]"
    artifact = factories.make_artifact(tmp_path)
    artifact.features.add_values({"compound": navitoclax})
    links = list(artifact.links_compound.all())
    assert [(link.compound_id, link.feature_id) for link in links] == [
        (navitoclax.pk, feature.pk)
    ]
    assert list(artifact.compounds.all()) == [navitoclax]
