from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from directory.search.sitemaps import SITEMAPS
from directory.search.sitemaps import TEMPLATE as SITEMAP_TEMPLATE
from epop.core import api_docs

admin.site.site_header = "Administration EPoP"
admin.site.site_title = "Administration EPoP"
# One « Comptes » section: allauth's addresses are shown in ours (epop.accounts.admin, a proxy),
# not in allauth's own section of the same name. Here, once every admin.py has been imported.
if admin.site.is_registered(EmailAddress):
    admin.site.unregister(EmailAddress)

api_patterns = [
    path("", include("epop.territories.api_urls")),
    path("", include("directory.search.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Our own page built from the schema: Swagger UI fails axe and our CSP (docs/decisions/0007).
    path("docs/", api_docs.api_docs, name="docs"),
]

urlpatterns = [
    path("", include("epop.core.urls")),
    path("compte/", include("epop.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("compte/notifications/", include("epop.notifications.urls")),
    path("annuaire/", include("directory.urls")),
    path("boite-a-outils/", include("toolbox.urls")),
    path("guide-juridique/", include("legal_guide.urls")),
    path("forum/", include("forum.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("gestion/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": SITEMAP_TEMPLATE},
        name="sitemap_xml",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
