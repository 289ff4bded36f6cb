"""Fixtures of the bio tests: ``bt``, no network, a clean default organism."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bio_fixtures import _no_network, bt

pytest.importorskip("cellxgene_ontology_guide")

__all__ = ["_no_network", "bt", "genes_csv"]


@pytest.fixture
def genes_csv(tmp_path) -> Any:
    path = tmp_path / "genes.csv"
    path.write_text(
        "ensembl_gene_id,symbol,ncbi_gene_id,biotype,description,synonyms\n"
        "ENSG00000139618,BRCA2,675,protein_coding,BRCA2 DNA repair associated,"
        "FANCD1|BRCC2\n"
        "ENSG00000081059,TCF7,6932,protein_coding,transcription factor 7,TCF-1\n"
        "ENSG00000149948,HMGA2,8091,protein_coding,high mobility group AT-hook 2,\n"
        "ENSG00000148584,A1CF,29974,protein_coding,APOBEC1 complementation factor,\n"
        "ENSG00000121410,A1BG,1,protein_coding,alpha-1-B glycoprotein,\n"
        "ENSG00000237686,ADGB-DT,,lncRNA,ADGB divergent transcript,\n"
        "ENSG00000002745,WNT16,51384,protein_coding,Wnt family member 16,\n"
    )
    return path
