"""The pertdb registries: tables, fields, uids, M2Ms, links, behaviour (bio.md §4)."""

from __future__ import annotations

import typing
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

import lamingui as ln
from lamingui.errors import FieldValidationError
from tests import factories

pytestmark = pytest.mark.django_db

REGISTRIES = {
    "Compound": "compound",
    "PerturbationTarget": "perturbation_target",
    "GeneticPerturbation": "genetic_perturbation",
    "Biologic": "biologic",
    "CompoundPerturbation": "compound_perturbation",
    "EnvironmentalPerturbation": "environmental_perturbation",
    "CombinationPerturbation": "combination_perturbation",
}


def test_public_names_and_app_label():
    import lamingui.pert as pt  # noqa: PLC0415 - the lazy module itself

    blocks = {f"{name}Block" for name in REGISTRIES}
    types = {"BiologicType", "GeneticPerturbationSystem"}
    assert set(pt.__all__) == {*REGISTRIES, *blocks, *types}
    assert "cytokine" in typing.get_args(pt.BiologicType)
    assert len(typing.get_args(pt.BiologicType)) == 12
    assert "CRISPRi" in typing.get_args(pt.GeneticPerturbationSystem)
    assert len(typing.get_args(pt.GeneticPerturbationSystem)) == 11
    with pytest.raises(AttributeError, match="has no attribute 'Foo'"):
        pt.Foo  # noqa: B018 - attribute access is the test
    for name in REGISTRIES:
        model = getattr(pt, name)
        assert model._meta.app_label == "pertdb"
        assert model._meta.db_table == f"wetlab_{name.lower()}"


def test_tables_exist_with_legacy_names(pt):
    tables = set(connection.introspection.table_names())
    expected = {f"wetlab_{n.lower()}" for n in REGISTRIES}
    expected |= {f"wetlab_artifact{n.lower()}" for n in REGISTRIES}
    expected |= {
        "wetlab_compound_parents",
        "wetlab_compound_targets",
        "wetlab_perturbationtarget_genes",
        "wetlab_perturbationtarget_pathways",
        "wetlab_perturbationtarget_proteins",
        "wetlab_geneticperturbation_targets",
        "wetlab_biologic_proteins",
        "wetlab_biologic_targets",
        "wetlab_environmentalperturbation_targets",
        "wetlab_combinationperturbation_genetic_perturbations",
        "wetlab_combinationperturbation_compound_perturbations",
        "wetlab_combinationperturbation_environmental_perturbations",
    }
    assert expected <= tables
    through = pt.Compound.parents.through
    assert {f.column for f in through._meta.fields} >= {
        "from_compound_id",
        "to_compound_id",
    }


def test_biologic_uid_hashes_the_name(pt):
    biologic = pt.Biologic(name="IFNG", type="cytokine")
    assert biologic.uid == "4ZbxyTpCNhXira"
    biologic.save()
    assert pt.Biologic.get(uid="4ZbxyTpCNhXira").type == "cytokine"
    # the ontology id is hashed when present
    compound = pt.Compound(name="x", ontology_id="CHEBI:15365")
    other = pt.Compound(name="y", ontology_id="CHEBI:15365")
    assert compound.uid == other.uid
    assert pt.EnvironmentalPerturbation(name="a", ontology_id="EFO:1").uid != (
        pt.EnvironmentalPerturbation(name="a").uid
    )


def test_biologic_type_is_required(pt):
    with pytest.raises(FieldValidationError, match="type"):
        pt.Biologic(name="IFNG")
    assert not pt.Biologic.filter().exists()


def test_genetic_perturbation_system_keyword_is_refused(pt):
    with pytest.raises(FieldValidationError, match="stored in `type`"):
        pt.GeneticPerturbation(name="sgTP53", system="CRISPR-Cas9")
    sg = pt.GeneticPerturbation(
        name="sgTP53", type="CRISPR-Cas9", sequence="GAGCGCTGCTCAGATAGCGA"
    ).save()
    assert pt.GeneticPerturbation.get(name="sgTP53").type == "CRISPR-Cas9"
    # plain Django column: no blank default, NULL when not given
    assert pt.GeneticPerturbation(name="x").type is None
    assert sg.on_target_score is None


def test_unknown_keyword_names_the_valid_ones(pt):
    with pytest.raises(FieldValidationError, match="'colour' are not valid"):
        pt.Compound(name="x", colour="red")


def test_compound_name_is_text_and_unique_with_ontology_id(pt):
    long_name = "a" * 400  # longer than a Char(255) name
    pt.Compound(name=long_name, ontology_id="CHEBI:1", _skip_validation=True).save()
    assert pt.Compound.get(ontology_id="CHEBI:1").name == long_name
    with transaction.atomic(), pytest.raises(IntegrityError):
        pt.Compound(
            name=long_name, ontology_id="CHEBI:1", uid="x" * 14, _skip_validation=True
        ).save()


def test_m2m_relations_and_reverse_names(pt, bt):
    human = bt.Organism.from_source(name="human").save()
    gene = bt.Gene(symbol="BCL2", ensembl_gene_id="ENSG00000171791", organism=human)
    gene.save()
    protein = bt.Protein(uniprotkb_id="P10415", organism=human).save()
    pathway = bt.Pathway(name="apoptosis").save()
    target = pt.PerturbationTarget(name="BCL2").save()
    target.genes.add(gene)
    target.proteins.add(protein)
    target.pathways.add(pathway)
    assert list(gene.perturbation_targets.all()) == [target]
    assert list(protein.perturbation_targets.all()) == [target]
    assert list(pathway.perturbation_targets.all()) == [target]

    compound = pt.Compound(name="navitoclax").save()
    compound.targets.add(target)
    genetic = pt.GeneticPerturbation(name="sgBCL2").save()
    genetic.targets.add(target)
    biologic = pt.Biologic(name="anti-BCL2", type="antibody").save()
    biologic.targets.add(target)
    biologic.proteins.add(protein)
    environmental = pt.EnvironmentalPerturbation(name="hypoxia").save()
    environmental.targets.add(target)
    assert list(target.compounds.all()) == [compound]
    assert list(target.genetic_perturbations.all()) == [genetic]
    assert list(target.biologics.all()) == [biologic]
    assert list(target.environmental_perturbations.all()) == [environmental]
    assert list(protein.biologics.all()) == [biologic]

    treatment = pt.CompoundPerturbation(
        name="navitoclax 1uM",
        compound=compound,
        concentration=1.0,
        concentration_unit="uM",
        duration=timedelta(hours=24),
    ).save()
    assert list(compound.compoundperturbation_set.all()) == [treatment]
    assert pt.CompoundPerturbation.get(name="navitoclax 1uM").duration == timedelta(
        hours=24
    )


def test_combination_members_in_kind_then_id_order(pt):
    combo = pt.CombinationPerturbation(name="combo")
    assert list(combo.members) == []  # unsaved: empty
    combo.save()
    assert list(combo.members) == []
    env = pt.EnvironmentalPerturbation(name="heat", value=42.0, unit="C").save()
    g2 = pt.GeneticPerturbation(name="g2").save()
    g1 = pt.GeneticPerturbation(name="g1").save()
    treatment = pt.CompoundPerturbation(name="drug").save()
    combo.environmental_perturbations.add(env)
    combo.genetic_perturbations.add(g1, g2)
    combo.compound_perturbations.add(treatment)
    members = combo.members
    assert isinstance(members, ln.models.SQLRecordList)
    assert list(members) == [g2, g1, treatment, env]
    assert list(g1.combination_perturbations.all()) == [combo]
    assert list(env.combination_perturbations.all()) == [combo]


@pytest.mark.parametrize("name", REGISTRIES)
def test_artifact_links(pt, name, tmp_path, storage_root):
    model = getattr(pt, name)
    snake = REGISTRIES[name]
    plural = snake + "s"
    kwargs = {"name": f"{name} one"}
    if name == "Biologic":
        kwargs["type"] = "protein"
    label = model(**kwargs).save()
    artifact = factories.make_artifact(tmp_path)
    feature = factories.make_feature(name=f"{snake} feature", dtype="str")
    getattr(artifact, plural).add(label)
    assert list(getattr(artifact, plural).all()) == [label]
    assert list(label.artifacts.all()) == [artifact]
    link_model = model.artifacts.through
    assert link_model._meta.db_table == f"wetlab_artifact{name.lower()}"
    links = getattr(artifact, f"links_{snake}")
    assert links.count() == 1
    # no unique constraint: the same pair may be linked again under a feature
    link_model(**{"artifact": artifact, name.lower(): label, "feature": feature}).save()
    link_model(**{"artifact": artifact, name.lower(): label, "feature": feature}).save()
    assert links.count() == 3
    assert getattr(feature, f"links_artifact{name.lower()}").count() == 2


def test_pertdb_link_indexes(pt):
    names = {
        index.name
        for model in (pt.PerturbationTarget, pt.GeneticPerturbation)
        for index in model.artifacts.through._meta.indexes
    }
    assert names == {"wetlab_arti_artifac_2674c5_idx", "wetlab_arti_artifac_8731fa_idx"}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(
            cursor, "wetlab_artifactperturbationtarget"
        )
    assert "wetlab_arti_artifac_2674c5_idx" in found


def test_curation_against_the_database(pt):
    pt.Biologic(name="IFNG", type="cytokine", synonyms="interferon gamma").save()
    assert list(pt.Biologic.validate(["IFNG", "TNF"], "name", mute=True)) == [
        True,
        False,
    ]
    assert pt.Biologic.standardize(["interferon gamma"], mute=True) == ["IFNG"]
    records = pt.Biologic.from_values(["IFNG", "TNF"], mute=True)
    assert [r.name for r in records] == ["IFNG"]


def test_registries_without_offline_source_say_so(pt):
    with pytest.raises(pt.Biologic.DoesNotExist, match=r"pt\.Biologic\.add_source"):
        pt.Biologic.from_source(name="IFNG")
