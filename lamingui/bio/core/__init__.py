"""Source management of ``lamingui.bio``: seeding and default-source resolution."""

from ..models._parents import import_source
from ..models._sources import get_source_record, sync_public_sources

__all__ = ["get_source_record", "import_source", "sync_public_sources"]
