"""Settings for the Python API: the same instance as the GUI, without the web apps.

``import lamingui as ln`` configures Django with this module (unless
``DJANGO_SETTINGS_MODULE`` says otherwise): the database, storage and secret
come from :mod:`lamingui.django_settings`; only the model layer is installed,
which keeps start-up fast. The GUI's own tables are created by ``make run``.
"""

from .django_settings import *  # noqa: F403 - same instance settings
from .django_settings import LOGGING as LOGGING

INSTALLED_APPS = ["lamingui", "lamingui.bio", "lamingui.pert"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = None
