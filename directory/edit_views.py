"""The peer worker's own profile: guided steps, preview, submission (being written)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


charter = overview = step = preview = submit = availability = confirm = _todo
