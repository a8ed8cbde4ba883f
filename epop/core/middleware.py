"""Request guards that run before anything else reads the request."""

import logging

import psycopg
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from .forms import has_control_characters

logger = logging.getLogger(__name__)

TOO_LARGE = (
    "Le fichier ou le texte envoyé est trop lourd : {limit} Mo au plus. Réduisez la taille du "
    "fichier (une photo de moins de 5 Mo suffit), puis réessayez.\n"
)


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than ``EPOP_MAX_REQUEST_BODY_BYTES`` with a
    413, before any view, session or upload handler reads a byte of it (issue 7, item 11).

    Without it a 50 MB upload was read, spooled to disk, then refused by the form. The web server
    in front caps bodies too (docs/deployment.md); this is the application's own line, and the
    one that holds when gunicorn is reached directly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.EPOP_MAX_REQUEST_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(
                "Longueur de requête invalide.\n", status=400, content_type="text/plain"
            )
        if length > limit:
            response = HttpResponse(
                TOO_LARGE.format(limit=limit // (1024 * 1024)),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
            # The rest of the body is never read: close rather than reuse the connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class AdminQueryGuardMiddleware:
    """The admin's lists read the query string directly (search, filters, ordering): there is no
    form to refuse a NUL byte with a message, and PostgreSQL cannot take one (a 500). Refuse such
    a query with a 400 before the admin sees it (issue 7, item 8). Elsewhere forms do it, with
    their field's French message (epop.core.forms)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def _admin_prefix(self) -> str:
        if self._prefix is None:
            self._prefix = reverse("admin:index")
        return self._prefix

    def __call__(self, request):
        if request.path.startswith(self._admin_prefix()) and any(
            has_control_characters(value)
            for values in request.GET.lists()
            for value in [values[0], *values[1]]
        ):
            return HttpResponse(
                "Recherche invalide : elle contient un caractère de contrôle. Retirez-le, puis "
                "réessayez.\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class StatementTimeoutMiddleware:
    """A statement cancelled by the web processes' statement_timeout (issue 7, item 5) is the
    server protecting itself, not a bug: answer 503 with a page that says to try again or to
    narrow the request, instead of the generic error page and a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (
            isinstance(exception, OperationalError)
            and isinstance(exception.__cause__, psycopg.errors.QueryCanceled)
        ):
            return None
        logger.warning("Statement timeout on %s %s", request.method, request.path)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
