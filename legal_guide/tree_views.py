"""The orientation: one question per screen, answers in the address (GET, no personal data),
a summary with change links, the result, its print and PDF versions. Works without JavaScript."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from epop.core.pdf import html_to_pdf
from epop.core.shortcuts import CONTACT_EMAIL, render_page

from . import tree
from .models import DecisionTree, Situation

MAX_PARAMS = 40
MAX_VALUE = 40


def _params(request) -> dict[str, str]:
    """The answers read from the address, bounded: a forged address cannot make us work hard."""
    params = {}
    for key in list(request.GET)[:MAX_PARAMS]:
        if key == "etape":
            continue
        params[key[:MAX_VALUE]] = request.GET.get(key, "")[:MAX_VALUE]
    return params


def _query(pairs) -> str:
    return urlencode(list(pairs))


def _context(request):
    decision_tree = DecisionTree.objects.filter(active=True).only("data").first()
    if decision_tree is None or not decision_tree.data:
        return None
    data = decision_tree.data
    params = _params(request)
    walk = tree.walk(data, params)
    base = reverse("legal_guide:tree")
    answered = walk.answers_until(len(walk.steps))
    summary = [
        {
            "question": step.question,
            "answer": step.answer,
            "change_url": f"{base}?{_query(walk.answers_until(step.position - 1))}",
        }
        for step in walk.steps
    ]
    context = {
        "walk": walk,
        "summary": summary,
        "answered": answered,
        "query": _query(answered),
        "back_url": f"{base}?{_query(answered[:-1])}" if answered else reverse("legal_guide:home"),
        "ignored": walk.ignored,
    }
    if walk.current is not None:
        position = len(walk.steps) + 1
        error = walk.error
        if not error and request.GET.get("etape") == walk.current["key"]:
            error = "Choisissez une réponse pour continuer."
        context.update(
            {
                "question": walk.current,
                "position": position,
                "total": len(walk.steps) + tree.remaining_depth(data, walk.current["key"]),
                "error": error,
            }
        )
    else:
        slugs = walk.situation_slugs()
        found = {s.slug: s for s in Situation.objects.published().filter(slug__in=slugs)}
        context["situations"] = [found[slug] for slug in slugs if slug in found]
    return context


@require_GET
def orientation(request):
    context = _context(request)
    if context is None:
        return render_page(
            request, "legal_guide:tree", "legal_guide/tree_unavailable.html", status=503
        )
    # Errors are explained on the page with a normal status, like every form of the site.
    template = (
        "legal_guide/tree_question.html"
        if "question" in context
        else "legal_guide/tree_result.html"
    )
    return render_page(request, "legal_guide:tree", template, context)


@require_GET
def orientation_pdf(request):
    context = _context(request)
    if context is None or "question" in context:
        return orientation(request)
    html = render_to_string(
        "legal_guide/tree_result_pdf.html",
        context | {"base_url": request.build_absolute_uri("/"), "contact_email": CONTACT_EMAIL},
    )
    response = HttpResponse(
        html_to_pdf(html, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="guide-juridique-resultat.pdf"'
    return response
