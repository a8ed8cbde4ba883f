import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from epop.territories.models import Region

from . import display, pages
from .forms import DisplayPreferencesForm
from .markdown import render_markdown
from .shortcuts import render_page

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    # Deployment is data (a flag on the region), never a list in code or in the template.
    regions = Region.objects.filter(has_regional_team=True).order_by("regional_team_since", "name")
    return render_page(request, "core:home", "core/home.html", {"regions": regions})


@require_GET
def easy_read(request):
    return render_page(
        request, "core:easy_read", "core/easy_read.html", {"entries": pages.easy_read_pages()}
    )


@require_GET
def help_page(request):
    return render_page(request, "core:help", "core/help.html")


@require_GET
def accessibility(request):
    tested = [page for page in pages.all_pages() if not page.login_required]
    return render_page(
        request, "core:accessibility", "core/accessibility.html", {"tested_pages": tested}
    )


@require_GET
def privacy(request):
    return render_page(request, "core:privacy", "core/privacy.html")


@require_GET
def legal_notice(request):
    return render_page(request, "core:legal_notice", "core/legal_notice.html")


@require_GET
def sitemap(request):
    return render_page(
        request, "core:sitemap", "core/sitemap.html", {"groups": pages.sitemap_groups()}
    )


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    terms = pages.query_terms(query)
    results = pages.search(query) if terms else []
    return render_page(
        request,
        "core:search",
        "core/search.html",
        {
            "query": query,
            "terms": terms,
            "results": results,
            # The header's search field shows what was searched.
            "site_search_query": query,
            "suggestions": [
                pages.get(name)
                for name in ("directory:home", "toolbox:home", "legal_guide:home", "core:help")
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def display_preferences(request):
    current = display.read_preferences(request)
    if request.method == "POST":
        response = redirect("core:display")
        if "reinitialiser" in request.POST:
            response.delete_cookie(display.COOKIE_NAME, samesite="Lax")
            messages.success(request, "Les paramètres d'affichage habituels sont rétablis.")
            return response
        preferences = display.merge(current, request.POST)
        response.set_cookie(
            display.COOKIE_NAME,
            display.serialize(preferences),
            max_age=display.COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
        messages.success(
            request, "Vos paramètres d'affichage sont enregistrés. Ils valent pour tout le site."
        )
        return response
    form = DisplayPreferencesForm(initial=current)
    return render_page(request, "core:display", "core/display.html", {"form": form})


def healthz(request):
    """Liveness and readiness for the load balancer and monitoring: no template, no session, no
    authentication, never cached. Details of a failure go to the logs, not to the response."""
    checks = {"database": _check_database(), "redis": _check_redis()}
    healthy = all(state == "ok" for state in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
            # The directory cannot work without PostGIS: a plain PostgreSQL is not healthy.
            cursor.execute("SELECT postgis_version()")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer")
        return "error"
    return "ok"


def _check_redis() -> str:
    try:
        cache.set("healthz", "ok", timeout=10)
        if cache.get("healthz") != "ok":
            raise RuntimeError("the value read back differs from the value written")
    except Exception:
        logger.exception("Health check: Redis does not answer")
        return "error"
    return "ok"


# Previews are capped like the longest text any form accepts (a forum post): a preview must not
# be a way around the form's own length check.
PREVIEW_MAX_CHARS = 50_000


@login_required
@require_POST
def markdown_preview(request):
    """The Markdown editors' « Aperçu » (toolbox, legal guide, forum): the same rendering and
    sanitising as the published page. Signed-in people only, CSRF-checked like any POST."""
    text = request.POST.get("text", "")
    if len(text) > PREVIEW_MAX_CHARS:
        return HttpResponse("<p>Erreur : le texte est trop long pour l'aperçu.</p>", status=400)
    members = request.POST.get("members") == "1"
    return HttpResponse(render_markdown(text, members=members))


@require_GET
def favicon(request):
    """/favicon.ico → the static icon (a hashed, long-cached name in production)."""
    response = redirect(static("img/favicon.ico"))
    patch_cache_control(response, public=True, max_age=86400)
    return response
