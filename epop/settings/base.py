"""Settings shared by every environment. Everything that varies comes from the environment."""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from . import env
from .schedule import BEAT_SCHEDULE
from .tiles import tile_source

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.get_str("DJANGO_SECRET_KEY")
DEBUG = env.get_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.get_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env.get_url("EPOP_SITE_URL", "http://localhost:8000", schemes=("http", "https"))

INSTALLED_APPS = [
    "epop.core",
    "epop.accounts",
    "epop.territories",
    "epop.notifications",
    # The directory: a package of sub-apps, base layer first (architecture.md).
    "directory.profiles",
    "directory.search",
    "directory.coordination",
    "directory.contacts",
    "directory.alerts",
    "toolbox",
    "legal_guide",
    "forum",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "django_filters",
    "leaflet",
    # Content history (toolbox, legal guide): who changed what and when, kept by the library.
    "simple_history",
]

MIDDLEWARE = [
    # First: an oversized body is refused before anything reads it (docs/deployment.md).
    "epop.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin's lists read the query string directly: control characters refused there.
    "epop.core.middleware.AdminQueryGuardMiddleware",
    "epop.core.middleware.StatementTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "epop.urls"
# Our field templates (templates/django/forms/) add « (obligatoire) » and « Erreur : ».
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "epop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "epop.core.context_processors.display_preferences",
                # What waits for the signed-in person (lazy: no query unless a template reads it).
                "directory.contacts.context_processors.waiting_contacts",
                "directory.coordination.context_processors.coordination_queue",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env.get_url("DATABASE_URL", schemes=("postgres", "postgresql", "postgis")),
        engine="django.contrib.gis.db.backends.postgis",
        conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Short, index-driven queries (searches, matching): JIT compilation and parallel workers cost
# more than they save there (measured in docs/decisions/0007).
# Web requests also get a statement timeout, so that no input can hold the database for long
# (issue 7, item 5); workers, beat and management commands keep none (imports, purges, benches).
# epop/wsgi.py and epop/asgi.py set EPOP_WEB_PROCESS before the settings load.
WEB_STATEMENT_TIMEOUT_MS = env.get_int("EPOP_WEB_STATEMENT_TIMEOUT_MS", 5000)


def database_options(web: bool) -> str:
    options = "-c jit=off -c max_parallel_workers_per_gather=0"
    if web and WEB_STATEMENT_TIMEOUT_MS > 0:
        options += f" -c statement_timeout={WEB_STATEMENT_TIMEOUT_MS}"
    return options


DATABASES["default"].setdefault("OPTIONS", {})["options"] = database_options(
    env.get_bool("EPOP_WEB_PROCESS", False)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.get_url("REDIS_URL", schemes=("redis", "rediss"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.get_url("CACHE_URL", REDIS_URL, schemes=("redis", "rediss")),
        "KEY_PREFIX": "epop",
        # A Redis that hangs (rather than refusing connections) must not hang every request.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[EPoP] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_FORMS = {"signup": "epop.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "epop.accounts.adapter.AccountAdapter"

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get_str("EPOP_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Request bodies: refused early above this declared size (the largest upload, a 5 MB photo, plus
# form overhead, with room for documents); the web server in front uses the same cap.
EPOP_MAX_REQUEST_BODY_BYTES = env.get_int("EPOP_MAX_REQUEST_BODY_BYTES", 10 * 1024 * 1024)
# Form fields without files: the longest text we accept is a few thousand characters.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Files above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security -----------------------------------------------------------------------------------
# How many proxies in front of the site append to X-Forwarded-For (0: gunicorn is reached
# directly and the header is ignored). Every rate limit derives the client address from it
# (epop/core/client_ip.py, docs/deployment.md).
EPOP_TRUSTED_PROXIES = env.get_int("EPOP_TRUSTED_PROXIES", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = EPOP_TRUSTED_PROXIES
# No inline script or style anywhere: scripts and styles come from our own static files. Map tiles
# are the only images that may come from elsewhere, and only from the configured tile host.
OSM_FRANCE_TILES = "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"
OSM_FRANCE_ATTRIBUTION = (
    '© <a href="https://www.openstreetmap.org/copyright">les contributeurs d\'OpenStreetMap</a>, '
    "fond OSM France"
)
MAP_TILES_URL = env.get_str("EPOP_MAP_TILES_URL", OSM_FRANCE_TILES)
if MAP_TILES_URL.lower() in {"aucune", "none"}:
    MAP_TILES_URL = ""  # markers on a plain background; the list never needs tiles
MAP_ATTRIBUTION = env.get_str(
    "EPOP_MAP_ATTRIBUTION", OSM_FRANCE_ATTRIBUTION if MAP_TILES_URL == OSM_FRANCE_TILES else ""
)
_tile_origin = tile_source(MAP_TILES_URL) if MAP_TILES_URL else ""
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([_tile_origin] if _tile_origin else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Mail ---------------------------------------------------------------------------------------
# Django 6.1 mailers. Everything Django and allauth send goes to the "default" mailer, our outbox:
# each message becomes a row, then a Celery task delivers it through the "delivery" mailer with
# retries. An SMTP or broker outage delays mail but never loses it (docs/decisions/0003).
EPOP_DELIVERY_BACKEND = env.get_str(
    "EPOP_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
SMTP_OPTIONS = {
    "host": env.get_str("EMAIL_HOST", "localhost"),
    "port": env.get_int("EMAIL_PORT", 1025),
    "username": env.get_str("EMAIL_HOST_USER", ""),
    "password": env.get_str("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env.get_bool("EMAIL_USE_TLS", False),
    "timeout": 20,
}


def mailers(delivery_backend: str) -> dict:
    """The outbox as default mailer, and the real delivery behind it (SMTP takes options)."""
    delivery = {"BACKEND": delivery_backend}
    if delivery_backend.endswith("smtp.EmailBackend"):
        delivery["OPTIONS"] = SMTP_OPTIONS
    return {
        "default": {"BACKEND": "epop.notifications.backends.OutboxBackend"},
        "delivery": delivery,
    }


MAILERS = mailers(EPOP_DELIVERY_BACKEND)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "EPoP <ne-pas-repondre@epop.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Outbox tuning: delivery attempts, backoff (seconds) and how long sent rows are kept.
EPOP_OUTBOX_MAX_ATTEMPTS = env.get_int("EPOP_OUTBOX_MAX_ATTEMPTS", 8)
EPOP_OUTBOX_RETRY_DELAY = env.get_int("EPOP_OUTBOX_RETRY_DELAY", 60)
EPOP_OUTBOX_RETRY_MAX_DELAY = env.get_int("EPOP_OUTBOX_RETRY_MAX_DELAY", 1800)
EPOP_OUTBOX_RETENTION_DAYS = env.get_int("EPOP_OUTBOX_RETENTION_DAYS", 90)
EPOP_CONTACT_RETENTION_DAYS = env.get_int("EPOP_CONTACT_RETENTION_DAYS", 3 * 365)

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.get_url("CELERY_BROKER_URL", REDIS_URL, schemes=("redis", "rediss"))
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when Redis is down: the outbox row is already saved and the periodic
# flush sends it later, so a web request never hangs on the broker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    # An unreachable host (rather than a refused port) must not hold a request either.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# Periodic jobs: one list for the whole platform (epop/settings/schedule.py).
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "UNAUTHENTICATED_USER": None,
    # Throttles read the client address like epop.core.client_ip: the same trusted proxies.
    "NUM_PROXIES": EPOP_TRUSTED_PROXIES,
    # Per client address; only the views that declare a throttle use these rates.
    "DEFAULT_THROTTLE_RATES": {"peer_workers": "120/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API EPoP",
    "DESCRIPTION": "API publique en lecture de la plateforme EPoP.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- Maps ---------------------------------------------------------------------------------------
# The one source of both maps' configuration: django-leaflet reads it for the admin's widgets, and
# the public map (static/js/directory-map.js) receives it through the search page's data-
# attributes (directory.search.views.map_settings).
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (46.6, 2.4),
    "DEFAULT_ZOOM": 5,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 18,
    "TILES": [("Plan", MAP_TILES_URL, {"attribution": MAP_ATTRIBUTION})] if MAP_TILES_URL else [],
    "NO_GLOBALS": True,
}

# --- Territories --------------------------------------------------------------------------------
TERRITORIES_SOURCE = env.get_str("EPOP_TERRITORIES_SOURCE", "https://geo.api.gouv.fr")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("EPOP_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Debian 12 ships GDAL 3.6, which cannot block file and network access from spatial reference
# strings. We never hand user-supplied SRS or geometry files to GDAL (communes come from our own
# loader, searches are numeric coordinates), so the warning does not apply: see docs/deployment.md.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
