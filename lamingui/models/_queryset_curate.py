"""Curation on query sets: ``ln.ULabel.filter(...).validate(values)`` (api.md §6).

The four CanCurate methods also exist on query sets; there the reference values
are the query set's rows instead of the whole (branch-scoped) registry.
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidArgument
from ._names import get_name_field


class QuerySetCuration:
    """``validate``, ``inspect``, ``standardize`` and ``from_values`` on a query set."""

    model: Any

    def _require_curation(self, method: str) -> None:
        from .mixins.curate import CanCurate  # noqa: PLC0415 - imports querysets

        if not issubclass(self.model, CanCurate):
            raise InvalidArgument(
                f"{self.model.__name__} query sets have no {method}(): "
                f"{self.model.__name__} is not a curatable registry"
            )

    def validate(self, values: Any, field: Any = None, *, mute: bool = False) -> Any:
        """Boolean array: which inputs occur exactly in ``field`` within this set."""
        from . import _curate  # noqa: PLC0415 - imports querysets

        self._require_curation("validate")
        return _curate.validate_values(
            self, values, get_name_field(self.model, field=field), mute=mute
        )

    def inspect(self, values: Any, field: Any = None, *, mute: bool = False) -> Any:
        """``InspectResult`` of ``values`` against the rows of this set."""
        from .mixins.curate import inspect_values  # noqa: PLC0415 - imports querysets

        self._require_curation("inspect")
        return inspect_values(self.model, self, values, field, mute=mute)

    def standardize(self, values: Any, field: Any = None, **kwargs: Any) -> Any:
        """Map inputs to the canonical ``field`` values found in this set."""
        from .mixins.curate import standardize_values  # noqa: PLC0415 - as above

        self._require_curation("standardize")
        return standardize_values(self.model, self, values, field, **kwargs)

    def from_values(self, values: Any, field: Any = None, **kwargs: Any) -> Any:
        """Records of this set whose ``field`` is in ``values``; ``create`` as usual."""
        from .mixins.curate import records_from_values  # noqa: PLC0415 - as above

        self._require_curation("from_values")
        return records_from_values(self.model, self, values, field, **kwargs)
