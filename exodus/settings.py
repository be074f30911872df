"""Exodus settings: everything that differs between machines comes from the environment.

See README.md ("Configuration") for every variable. DEBUG is off unless the environment says
otherwise, and with it off the site refuses to start without a SECRET_KEY, ALLOWED_HOSTS and a
shared cache rather than fall back to something unsafe. Nothing here looks at how it was started
(pytest, cron, a shell): the tests have their own module, exodus/settings_test.py.

Long: one settings module, as the house style asks, so every variable production needs and every
check it must pass are read in one place beside README's Configuration table.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool, environ=os.environ) -> bool:
    value = environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def require_separate_dirs(private: Path, **served: Path) -> None:
    """A private directory nested in a served one (or around it) would be served: refuse to start."""
    for name, public in served.items():
        if private.resolve().is_relative_to(public.resolve()) or public.resolve().is_relative_to(private.resolve()):
            raise ImproperlyConfigured(f"PRIVATE_MEDIA_ROOT and {name} must be separate directories, not nested.")


def env_rate(name: str, default: str) -> str:
    """A rate such as 60/minute, as DRF's throttles read it (the period's first letter: s, m, h, d)."""
    value = os.environ.get(name, "") or default
    if not re.fullmatch(r"[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 60/minute or 10/hour, got {value!r}")
    return value


def development_environment(path: Path, environ) -> dict[str, str]:
    """The variables of a development `.env` file that the real environment does not set already.

    Read only when the environment itself has DEBUG on (the Makefile's targets set it): a cron job
    or a shell with an empty environment gets DEBUG off, never reads the file, and so fails loudly
    on a missing SECRET_KEY instead of running with development settings. For the same reason the
    file may not set DEBUG. Lines are NAME=value; blank lines and # comments are skipped, and
    quotes around a value are dropped.
    """
    if not env_bool("DEBUG", False, environ) or not path.is_file():
        return {}
    values = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.removeprefix("export ").partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", name):
            raise ImproperlyConfigured(f"{path}:{number}: expected NAME=value, got {line!r}")
        if name == "DEBUG":
            raise ImproperlyConfigured(
                f"{path}:{number}: DEBUG comes from the environment (make run sets it), not .env"
            )
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if name not in environ:
            values[name] = value
    return values


DEBUG = env_bool("DEBUG", False)
os.environ.update(development_environment(BASE_DIR / ".env", os.environ))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghij"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README, Configuration). For development, "
            "run with DEBUG=true as the Makefile's targets do."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (see README).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Where `make run` serves (the Makefile passes its HOST and PORT): in development, absolute links
# (API payloads, feeds, the sitemap) point at this server unless SITE_URL says otherwise, so
# `PORT=8201 make run` links to itself. Payloads are rendered at publish, when no request tells the
# host, so production must say where the site is.
HOST = os.environ.get("HOST", "") or "127.0.0.1"
PORT = env_int("PORT", 8000)
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off, e.g. https://exodus.example: API payloads, feeds and the "
            "sitemap link to it (see README, Configuration)."
        )
    SITE_URL = f"http://{HOST}:{PORT}"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "sources",
    "profiles",
    "public",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Public GETs read the public record from the replica, when there is one (exodus/routers.py).
    "exodus.routers.PublicReadsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "profiles.admin.staff_accounts.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "exodus.urls"
WSGI_APPLICATION = "exodus.wsgi.application"
ASGI_APPLICATION = "exodus.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# SQLite needs no setup; production sets DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# A read replica for the public site and API (exodus/routers.py); writes and the admin stay on
# the primary, and a public change returns only once the replica has it.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["exodus.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_from_url(url: str) -> dict:
    if url.startswith(("redis://", "rediss://")):
        # Django's Redis backend, keeping one client per pool (exodus/cache.py).
        return {"BACKEND": "exodus.cache.PooledRedisCache", "LOCATION": url}
    if url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url.removeprefix("locmem://") or "exodus",
        }
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL must start with redis://, locmem:// or dummy://, got {url!r}")


PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def shared_cache_required(cache: dict, *, url: str) -> None:
    """Production serves from several gunicorn workers plus cron jobs, and they must share one cache.

    A per-process cache would keep a withdrawn profile alive in every worker that did not do the
    withdrawing, and each process would count its own public generation, so API ETags would not
    change either.
    """
    if cache["BACKEND"] in PER_PROCESS_CACHES:
        raise ImproperlyConfigured(
            f"CACHE_URL={url!r} keeps a separate cache in each process, so a withdrawn profile would stay "
            "visible from the other workers' caches. With DEBUG off set CACHE_URL to the shared Redis, "
            "e.g. redis://127.0.0.1:6379/0 (see README, Configuration)."
        )


CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {"default": _cache_from_url(CACHE_URL)}
# Lets two sites (say production and staging) share one Redis database without sharing pages.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "")
if not DEBUG:
    shared_cache_required(CACHES["default"], url=CACHE_URL)
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Public media: only renditions of portraits a live profile shows (profiles/workflow/portrait_files.py).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Portrait originals and unpublished renditions. No URL is routed here, in development or production.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private-media"))
# Profile pages rendered at publish, as files nginx serves before asking Django (deploy/nginx);
# profiles.workflow.baking writes and removes them. Empty: store pages in the database only.
_baked_root = os.environ.get("BAKED_ROOT")
BAKED_ROOT = VAR_DIR / "baked" if _baked_root is None else (Path(_baked_root) if _baked_root else None)
require_separate_dirs(PRIVATE_MEDIA_ROOT, MEDIA_ROOT=MEDIA_ROOT, STATIC_ROOT=STATIC_ROOT)
if BAKED_ROOT is not None:
    require_separate_dirs(PRIVATE_MEDIA_ROOT, BAKED_ROOT=BAKED_ROOT)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "profiles.storage.PrivateMediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Portrait uploads: refuse anything that is not a modest image before Pillow decodes it fully.
PORTRAIT_MAX_BYTES = env_int("PORTRAIT_MAX_BYTES", 8 * 1024 * 1024)
PORTRAIT_MAX_PIXELS = env_int("PORTRAIT_MAX_PIXELS", 40_000_000)
PORTRAIT_RENDITION_WIDTHS = (320, 640, 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = PORTRAIT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Intake: fetching an article's URL on the server is off unless the newsroom turns it on (editors can
# always paste the text or upload the saved page). When on, only public http(s) addresses are
# fetched, with a timeout and a size cap (profiles/intake/fetch.py).
INTAKE_URL_FETCH = env_bool("INTAKE_URL_FETCH", False)

# Editorial workflow: nobody approves their own change unless the newsroom turns this off.
EXODUS_FOUR_EYES = env_bool("EXODUS_FOUR_EYES", True)

# Staff accounts (README, "Staff accounts"). The admin shows the unmasked locations of people at
# risk, so with DEBUG off editors and administrators sign in with a password and a one-time code.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "Exodus newsroom"
# The device list in the admin never shows a device's secret again after enrolment.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Wrong passwords: after this many for one username from one address, that pair is locked out for
# a while. Attempts live in the database, so every worker counts the same failures.
AXES_FAILURE_LIMIT = env_int("STAFF_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("STAFF_LOGIN_LOCKOUT_MINUTES", 15))
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME <= datetime.timedelta(0):
    raise ImproperlyConfigured("STAFF_LOGIN_FAILURE_LIMIT and STAFF_LOGIN_LOCKOUT_MINUTES must be positive.")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "profiles.admin.staff_accounts.client_address"
AXES_LOCKOUT_CALLABLE = "profiles.admin.staff_accounts.locked_out"

# The public site runs no JavaScript and the admin only Django's own static files, so no page needs
# inline script or style; the API docs pages loosen this for themselves (api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Partner API
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
# Browsers may send a partner key and conditional headers, and read the validators and Retry-After.
CORS_ALLOW_HEADERS = ("accept", "authorization", "x-api-key", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After")
API_ANON_RATE = env_rate("API_ANON_RATE", "60/minute")
API_PARTNER_RATE = env_rate("API_PARTNER_RATE", "600/minute")
# Wrong or revoked keys from one client address; past this the client gets 429 whatever key it sends.
API_INVALID_KEY_RATE = env_rate("API_INVALID_KEY_RATE", "10/hour")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Anonymous or a partner key (api.authentication); the API has no sessions, so no CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle", "api.throttling.PartnerRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    # Rate limits count per client address. X-Forwarded-For is trusted only from this many proxies
    # in front of the app (0: use the socket address), so a client cannot spoof its way around.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "URL_FORMAT_OVERRIDE": None,
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Exodus partner API",
    "DESCRIPTION": (
        "Read-only access to published Exodus profiles, sources and excerpts. Only published versions are "
        "served: nothing a newsroom has not published appears here, and places appear only at the precision "
        "the editors allow. Anonymous clients are rate-limited; partners send `Authorization: Api-Key <key>` "
        "(or `X-API-Key: <key>`) for a higher limit and the bulk export. Keep a mirror in sync with "
        '`/api/v1/changes/`. Errors are JSON: `{"detail": "...", "errors": {field: [messages]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # Error responses and 304s on every operation, and the Error component.
        "api.schema.document_common_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProfileKindEnum": "profiles.models.Profile.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "TimelineEntryKindEnum": "profiles.models.TimelineEntry.Kind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Production hardening; `manage.py check --deploy` is clean with DEBUG off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The newsroom's notifications (profiles/notifications.py): who sends them, and the SMTP server
# when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Exodus newsroom <newsroom@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10  # a slow mail server must not hold up the request that notifies

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes announces itself at every start, pymorphy3 each time it loads its dictionary;
    # their warnings still come through.
    "loggers": {"axes.apps": {"level": "WARNING"}, "pymorphy3": {"level": "WARNING"}},
}
