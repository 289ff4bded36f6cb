"""Provenance for scripted imports: ``ln.track()`` and ``ln.finish()``.

``ln.track()`` registers the calling script as a :class:`Transform` (kind
``script``, key = the script's file name, reused while its source code is
unchanged, versioned when it changes) and starts a :class:`Run` of it. While
the run is bound, every record constructed (``TracksRun.run`` defaults to the
bound run) carries it. ``ln.finish()`` stamps ``finished_at``, marks the run
completed and unbinds it.

Example::

    import lamingui as ln

    ln.track()
    ln.Record(name="sample 1").save()  # record.run is the tracked run
    ln.finish()
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import context
from .errors import InvalidArgument, TrackNotCalled

logger = logging.getLogger("lamingui")

_state: dict[str, Any] = {"run": None}


def _calling_script() -> Path:
    """The file of the first stack frame outside the lamingui package."""
    package = Path(__file__).resolve().parent
    for frame in inspect.stack()[2:]:
        filename = frame.filename
        if filename.startswith("<"):
            continue
        path = Path(filename).resolve()
        if package not in path.parents and path.is_file():
            return path
    raise InvalidArgument(
        "ln.track() could not find the calling script (interactive session?): "
        "pass path='my_script.py' or transform=ln.Transform(...)."
    )


def _transform_for(path: Path) -> Any:
    from .models import Transform  # noqa: PLC0415 - Django is configured lazily

    source = path.read_text(encoding="utf-8")
    transform = Transform(key=path.name, kind="script", source_code=source)
    if transform.pk is None:  # a new script, or a new version of it
        transform.save()
    return transform


def track(
    transform: Any = None,
    *,
    params: dict[str, Any] | None = None,
    path: str | Path | None = None,
) -> Any:
    """Start a run of the calling script (or of ``transform``) and bind it.

    Args:
        transform: a saved ``Transform`` (or its uid) to run; default: the
            calling script, found on the stack, or ``path``.
        params: run parameters, stored in ``run.params``.
        path: the script file to register instead of the calling one.

    Returns:
        The started, saved ``Run``.
    """
    import lamingui as ln  # noqa: PLC0415 - configures Django on first use

    ln._configure()
    from .models import Run, Transform  # noqa: PLC0415 - needs a configured Django

    if params is not None and not isinstance(params, dict):
        raise InvalidArgument(f"params must be a dict, got {type(params).__name__}")
    if isinstance(transform, str):
        transform = Transform.get(transform)
    if transform is not None and not isinstance(transform, Transform):
        raise InvalidArgument(
            f"transform must be a Transform or its uid, got {type(transform).__name__}"
        )
    if transform is not None and transform.pk is None:
        raise InvalidArgument("Please save the transform first: transform.save()")
    if _state["run"] is not None:
        logger.info("finishing the previous run before starting a new one")
        finish()
    with transaction.atomic():
        if transform is None:
            script = Path(path).resolve() if path is not None else _calling_script()
            if not script.is_file():
                raise InvalidArgument(f"ln.track(path=...): no such file: {script}")
            transform = _transform_for(script)
        run = Run(transform, status="started", params=params)
        run.save()
    _state["run"] = run
    context.set_run_id(run.pk)
    logger.info(
        "tracking Transform('%s', key='%s'), started Run('%s')",
        transform.uid,
        transform.key,
        run.uid,
    )
    return run


def current_run() -> Any:
    """The run bound by ``ln.track()``, else ``None``."""
    return _state["run"]


def finish() -> Any:
    """Finish the tracked run: set ``finished_at``, mark it completed, unbind it.

    Raises ``TrackNotCalled`` when no run is tracked.
    """
    run = _state["run"]
    if run is None:
        raise TrackNotCalled("Please run ln.track() before ln.finish()")
    run.finished_at = timezone.now()
    run.status = "completed"
    run.save()
    _state["run"] = None
    context.set_run_id(None)
    logger.info(
        "finished Run('%s') after %s", run.uid, run.finished_at - run.started_at
    )
    return run
