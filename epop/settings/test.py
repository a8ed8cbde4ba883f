"""Tests: the real PostGIS and Redis, fast password hashing, mail kept in memory."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DATABASE_URL", "postgis://epop:epop@127.0.0.1:5432/epop")
# Redis database 15 keeps the tests' broker and cache apart from a running dev instance, whatever
# .env says (it is exported by the Makefile for the dev database URL).
_TEST_REDIS = os.environ.get("EPOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
for _name in ("REDIS_URL", "CELERY_BROKER_URL", "CACHE_URL"):
    os.environ[_name] = _TEST_REDIS

from django.utils.csp import CSP  # noqa: E402

from .base import *  # noqa: E402, F403
from .base import STORAGES, mailers  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EPOP_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAILERS = mailers(EPOP_DELIVERY_BACKEND)  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Tasks are published to the real broker; tests that need them executed start a real worker.
CELERY_TASK_ALWAYS_EAGER = False

# Static files come from the finders (no collectstatic in tests), so WhiteNoise has no root.
STATIC_ROOT = None

# No tile server in tests: nothing may leave localhost, and the map works on a plain background.
MAP_TILES_URL = ""
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}  # noqa: F405
SECURE_CSP = {**SECURE_CSP, "img-src": [CSP.SELF, "data:"]}  # noqa: F405
