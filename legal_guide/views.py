"""The guide's reading pages: home, situations, easy-to-read pages."""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from epop.core.shortcuts import render_page

from . import contacts
from .models import Situation, Theme


def _published():
    return Situation.objects.published()


@require_GET
def home(request):
    themes = Theme.objects.prefetch_related(
        Prefetch("situations", queryset=_published().order_by("order"), to_attr="listed")
    )
    return render_page(request, "legal_guide:home", "legal_guide/home.html", {"themes": themes})


@require_GET
def situation(request, slug):
    item = get_object_or_404(
        _published().prefetch_related("themes", "examples", "sources"), slug=slug
    )
    code = request.GET.get("region", "")[:3]
    context = {
        "situation": item,
        "regions": contacts.regions(),
        "contact": contacts.for_region(code),
        "region_code": code,
        "toolbox_url": f"{reverse('toolbox:home')}?{urlencode({'q': item.toolbox_query})}"
        if item.toolbox_query
        else "",
    }
    return render_page(request, "legal_guide:home", "legal_guide/situation.html", context)


@require_GET
def situation_falc(request, slug):
    item = get_object_or_404(_published(), slug=slug)
    return render_page(
        request, "legal_guide:home", "legal_guide/situation_falc.html", {"situation": item}
    )


@require_GET
def easy_read_index(request):
    return render_page(
        request,
        "legal_guide:easy_read",
        "legal_guide/easy_read.html",
        {"situations": _published().order_by("order")},
    )
