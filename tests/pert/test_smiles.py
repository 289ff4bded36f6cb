"""SMILES handling of Compound (bio.md §4.4); RDKit is the ``pert`` extra."""

from __future__ import annotations

import builtins
import logging
import sys

import pytest

pytestmark = pytest.mark.django_db

ASPIRIN_SODIUM = "CC(=O)Oc1ccccc1C(=O)[O-].[Na+]"


@pytest.fixture
def no_rdkit(monkeypatch):
    """Make ``import rdkit`` fail as if the package were not installed."""
    for name in list(sys.modules):
        if name == "rdkit" or name.startswith("rdkit."):
            monkeypatch.delitem(sys.modules, name)
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "rdkit" or name.startswith("rdkit."):
            raise ModuleNotFoundError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_without_rdkit_smiles_is_refused(pt, no_rdkit):
    with pytest.raises(ImportError, match=r"RDKit is not available\. Please install"):
        pt.Compound(name="aspirin sodium", smiles=ASPIRIN_SODIUM)
    with pytest.raises(ImportError, match="pip install rdkit"):
        pt.Compound.standardize_smiles(ASPIRIN_SODIUM)
    # a compound without SMILES needs no RDKit
    assert pt.Compound(name="plain").save().canonical_smiles is None
    plain = pt.Compound.get(name="plain")
    plain.smiles = ASPIRIN_SODIUM
    with pytest.raises(ImportError, match="RDKit is not available"):
        plain.save()
    assert pt.Compound.get(name="plain").smiles is None


def test_smiles_fills_derived_columns(pt):
    pytest.importorskip("rdkit")
    compound = pt.Compound(name="aspirin sodium", smiles=ASPIRIN_SODIUM)
    assert compound.smiles == ASPIRIN_SODIUM
    assert compound.canonical_smiles == "CC(=O)Oc1ccccc1C(=O)O"
    assert compound.inchikey == "BSYNRYMUTXBXSQ-UHFFFAOYSA-N"
    assert compound.molformula == "C9H8O4"
    assert compound.molweight == pytest.approx(180.159, abs=0.001)
    compound.save()
    stored = pt.Compound.get(name="aspirin sodium")
    assert stored.inchikey == "BSYNRYMUTXBXSQ-UHFFFAOYSA-N"


def test_unparsable_smiles_warns_and_keeps_the_input(pt, caplog):
    pytest.importorskip("rdkit")
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        compound = pt.Compound(name="broken", smiles="C1CC((")
    assert compound.smiles == "C1CC(("
    assert compound.canonical_smiles is None
    assert compound.inchikey is None
    assert compound.molweight is None
    assert compound.molformula is None
    assert (
        "could not normalize SMILES for compound 'broken': "
        "Could not parse SMILES: C1CC((" in caplog.text
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="lamingui"):
        compound.save()  # processed once already: no second warning
    assert "could not normalize" not in caplog.text


def test_save_fills_smiles_set_after_construction(pt):
    pytest.importorskip("rdkit")
    compound = pt.Compound(name="aspirin").save()
    compound.smiles = "OC(=O)c1ccccc1OC(C)=O"
    compound.save()
    stored = pt.Compound.get(name="aspirin")
    assert stored.canonical_smiles == "CC(=O)Oc1ccccc1C(=O)O"
    assert stored.molformula == "C9H8O4"


def test_update_smiles_reprocesses_and_saves(pt):
    pytest.importorskip("rdkit")
    compound = pt.Compound(name="acid", smiles="CC(=O)O").save()
    assert compound.molformula == "C2H4O2"
    compound.update_smiles(ASPIRIN_SODIUM)
    stored = pt.Compound.get(name="acid")
    assert stored.smiles == ASPIRIN_SODIUM
    assert stored.canonical_smiles == "CC(=O)Oc1ccccc1C(=O)O"
    assert stored.inchikey == "BSYNRYMUTXBXSQ-UHFFFAOYSA-N"


def test_standardize_smiles(pt):
    pytest.importorskip("rdkit")
    assert pt.Compound.standardize_smiles(ASPIRIN_SODIUM) == "CC(=O)Oc1ccccc1C(=O)O"
    with pytest.raises(ValueError, match="Could not parse SMILES: not-a-smiles"):
        pt.Compound.standardize_smiles("not-a-smiles")
