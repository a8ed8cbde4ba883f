"""`/sitemap.xml` for search engines: the public pages of the registry and the listed profiles.

Profiles come from `PublishedProfile.objects.listed()` only, like every public surface: a hidden,
stale or unvalidated profile is never announced. `django.contrib.sitemaps` works without being in
INSTALLED_APPS (its views and classes are plain code, and without `django.contrib.sites` the
request's host is used); only its template would be missing, so we render our own copy.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from directory.profiles.models import PublishedProfile
from epop.core import pages

from .links import profile_path

TEMPLATE = "directory/search/sitemap.xml"


class PublicPagesSitemap(Sitemap):
    """Pages of the registry a visitor can read without an account (sign-in pages aside)."""

    def items(self):
        return [
            page.url_name
            for page in pages.all_pages()
            if not page.login_required and page.searchable and page.group != pages.ACCOUNT
        ]

    def location(self, item):
        return reverse(item)


class ProfileSitemap(Sitemap):
    """Listed profiles, as (pk, validated_at) pairs: tens of thousands of rows, no model
    instances and no URL resolving per row."""

    changefreq = "weekly"

    def items(self):
        return PublishedProfile.objects.listed().order_by("pk").values_list("pk", "validated_at")

    def location(self, item):
        return profile_path(item[0])

    def lastmod(self, item):
        return item[1].date()


SITEMAPS = {"pages": PublicPagesSitemap, "intervenants": ProfileSitemap}
