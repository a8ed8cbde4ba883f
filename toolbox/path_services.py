"""Progress on the orientation paths: in the session for visitors, on the account once signed in
(what a visitor did before signing in is carried over to the account)."""

from django.db import transaction

from .path_models import PathProgress, PathStep

SESSION_KEY = "toolbox_paths"


def _session_done(request) -> set[int]:
    return {int(pk) for pk in request.session.get(SESSION_KEY, []) if str(pk).isdigit()}


def done_step_ids(request, path) -> set[int]:
    step_ids = set(path.steps.values_list("pk", flat=True))
    if request.user.is_authenticated:
        _carry_over(request)
        return set(
            PathProgress.objects.filter(user=request.user, step__path=path).values_list(
                "step_id", flat=True
            )
        )
    return _session_done(request) & step_ids


def _carry_over(request) -> None:
    pending = _session_done(request)
    if not pending:
        return
    with transaction.atomic():
        PathProgress.objects.bulk_create(
            [
                PathProgress(user=request.user, step_id=pk)
                for pk in PathStep.objects.filter(pk__in=pending).values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )
    request.session[SESSION_KEY] = []


def mark_done(request, step: PathStep) -> None:
    if request.user.is_authenticated:
        PathProgress.objects.get_or_create(user=request.user, step=step)
        return
    done = _session_done(request) | {step.pk}
    request.session[SESSION_KEY] = sorted(done)


def reset(request, path) -> None:
    if request.user.is_authenticated:
        PathProgress.objects.filter(user=request.user, step__path=path).delete()
    ids = set(path.steps.values_list("pk", flat=True))
    request.session[SESSION_KEY] = sorted(_session_done(request) - ids)
