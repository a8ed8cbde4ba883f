from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from . import pages

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
