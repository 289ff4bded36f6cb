"""What every bench script shares: ``timed()`` collects rows, ``emit()`` prints them.

Scripts run as ``python bench/<script>.py``, so this module is importable as
``_timing`` (the script's folder is first on ``sys.path``).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

ROWS: list[dict[str, Any]] = []


def timed(
    operation: str,
    n: int,
    items: int,
    fn: Callable[[], Any],
    reps: int,
    setup: Callable[[], Any] | None = None,
) -> Any:
    """Run ``fn`` ``reps`` times (``setup`` before each, untimed); keep the median."""
    times, result = [], None
    for _ in range(reps):
        if setup is not None:
            setup()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    ROWS.append(
        {
            "operation": operation,
            "n": n,
            "items": items,
            "median": statistics.median(times),
        }
    )
    return result


def emit() -> None:
    """The rows as one JSON list on the last line of stdout (read by bench/run.py)."""
    print(json.dumps(ROWS))
