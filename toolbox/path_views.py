"""The two orientation paths: overview, one page per step, and the final action."""

from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from epop.accounts.permissions import is_employer, is_peer_worker
from epop.core.markdown import render_markdown
from epop.core.shortcuts import render_page

from . import path_services
from .choices import InterventionType
from .path_models import OrientationPath, PathKind

URL_NAMES = {PathKind.BECOME: "toolbox:path_become", PathKind.HIRE: "toolbox:path_hire"}


def _path(slug) -> OrientationPath:
    return get_object_or_404(OrientationPath, slug=slug)


def _render(request, path, template, context):
    return render_page(
        request,
        URL_NAMES[path.slug],
        template,
        {"path": path, "url_name": URL_NAMES[path.slug], **context},  # fmt: skip
    )


@require_http_methods(["GET"])
def overview(request, slug):
    path = _path(slug)
    steps = list(path.steps.all())
    done = path_services.done_step_ids(request, path)
    next_step = next((step for step in steps if step.pk not in done), None)
    return _render(
        request,
        path,
        "toolbox/paths/overview.html",
        {
            "intro": render_markdown(path.intro, top_level=2),
            "steps": [(step, step.pk in done) for step in steps],
            "next_step": next_step,
            "done_count": len(done),
        },
    )


@require_http_methods(["GET", "POST"])
def step(request, slug, position):
    path = _path(slug)
    current = get_object_or_404(path.steps.prefetch_related("resources"), position=position)
    if request.method == "POST":
        path_services.mark_done(request, current)
        following = path.steps.filter(position__gt=position).first()
        if following is None:
            return redirect("toolbox:path_end", slug=path.slug)
        return redirect("toolbox:path_step", slug=path.slug, position=following.position)
    steps = list(path.steps.all())
    index = next(i for i, s in enumerate(steps) if s.pk == current.pk)
    return _render(
        request,
        path,
        "toolbox/paths/step.html",
        {
            "step": current,
            "body": render_markdown(current.body, top_level=2),
            "number": index + 1,
            "total": len(steps),
            "previous": steps[index - 1] if index else None,
            "resources": [r for r in current.resources.all() if r.status == "publie"],
            "done": current.pk in path_services.done_step_ids(request, path),
        },
    )


@require_http_methods(["GET"])
def end(request, slug):
    path = _path(slug)
    return _render(
        request,
        path,
        "toolbox/paths/end.html",
        {
            "interventions": InterventionType.choices,
            "is_peer_worker": is_peer_worker(request.user),
            "is_employer": is_employer(request.user),
        },
    )


@require_POST
def reset(request, slug):
    path = _path(slug)
    path_services.reset(request, path)
    return redirect(URL_NAMES[path.slug])
