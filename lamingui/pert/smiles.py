"""SMILES normalisation of compounds with RDKit (bio.md §4.4).

RDKit is optional (``pip install 'lamingui[pert]'``); it is imported on first
use, so ``lamingui.pert`` works without it as long as no SMILES is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NOT_AVAILABLE = "RDKit is not available. Please install: pip install rdkit"


@dataclass(frozen=True)
class Structure:
    """Values derived from one SMILES string."""

    canonical_smiles: str
    inchikey: str
    molweight: float
    molformula: str


def _rdkit() -> tuple[Any, Any, Any, Any, Any]:
    try:
        from rdkit import Chem, rdBase  # noqa: PLC0415 - optional dependency
        from rdkit.Chem import Descriptors, rdMolDescriptors  # noqa: PLC0415
        from rdkit.Chem.MolStandardize import rdMolStandardize  # noqa: PLC0415
    except ImportError:
        raise ImportError(NOT_AVAILABLE) from None
    return Chem, rdBase, Descriptors, rdMolDescriptors, rdMolStandardize


def require_rdkit() -> None:
    """Raise ``ImportError`` naming the package when RDKit cannot be imported."""
    _rdkit()


def analyze(smiles: str) -> Structure:
    """Standardise ``smiles`` and derive InChIKey, weight and formula.

    The molecule is parsed, cleaned up, reduced to its largest fragment
    (counter-ions go), neutralised and put into its canonical tautomer.

    Raises:
        ImportError: RDKit is not installed.
        ValueError: ``smiles`` cannot be parsed.

    Examples:
        >>> analyze("CC(=O)Oc1ccccc1C(=O)[O-].[Na+]").canonical_smiles
        'CC(=O)Oc1ccccc1C(=O)O'
    """
    chem, rdbase, descriptors, mol_descriptors, standardize = _rdkit()
    if not isinstance(smiles, str) or not smiles.strip():
        raise ValueError(f"Could not parse SMILES: {smiles!r}")
    with rdbase.BlockLogs():  # RDKit prints parse errors to stderr otherwise
        mol = chem.MolFromSmiles(smiles)
        if mol is None:
            raise ValueError(f"Could not parse SMILES: {smiles}")
        mol = standardize.Cleanup(mol)
        mol = standardize.FragmentParent(mol)
        mol = standardize.Uncharger().uncharge(mol)
        mol = standardize.TautomerEnumerator().Canonicalize(mol)
        return Structure(
            canonical_smiles=chem.MolToSmiles(mol),
            inchikey=chem.MolToInchiKey(mol),
            molweight=float(descriptors.MolWt(mol)),
            molformula=mol_descriptors.CalcMolFormula(mol),
        )


__all__ = ["NOT_AVAILABLE", "Structure", "analyze", "require_rdkit"]
