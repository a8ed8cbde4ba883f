"""Search page, map data and public profile pages (being written)."""

from django.http import Http404

from .views import home as search  # noqa: F401  (the introduction page until search lands)


def map_data(request):
    raise Http404


def profile_detail(request, pk):
    raise Http404
