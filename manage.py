#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamingui.django_settings")
    try:
        from django.core.management import (  # noqa: PLC0415 - after the env var
            execute_from_command_line,
        )
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment (try `make install`)?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
