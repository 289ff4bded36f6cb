"""Admin pages of the pertdb registries and links, with the core panels.

``lamingui.admin`` calls :func:`register` on import. Each pertdb model gets the
admin class a core model with the same mixins gets (``admin_bases``, through
:func:`lamingui.bio.admin.register`): ``Compound`` has the parents graph panel.
"""

from __future__ import annotations

from ..bio.admin import register as _register_app


def register() -> None:
    """Register every pertdb model that is not registered yet."""
    _register_app("pertdb")
