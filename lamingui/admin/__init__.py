"""The lamingui admin: site and registrations (imports only)."""

from ..bio import admin as _bio_admin
from ..pert import admin as _pert_admin
from . import blocks as blocks  # Block pages: read-only content, notes panel
from . import registry as registry
from .site import site as site

_bio_admin.register()
_pert_admin.register()
