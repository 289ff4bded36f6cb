"""``Compound``: a chemical compound, backed by CHEBI (bio.md §4.1, §4.4)."""

from __future__ import annotations

import logging

from ...bio.models import BioRecord, HasOntologyId
from ...models.fields import CharField, FloatField, TextField
from ...models.mixins import TracksRun, TracksUpdates
from .. import smiles as _smiles
from ._fields import artifacts, targets

logger = logging.getLogger("lamingui")

#: columns derived from ``smiles``
DERIVED = ("canonical_smiles", "inchikey", "molweight", "molformula")


class Compound(BioRecord, HasOntologyId, TracksRun, TracksUpdates):
    """A chemical compound; ``ontology_id`` is a CHEBI id.

    With RDKit installed (``pip install 'lamingui[pert]'``), a ``smiles`` fills
    ``canonical_smiles``, ``inchikey``, ``molweight`` and ``molformula``.

    Examples:
        >>> pt.Compound.from_source(ontology_id="CHEBI:15365").save()
        >>> pt.Compound(name="aspirin sodium", smiles="CC(=O)Oc1ccccc1C(=O)[O-].[Na+]")
    """

    name: str = TextField(db_index=True)
    """Name of the compound."""
    type: str | None = CharField(max_length=32, null=True, db_index=True)
    """Kind of compound."""
    chembl_id: str | None = CharField(max_length=32, null=True, db_index=True)
    """ChEMBL id."""
    smiles: str | None = TextField(null=True, db_index=True)
    """SMILES as given."""
    canonical_smiles: str | None = TextField(null=True, db_index=True)
    """Standardised SMILES (RDKit)."""
    inchikey: str | None = TextField(null=True, db_index=True)
    """InChIKey of the standardised molecule."""
    molweight: float | None = FloatField(null=True, db_index=True)
    """Molecular weight (g/mol)."""
    molformula: str | None = TextField(null=True, db_index=True)
    """Molecular formula."""
    moa: str | None = TextField(null=True, db_index=True)
    """Mechanism of action."""
    targets = targets("compounds")
    """Perturbation targets."""
    artifacts = artifacts("ArtifactCompound", "compounds")
    """Artifacts annotated with this compound."""

    class Meta:
        app_label = "pertdb"
        db_table = "wetlab_compound"
        base_manager_name = "objects"
        unique_together = (("name", "ontology_id"),)

    def _after_init(self) -> None:
        super()._after_init()
        if self.smiles:
            self._process_smiles()

    def _before_save(self, using: str) -> None:
        super()._before_save(using)
        processed = self.__dict__.get("_smiles_processed")
        if self.smiles and not self.canonical_smiles and processed != self.smiles:
            self._process_smiles()

    def _process_smiles(self) -> None:
        """Fill the derived columns; an unparsable SMILES clears them (warning)."""
        _smiles.require_rdkit()
        self.__dict__["_smiles_processed"] = self.smiles
        try:
            structure = _smiles.analyze(self.smiles)
        except ValueError as error:
            for field in DERIVED:
                setattr(self, field, None)
            logger.warning(
                "could not normalize SMILES for compound '%s': %s", self.name, error
            )
            return
        for field in DERIVED:
            setattr(self, field, getattr(structure, field))

    def update_smiles(self, smiles: str) -> Compound:
        """Set a new ``smiles``, recompute the derived columns and save.

        Examples:
            >>> compound.update_smiles("CC(=O)Oc1ccccc1C(=O)O")
        """
        self.smiles = smiles
        self._process_smiles()
        return self.save()

    @staticmethod
    def standardize_smiles(smiles: str) -> str:
        """The canonical SMILES of ``smiles``; ``ValueError`` if it does not parse.

        Examples:
            >>> pt.Compound.standardize_smiles("OC(=O)c1ccccc1OC(C)=O")
            'CC(=O)Oc1ccccc1C(=O)O'
        """
        return _smiles.analyze(smiles).canonical_smiles
