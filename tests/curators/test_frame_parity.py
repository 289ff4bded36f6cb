"""AC-IMP-5: the Python API and the GUI report the same counts for the same CSV."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lamingui.curators import FrameReport, validate_frame
from lamingui.curators._frame_read import read_table
from lamingui.models import ImportSession

CSV = "__lamindb_record_name__,cell_type,score\ns1,T cell,1\ns2,T-cell,x\ns3,Tcel,2\n"


def test_gui_api_parity(admin_client, curation):
    response = admin_client.post(
        reverse("admin:lamingui_import"),
        {
            "file": SimpleUploadedFile("cells.csv", CSV.encode()),
            "schema": curation["schema"].pk,
            "record_type": curation["type"].pk,
            "space": 1,
        },
    )
    assert response.status_code == 302
    assert admin_client.get(response["Location"]).status_code == 200
    gui = FrameReport.from_dict(ImportSession.objects.get().report)
    api = validate_frame(
        read_table(CSV.encode(), "cells.csv").frame,
        curation["schema"],
        curation["type"],
    )
    assert gui.to_dict() == api.to_dict()
    assert (api.n_validated, api.n_values, api.n_blocking) == (3, 6, 2)
