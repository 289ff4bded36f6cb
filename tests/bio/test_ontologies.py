"""The test terms of bio.md §10 resolve exactly: ids, names, synonyms, parents."""

from __future__ import annotations

import logging

import pytest

from lamingui.errors import DoesNotExist, InvalidArgument
from lamingui.models.mixins.parents import build_graph

pytestmark = pytest.mark.django_db


def _ids(records) -> set[str]:
    return {r.ontology_id for r in records}


def test_t_cell_from_source_and_save_imports_ancestors(bt):
    r = bt.CellType.from_source(name="T cell")
    assert r._state.adding
    assert (r.ontology_id, r.uid) == ("CL:0000084", "22LvKd01YyNA1a")
    assert set(r.synonyms.split("|")) == {"T lymphocyte", "T-cell", "T-lymphocyte"}
    assert r.description == (
        "A type of lymphocyte whose defining characteristic is the expression of a "
        "T cell receptor complex."
    )
    assert (r.source.name, r.source.version) == ("cl", "2026-03-26")
    r.save()
    assert _ids(bt.CellType.filter()) == {
        "CL:0000084", "CL:0000542", "CL:0000842", "CL:0000226", "CL:0000738",
        "CL:0000219", "CL:0000255", "CL:0000988", "CL:0002242", "CL:0000000",
    }  # fmt: skip
    assert [p.ontology_id for p in r.parents.all()] == ["CL:0000542"]
    assert r.query_parents().count() == 9
    assert bt.CellType.parents.through.objects.count() == 14


def test_from_values_is_synonym_aware(bt, caplog):
    records = bt.CellType.from_values(
        ["T cell", "T-cell", "t cell", "B cell", "B-cell"], "name"
    )
    assert [r.name for r in records] == ["T cell", "B cell"]
    assert records[1].ontology_id == "CL:0000236"
    assert set(records[1].synonyms.split("|")) == {
        "B lymphocyte",
        "B-cell",
        "B-lymphocyte",
    }
    with caplog.at_level(logging.INFO, logger="lamingui"):
        records = bt.CellType.from_values(
            ["T cell", "hepatocyte", "my new cell type"], "name"
        )
    assert [r.ontology_id for r in records] == ["CL:0000084", "CL:0000182"]
    assert "'my new cell type'" in caplog.text


def test_from_values_save_imports_parents(bt):
    bt.CellType.from_values(["T cell", "B cell"]).save()
    t_cell = bt.CellType.get(name="T cell")
    assert [p.ontology_id for p in t_cell.parents.all()] == ["CL:0000542"]
    assert bt.CellType.get(ontology_id="CL:0000236").parents.exists()


def test_from_source_errors(bt):
    with pytest.raises(DoesNotExist, match="name='T-cellx'"):
        bt.CellType.from_source(name="T-cellx")
    with pytest.raises(InvalidArgument, match="Only one field"):
        bt.CellType.from_source(name="T cell", ontology_id="CL:0000084")
    with pytest.raises(InvalidArgument, match="No field"):
        bt.CellType.from_source()
    with pytest.raises(DoesNotExist):
        bt.CellType.from_source(name="T-cell")
    assert bt.CellType.from_source("T-cell").name == "T cell"


def test_seed_tissue_example(bt):
    tissue = bt.Tissue.from_source(name="subsegmental bronchus").save()
    assert tissue.ontology_id == "UBERON:8600009"
    assert bt.Tissue.filter().count() == 42
    assert bt.Tissue.parents.through.objects.count() == 74
    assert _ids(tissue.parents.all()) == {
        "UBERON:0035767",
        "UBERON:0000101",
        "UBERON:8600017",
    }
    rt = bt.Tissue.get(name="respiratory tube")
    assert rt.ontology_id == "UBERON:0000117"
    assert _ids(rt.parents.all()) == {"UBERON:0000025", "UBERON:0000065"}
    bronchus = bt.Tissue.get(ontology_id="UBERON:0002185")
    assert rt in bronchus.parents.all()
    assert bronchus in bt.Tissue.get(ontology_id="UBERON:0035767").parents.all()
    graph = build_graph(rt, "both", distance=5)
    edges = {(graph.nodes[p].uid, graph.nodes[c].uid) for p, c in graph.edges}
    assert (rt.uid, bronchus.uid) in edges
    assert graph.nodes[rt.pk].label == "respiratory tube"
    assert rt.view_parents(with_children=True) is not None


def test_experimental_factor_and_abbr(bt):
    s = bt.ExperimentalFactor.from_source(name="single-cell RNA sequencing").save()
    assert s.ontology_id == "EFO:0008913"
    assert s.abbr is None
    synonyms = {
        "scRNA-seq",
        "single cell RNA sequencing",
        "single-cell RNA-seq",
        "single-cell transcriptome sequencing",
    }
    assert set(s.synonyms.split("|")) == synonyms
    assert _ids(s.parents.all()) == {"EFO:0001457", "EFO:0007832"}
    assert bt.ExperimentalFactor.filter().count() == 9
    s.set_abbr("scRNA")
    s.refresh_from_db()
    assert s.abbr == "scRNA"
    assert set(s.synonyms.split("|")) == synonyms | {"scRNA"}
    assert bt.ExperimentalFactor.from_source("scRNA-seq").ontology_id == "EFO:0008913"


def test_efo_bridged_parent(bt):
    part = bt.ExperimentalFactor.from_source(ontology_id="EFO:0000635").save()
    assert part.name == "organism part"
    assert _ids(part.parents.all()) == {"EFO:0000001"}


def test_disease(bt):
    ad = bt.Disease.from_source(ontology_id="MONDO:0004975")
    assert ad.name == "Alzheimer disease"
    assert set(ad.synonyms.split("|")) == {
        "AD",
        "Alzheimer dementia",
        "Alzheimer's dementia",
        "Alzheimer's disease",
        "Alzheimers disease",
        "presenile and senile dementia",
    }
    ad.save()
    assert _ids(ad.parents.all()) == {"MONDO:0001627", "MONDO:0005574"}
    assert bt.Disease.filter().count() == 13
    public = bt.Disease.public()
    assert public.standardize(["Alzheimer's disease"]) == ["Alzheimer disease"]
    assert public.standardize(["CAD"]) == ["coronary artery disorder"]
    assert public.standardize(["CAD"], keep=False) == [
        [
            "coronary artery disorder",
            "cold agglutinin disease",
            "congenital alveolar dysplasia",
        ]
    ]


def test_organism(bt):
    human = bt.Organism.from_source(name="human")
    assert (human.ontology_id, human.scientific_name, human.uid) == (
        "NCBITaxon:9606",
        "Homo sapiens",
        "1dpCL6TduFJ3AP",
    )
    mouse = bt.Organism.from_source(scientific_name="Mus musculus")
    assert (mouse.name, mouse.uid) == ("mouse", "3RZqbcSLWNGQGZ")
    assert bt.Organism.from_source(name="rabbit").ontology_id == "NCBITaxon:9986"


def test_ethnicity_versions(bt):
    assert bt.Ethnicity.standardize(
        ["South Asian"], field="name", return_field="ontology_id"
    ) == ["HANCESTRO:0848"]
    old = bt.core.get_source_record(bt.Ethnicity)  # seeds the sources
    old = bt.Source.get(entity="bionty.Ethnicity", version="3.0")
    assert bt.Ethnicity.standardize(
        ["South Asian"], field="name", return_field="ontology_id", source=old
    ) == ["HANCESTRO:0006"]
    european = bt.Ethnicity.from_source(ontology_id="HANCESTRO:0005").save()
    assert european.name == "European ancestry"
    assert _ids(european.parents.all()) == {"HANCESTRO:0004"}
    assert bt.Ethnicity.filter().count() == 2
    assert bt.Ethnicity.from_source(ontology_id="HANCESTRO:0005", source=old).name == (
        "European ancestry"
    )  # the saved row is returned
    with pytest.raises(DoesNotExist):
        bt.Ethnicity.from_source(name="European")
    assert bt.Ethnicity.from_source("European").ontology_id == "HANCESTRO:0005"


def test_ethnicity_import_source(bt):
    bt.Ethnicity.import_source()
    assert bt.Ethnicity.filter().count() == 589
    assert bt.Ethnicity.parents.through.objects.count() == 994
    source = bt.Source.get(entity="bionty.Ethnicity", currently_used=True)
    assert source.in_db is True
    with pytest.raises(TypeError, match=r"expects a `bt\.Source`"):
        bt.Ethnicity.import_source("hancestro")


def test_developmental_stages_and_deprecation(bt):
    cs01 = bt.DevelopmentalStage.from_source(name="Carnegie stage 01")
    assert (cs01.ontology_id, cs01.synonyms) == ("HsapDv:0000003", "CS01")
    cs01.save()
    assert _ids(cs01.parents.all()) == {"HsapDv:0000000", "HsapDv:0000002"}
    adult = bt.DevelopmentalStage.from_source(name="adult stage")
    assert adult.ontology_id == "HsapDv:0000258"
    with pytest.raises(DoesNotExist, match="HsapDv:0000005"):
        bt.DevelopmentalStage.from_source(ontology_id="HsapDv:0000004")
    mouse = bt.DevelopmentalStage.from_values(["Theiler stage 01"], organism="mouse")
    assert [r.ontology_id for r in mouse] == ["MmusDv:0000003"]
    assert mouse[0].source.name == "mmusdv"


def test_developmental_stage_import(bt):
    bt.DevelopmentalStage.import_source()
    assert bt.DevelopmentalStage.filter().count() == 239
    assert bt.DevelopmentalStage.parents.through.objects.count() == 475


def test_cell_type_versions(bt):
    assert bt.CellType.from_source(ontology_id="CL:0000842").name == (
        "mononuclear leukocyte"
    )
    bt.core.sync_public_sources()
    old = bt.Source.get(entity="bionty.CellType", version="2025-02-13")
    assert bt.CellType.from_source(ontology_id="CL:0000842", source=old).name == (
        "mononuclear cell"
    )
    assert bt.CellType.from_source(ontology_id="CL:0000863", source=old).name == (
        "inflammatory macrophage"
    )
    assert bt.CellType.from_source(ontology_id="CL:0000863").name == "M1 macrophage"
    assert repr(bt.CellType.public()).endswith("#terms: 3324\n\n")
    assert repr(bt.CellType.public(source=old)).endswith("#terms: 2874\n\n")


def test_cell_type_import_source(bt):
    bt.CellType.import_source()
    assert bt.CellType.filter().count() == 3324
    assert bt.CellType.parents.through.objects.count() == 4641


def test_source_scoping(bt):
    bt.CellType.from_source(name="T cell").save()
    s2 = bt.Source.get(entity="bionty.CellType", version="2025-02-13")
    result = bt.CellType.inspect("T-cell", source=s2, mute=True)
    assert result.synonyms_mapper == {"T-cell": "T cell"}
    strict = bt.CellType.inspect("T-cell", source=s2, strict_source=True, mute=True)
    assert strict.synonyms_mapper == {}
    assert bt.CellType.validate("T cell", source=s2).sum() == 1
    assert bt.CellType.validate("T cell", source=s2, strict_source=True).sum() == 0
    assert bt.CellType.standardize("T-cell", source=s2, strict_source=True) == "T cell"


def test_cell_line(bt):
    assert bt.CellLine.from_source(name="K-562").ontology_id == "CVCL_0004"
    assert bt.CellLine.from_source(name="HeLa").ontology_id == "CVCL_0030"
    assert bt.CellLine.from_source(name="HEK293").ontology_id == "CVCL_0045"
    assert bt.CellLine.public().standardize(["K562"]) == ["K562"]


def test_phenotype(bt):
    increased = bt.Phenotype.from_source(name="increased size")
    assert increased.ontology_id == "PATO:0000586"
    increased.save()
    assert _ids(increased.parents.all()) == {"PATO:0000117", "PATO:0002305"}
    assert bt.Phenotype.filter().count() == 9


def test_source_rows(bt):
    bt.core.sync_public_sources()
    current = bt.Source.get(entity="bionty.CellType", currently_used=True)
    old = bt.Source.get(entity="bionty.CellType", version="2025-02-13")
    old.currently_used = True
    old.save()
    current.refresh_from_db()
    assert current.currently_used is False
    with pytest.raises(AttributeError):
        old.set_abbr("x")
    made = bt.Source(
        entity="bionty.Disease", name="mondo", version="2023-04-04", organism="all"
    )
    assert made.uid == "Hgw08Vk3"


def test_default_sources(bt):
    get = bt.core.get_source_record
    assert get(bt.CellType).name == "cl"
    assert get(bt.Tissue).name == "uberon"
    assert get(bt.Disease).name == "mondo"
    assert get(bt.ExperimentalFactor).name == "efo"
    assert get(bt.Phenotype).name == "pato"
    assert get(bt.CellLine).name == "cellosaurus"
    assert get(bt.Ethnicity).name == "hancestro"
    assert get(bt.DevelopmentalStage).name == "hsapdv"
    assert get(bt.DevelopmentalStage, "mouse").name == "mmusdv"
    assert get(bt.Organism).name == "lamingui"
    with pytest.raises(ValueError, match="No source record found"):
        get(bt.Pathway)


def test_uids_match_bionty(bt):
    human = bt.Organism(ontology_id="NCBITaxon:9606", name="human")
    assert human.uid == "1dpCL6TduFJ3AP"
    human.save()
    assert bt.CellType(ontology_id="CL:0000084", name="T cell").uid == "22LvKd01YyNA1a"
    assert bt.CellMarker(name="test", organism=human).uid == "2dZ52W9noUDKVE"
    gene = bt.Gene(ensembl_gene_id="ENSG00000081059", symbol="TCF7", organism=human)
    assert gene.uid == "7IkHKPl0ScQRSB"
    assert bt.Tissue(ontology_id="UBERON:8600009", name="x").uid == "1hqheOTr8UvTCa"


def test_parents_kwarg_must_be_ids(bt):
    with pytest.raises(ValueError, match="list of ontology ids"):
        bt.CellType(name="x", parents=[1, 2])


def test_public_search_lookup_and_row_construction(bt):
    public = bt.CellType.public()
    hits = public.search("T cell")
    assert hits.index[0] == "CL:0000084"
    lookup = public.lookup()
    row = lookup.t_cell
    assert row.ontology_id == "CL:0000084"
    record = bt.CellType(row)
    assert (record.name, record.uid) == ("T cell", "22LvKd01YyNA1a")
    record.save()
    assert bt.CellType(row) == record  # the saved row is returned


def test_seed_add_synonym_example(bt):
    """The seed's ``add_synonym`` example on a CellType saved from the source."""
    record = bt.CellType.from_source(name="T cell").save()
    assert set(record.synonyms.split("|")) == {"T-cell", "T lymphocyte", "T-lymphocyte"}
    record.add_synonym("T cells")
    stored = bt.CellType.get(name="T cell").synonyms.split("|")
    assert set(stored) == {"T cells", "T-cell", "T lymphocyte", "T-lymphocyte"}
