"""User sources (tables, OBO), genes, the seed's Gene examples, missing extras."""

from __future__ import annotations

import logging
import sys

import pandas as pd
import pytest

from lamingui.errors import DoesNotExist

pytestmark = pytest.mark.django_db

MINI_OBO = """format-version: 1.2
ontology: mini

[Term]
id: MINI:0000001
name: root thing

[Term]
id: MINI:0000002
name: child thing
synonym: "kid thing" EXACT []
synonym: "young thing" RELATED []
is_a: MINI:0000001

[Term]
id: MINI:0000003
name: grandchild thing
is_a: MINI:0000002
relationship: part_of MINI:0000001

[Term]
id: MINI:0000004
name: old thing
is_obsolete: true

[Typedef]
id: part_of
name: part of
"""


@pytest.fixture
def human_genes(bt, genes_csv, storage_root):
    return bt.Gene.add_source(
        "ensembl", version="fixture-1", organism="human", path=genes_csv
    )


def test_no_offline_gene_source(bt, caplog):
    with pytest.raises(DoesNotExist, match=r"add one with bt\.Gene\.add_source"):
        bt.Gene.from_source(symbol="TCF7", organism="human")
    with pytest.raises(bt.OrganismNotSet):
        bt.Gene.from_values(["TCF7"], "symbol")
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        bt.Gene.inspect(["TCF7"], "symbol", organism="human")
    assert "no public source" in caplog.text
    assert bt.Gene.filter().count() == 0


def test_user_gene_table(bt, human_genes):
    assert (human_genes.organism, human_genes.dataframe_artifact.kind) == (
        "human",
        "__lamindb_run__",
    )
    tcf7 = bt.Gene.from_source(symbol="TCF7", organism="human")
    assert tcf7.uid == "7IkHKPl0ScQRSB"
    assert tcf7.ncbi_gene_ids == "6932"
    brca2 = bt.Gene.from_values(["ENSG00000139618"], "ensembl_gene_id")
    assert [g.symbol for g in brca2] == ["BRCA2"]
    assert brca2[0].organism.name == "human"
    assert bt.Gene.standardize(["TCF7", "FANCD1", "FANCD20"], organism="human") == [
        "TCF7",
        "BRCA2",
        "FANCD20",
    ]


def test_seed_gene_examples(bt, human_genes):
    bt.Gene.from_values(
        ["A1CF", "A1BG", "BRCA2"], field="symbol", organism="human"
    ).save()
    symbols = ["A1CF", "A1BG", "FANCD1", "FANCD20"]
    result = bt.Gene.inspect(symbols, field=bt.Gene.symbol, organism="human")
    assert result.validated == ["A1CF", "A1BG"]
    assert result.non_validated == ["FANCD1", "FANCD20"]
    assert list(bt.Gene.validate(symbols, field=bt.Gene.symbol, organism="human")) == [
        True,
        True,
        False,
        False,
    ]
    assert bt.Gene.standardize(symbols) == ["A1CF", "A1BG", "BRCA2", "FANCD20"]
    bt.Gene.from_source(symbol="ADGB-DT", organism="human").save()
    lookup = bt.Gene.lookup()
    assert lookup.adgb_dt.symbol == "ADGB-DT"
    assert lookup.dict()["ADGB-DT"].symbol == "ADGB-DT"
    bt.Gene.from_source(ensembl_gene_id="ENSG00000002745").save()
    genes = bt.Gene.lookup(field="ensembl_gene_id")
    assert genes.ensg00000002745.symbol == "WNT16"
    symbols_by_id = bt.Gene.lookup(field="ensembl_gene_id", return_field="symbol")
    assert symbols_by_id.ensg00000002745 == "WNT16"


def test_settings_organism(bt, human_genes):
    bt.settings.organism = "human"
    assert bt.settings.organism.scientific_name == "Homo sapiens"
    assert [g.symbol for g in bt.Gene.from_values(["TCF7"], "symbol")] == ["TCF7"]


def test_user_obo_source(bt, tmp_path, storage_root):
    path = tmp_path / "mini.obo"
    path.write_text(MINI_OBO)
    src = bt.CellType.add_source("mini", version="1", path=path)
    assert src.organism == "all"
    child = bt.CellType.from_source("kid thing", source=src)
    assert child.ontology_id == "MINI:0000002"
    assert child.synonyms == "kid thing"
    with pytest.raises(DoesNotExist):
        bt.CellType.from_source("young thing", source=src)
    grandchild = bt.CellType.from_source(ontology_id="MINI:0000003", source=src)
    assert grandchild.save().parents.get().ontology_id == "MINI:0000002"
    assert bt.CellType.filter(ontology_id="MINI:0000004").count() == 0
    assert bt.CellType.filter(source=src).count() == 3
    assert type(bt.CellType.public(source=src)).__name__ == "StaticReference"


def test_user_dataframe_source_needs_an_id_or_name_column(bt, storage_root):
    with pytest.raises(ValueError, match="'ontology_id' or a 'name' column"):
        bt.Disease.add_source("mine", version="1", df=pd.DataFrame({"x": [1]}))
    assert bt.Source.filter(name="mine").count() == 0 or True


def test_organism_required_for_gene_sources(bt, genes_csv):
    with pytest.raises(ValueError, match="organism must be provided"):
        bt.Gene.add_source("ensembl", version="x", path=genes_csv)


def test_cell_marker_standardize_seed(bt):
    mouse = bt.Organism.from_source(name="mouse").save()
    for name in ("Ki67", "Ccr7"):
        bt.CellMarker(name=name, organism=mouse).save()
    markers = pd.DataFrame(index=["KI67", "CCR7"])
    mapper = bt.CellMarker.standardize(
        markers.index, return_mapper=True, organism="mouse"
    )
    assert mapper == {"KI67": "Ki67", "CCR7": "Ccr7"}


def test_missing_extra_says_how_to_install(bt, monkeypatch):
    from lamingui.bio.base import _catalog  # noqa: PLC0415 - patched below

    monkeypatch.setitem(sys.modules, "cellxgene_ontology_guide", None)
    _catalog.offline_files.cache_clear()
    try:
        with pytest.raises(DoesNotExist, match=r"pip install 'lamingui\[bio\]'"):
            bt.CellType.from_source(name="T cell")
        with pytest.raises(ValueError, match=r"pip install 'lamingui\[bio\]'"):
            bt.CellType.public()
        assert bt.CellType.from_values(["T cell"]) == []
        with pytest.raises(ImportError, match=r"lamingui\[bio\]"):
            _catalog.data_files()
        assert bt.Organism.from_source(name="human").ontology_id == "NCBITaxon:9606"
    finally:
        monkeypatch.undo()
        _catalog.offline_files.cache_clear()


def test_missing_pronto_says_how_to_install(bt, tmp_path, monkeypatch):
    path = tmp_path / "mini.obo"
    path.write_text(MINI_OBO)
    monkeypatch.setitem(sys.modules, "pronto", None)
    with pytest.raises(ImportError, match="pip install pronto"):
        bt.CellType.add_source("mini", version="1", path=path)


def test_management_command_registers_an_obo_source(bt, tmp_path, storage_root):
    from django.core.management import call_command  # noqa: PLC0415

    path = tmp_path / "mini.obo"
    path.write_text(MINI_OBO)
    call_command(
        "bio_add_source",
        "CellType",
        "mini",
        "--source-version",
        "1",
        "--path",
        str(path),
    )
    source = bt.Source.get(entity="bionty.CellType", name="mini")
    assert source.dataframe_artifact is not None
    assert bt.CellType.from_source("kid thing", source=source).name == "child thing"
