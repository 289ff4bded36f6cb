"""Django settings for lamingui, read from environment variables.

``LAMINGUI_HOME``          instance home (default ``~/.lamingui``)
``LAMINGUI_DATABASE_URL``  SQLite path or ``sqlite:///`` URL, or ``postgresql://`` URL
                           (default ``$LAMINGUI_HOME/lamingui.sqlite3``)
``LAMINGUI_STORAGE``       default artifact storage root
                           (default ``$LAMINGUI_HOME/storage``)
``LAMINGUI_SECRET_KEY``    secret key (default: generated once into ``$LAMINGUI_HOME``)
``LAMINGUI_DEBUG``         ``1``/``true`` turns on Django's debug mode (off by default)
``LAMINGUI_ALLOWED_HOSTS`` comma-separated host names (default ``127.0.0.1,localhost``)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


LAMINGUI_HOME = Path(
    os.environ.get("LAMINGUI_HOME") or Path.home() / ".lamingui"
).expanduser()
LAMINGUI_HOME.mkdir(parents=True, exist_ok=True)
LAMINGUI_STORAGE = str(
    Path(os.environ.get("LAMINGUI_STORAGE") or LAMINGUI_HOME / "storage")
    .expanduser()
    .resolve()
)


def database_from_url(url: str | None) -> dict:
    """Translate ``LAMINGUI_DATABASE_URL`` into a Django ``DATABASES`` entry."""
    if not url:
        url = str(LAMINGUI_HOME / "lamingui.sqlite3")
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql", "postgresql+psycopg"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
            "USER": unquote(parsed.username or "postgres"),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        # sqlite:///relative.db and sqlite:////abs/path.db both occur in the wild
        if parsed.netloc:
            path = parsed.netloc + path
    elif parsed.scheme in {"", "file"} or len(parsed.scheme) == 1:  # C:\ on Windows
        path = url.removeprefix("file://")
    else:
        raise ValueError(
            f"LAMINGUI_DATABASE_URL has an unsupported scheme {parsed.scheme!r}: "
            "use a SQLite path, sqlite:///path or postgresql://user@host:port/name"
        )
    Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(Path(path).expanduser()),
        "OPTIONS": {
            # WAL lets the GUI read while a script writes; the timeout waits for locks
            # analysis_limit keeps the ANALYZE of `PRAGMA optimize` to milliseconds
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA analysis_limit=400;"
            ),
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
        },
        # a file (not memory) so that `pytest --reuse-db` can keep the test database
        "TEST": {
            "NAME": str(Path(path).expanduser().with_name("test_lamingui.sqlite3"))
        },
    }


def _secret_key() -> str:
    key = os.environ.get("LAMINGUI_SECRET_KEY") or os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    path = LAMINGUI_HOME / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _truthy(os.environ.get("LAMINGUI_DEBUG"))
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("LAMINGUI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("LAMINGUI_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]

INSTALLED_APPS = [
    "admin_interface",
    "colorfield",
    # before django.contrib.admin: its admin/base.html extends Django's (gui.md §2.1)
    "lamingui",
    "lamingui.bio",
    "lamingui.pert",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lamingui.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lamingui.middleware.LaminUserMiddleware",
    "lamingui.middleware.HtmxLoginRedirectMiddleware",
]

ROOT_URLCONF = "lamingui.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "lamingui.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("LAMINGUI_DATABASE_URL"))}
# Test databases are built from the models (like --nomigrations), not by replaying
# the migrations: the initial migration's state rendering alone takes ~25 s. The
# default rows come from a post_migrate hook; tests/api/test_import.py migrates a
# real fresh database, and CI runs `makemigrations --check`.
DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = _truthy(
    os.environ.get("LAMINGUI_TEST_MIGRATE")
)
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
STATIC_ROOT = LAMINGUI_HOME / "static"

# Browser import of tables (gui.md §7); unset variables keep the code's defaults.
if os.environ.get("LAMINGUI_IMPORT_MAX_BYTES"):
    LAMINGUI_IMPORT_MAX_BYTES = int(os.environ["LAMINGUI_IMPORT_MAX_BYTES"])
if os.environ.get("LAMINGUI_IMPORT_MAX_ROWS"):
    LAMINGUI_IMPORT_MAX_ROWS = int(os.environ["LAMINGUI_IMPORT_MAX_ROWS"])
if os.environ.get("LAMINGUI_IMPORT_INLINE_CELLS"):
    LAMINGUI_IMPORT_INLINE_CELLS = int(os.environ["LAMINGUI_IMPORT_INLINE_CELLS"])
if os.environ.get("LAMINGUI_IMPORT_TTL_HOURS"):
    LAMINGUI_IMPORT_TTL_HOURS = float(os.environ["LAMINGUI_IMPORT_TTL_HOURS"])

LOGIN_URL = "admin:login"
X_FRAME_OPTIONS = "SAMEORIGIN"  # django-admin-interface shows related popups in iframes
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"lamingui": {"handlers": ["console"], "level": "INFO"}},
}
