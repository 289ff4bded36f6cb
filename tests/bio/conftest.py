"""Fixtures of the bio tests: ``bt``, no network, a clean default organism."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("cellxgene_ontology_guide")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open an internet connection fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple) and address[0] not in {
            "127.0.0.1",
            "::1",
            "localhost",
        }:
            raise AssertionError(f"network access attempted: {address!r}")
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def bt(db) -> Iterator[Any]:
    import lamingui.bio as bt  # noqa: PLC0415 - after the test database exists

    bt.settings.organism = None
    yield bt
    bt.settings.organism = None


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
