from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from . import pages
from .forms import has_control_characters

# One address everywhere (help page, statement, privacy notice, legal notice), so it cannot differ.
CONTACT_EMAIL = "contact@epop.example.org"


def render_page(request, url_name, template, context=None, status=200):
    """Render a registered page: its title and description come from the registry, so the
    <title>, the site map and the search results always say the same thing."""
    response = render(
        request,
        template,
        {"site_page": pages.get(url_name), "contact_email": CONTACT_EMAIL, **(context or {})},
        status=status,
    )
    # The display-preferences cookie changes the HTML (<html data-*>, font stylesheet): a cache
    # between us and the visitor must not serve one person's large text to another.
    patch_vary_headers(response, ("Cookie",))
    return response


def safe_next_url(request, value) -> str:
    """A `next` address we may redirect to: a path on this site, checked with Django's safe-URL
    helper, or "" (callers then use their default). A bare word such as `foo` would otherwise be
    taken for a URL name by `redirect()` (a 500), and a NUL byte would reach the Location header.
    """
    if not isinstance(value, str) or not value.startswith("/") or has_control_characters(value):
        return ""
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return value
