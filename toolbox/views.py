"""Public pages of the toolbox: the home page, the resources, their files and captions."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from epop.core.markdown import render_markdown
from epop.core.shortcuts import render_page

from . import documents
from .choices import Kind, Status
from .forms import ResourceFilterForm
from .models import Resource
from .path_models import OrientationPath

PAGE_SIZE = 20


@require_GET
def home(request):
    paths = OrientationPath.objects.order_by("slug")
    return render_page(request, "toolbox:home", "toolbox/home.html", {"paths": paths})


@require_GET
def resources(request):
    form = ResourceFilterForm(request.GET or None)
    results = Resource.objects.published().only(
        "title", "slug", "summary", "kind", "audiences", "themes", "last_reviewed"
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"].strip():
            results = results.search(data["q"])
        for field, name in (("audiences", "audience"), ("themes", "theme")):
            if data[name]:
                results = results.filter(**{f"{field}__contains": [data[name]]})
        if data["kind"]:
            results = results.filter(kind=data["kind"])
    elif form.is_bound:
        results = results.none()
    paginator = Paginator(results, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("Cette page de résultats n'existe pas.") from error
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "toolbox:resources",
        "toolbox/resources.html",
        {"form": form, "page": page, "extra": f"{query.urlencode()}&" if query else ""},
    )


def _published(slug) -> Resource:
    return get_object_or_404(Resource.objects.published(), slug=slug)


@require_GET
def resource(request, slug):
    item = _published(slug)
    files = [
        {"file": f, "size": documents.human_size(f.size), "label": f.get_format_display()}
        for f in documents.files_for(item)
    ]
    return render(
        request,
        "toolbox/resource.html",
        {
            "resource": item,
            "body": render_markdown(item.body, top_level=2),
            "falc": render_markdown(item.falc_body, top_level=3) if item.falc_body else "",
            "transcript": render_markdown(item.transcript, top_level=3) if item.is_video else "",
            "references": [r for r in item.legal_references.splitlines() if r.strip()],
            "files": files,
        },
    )


@require_GET
def download(request, slug, fmt):
    item = _published(slug)
    # Rebuilt only if the source changed since the last build; never an outdated copy.
    stored = next((f for f in documents.files_for(item) if f.format == fmt), None)
    if stored is None:
        raise Http404("Ce fichier n'existe pas.")
    documents.count_download(stored)
    response = HttpResponse(bytes(stored.content), content_type=documents.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{item.slug}.{fmt}"'
    return response


@require_GET
def captions(request, slug):
    item = get_object_or_404(
        Resource, slug=slug, kind=Kind.VIDEO, status=Status.PUBLISHED, captions_vtt__gt=""
    )
    return HttpResponse(item.captions_vtt, content_type="text/vtt; charset=utf-8")
