"""Coordinators' dashboard: queue, review, recruitment path, decisions (being written)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


queue = review = first_exchange = decision = _todo
