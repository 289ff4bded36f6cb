"""The lamingui admin: site and registrations (imports only)."""

from . import registry as registry
from .site import site as site
