"""Local development: debug on, mail shown in the console of the Celery worker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.get_bool("DJANGO_DEBUG", True)
EPOP_DELIVERY_BACKEND = env.get_str(
    "EPOP_DELIVERY_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS = mailers(EPOP_DELIVERY_BACKEND)  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
