"""The peer worker's own profile: overview, guided steps, availability, preview and submission;
(the public charter page is charter_views.py).

Every view works on the signed-in person's own profile (no view takes a profile id, so nobody
reaches somebody else's data) and writes only through `services.py`.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from epop.accounts.permissions import is_peer_worker

from . import choices, forms, photos, services
from .models import CharterAcceptance, CharterVersion, PeerProfile, PublishedProfile
from .steps import ACTION_LABELS, MISSING_STEP, STEP_BY_SLUG, STEPS, step_state

Status = PeerProfile.Status

# --- Access -----------------------------------------------------------------------------------


def peer_worker_required(view):
    """Signed-in, active peer workers only. Anonymous visitors go to the login page; anybody else
    gets a page explaining who this space is for. Responses are never cached: they hold personal
    data, some of it about health."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_peer_worker(request.user):
            return render(request, "directory/edit/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _own_profile(request) -> PeerProfile:
    profile = services.get_or_create_profile(request.user)
    return PeerProfile.objects.select_related(
        "home_commune__region", "home_commune__department"
    ).get(pk=profile.pk)


def _steps(profile) -> list[dict]:
    return [
        {
            "number": number,
            "slug": step.slug,
            "title": step.title,
            "url": step.url,
            "summary": step.summary,
            "state": step_state(step, profile),
        }
        for number, step in enumerate(STEPS, start=1)
    ]


def _missing(profile) -> list[dict]:
    return [
        {"label": label, "url": STEP_BY_SLUG[MISSING_STEP[field]].url}
        for field, label in services.missing_for_submission(profile).items()
    ]


def _who_follows_up(profile) -> str:
    """Who will contact the person after submission (domain.md §1.4), in words."""
    region = profile.home_commune.region if profile.home_commune_id else None
    if region is not None and region.has_regional_team:
        return f"l'équipe de coordination EPoP de la région {region.name}"
    return "l'équipe nationale EPoP (votre région n'a pas encore d'équipe EPoP)"


def _submitted_words(profile) -> str:
    """What happens next: a first exchange only for a profile never validated (issue 13)."""
    who = _upper_first(_who_follows_up(profile))
    if PublishedProfile.objects.filter(pk=profile.pk).exists():
        return (
            f"Vos modifications sont envoyées pour validation. {who} les relit ; en attendant, "
            "l'annuaire montre la version déjà publiée. Vous recevrez un e-mail quand elles "
            "seront publiées."
        )
    return (
        f"Votre profil est envoyé pour validation. {who} va vous contacter pour un premier "
        "échange. Ensuite, votre profil sera validé et publié dans l'annuaire. Vous recevrez "
        "un e-mail à chaque étape."
    )


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _can_submit(profile) -> bool:
    return profile.status in (Status.DRAFT, Status.CHANGES_REQUESTED)


# --- Overview -------------------------------------------------------------------------------


@peer_worker_required
@require_GET
def overview(request):
    profile = _own_profile(request)
    published = PublishedProfile.objects.filter(pk=profile.pk).first()
    listed = bool(published) and PublishedProfile.objects.listed().filter(pk=profile.pk).exists()
    events = list(profile.events.all()[:100])
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)

    coordinator_message = None
    if profile.status in (Status.CHANGES_REQUESTED, Status.REFUSED):
        coordinator_message = next(
            (e for e in events if e.action in ("demande_modifs", "refus") and e.message), None
        )

    charter = CharterVersion.current()
    latest_acceptance = (
        CharterAcceptance.objects.filter(user=request.user)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    charter_changed = bool(
        charter and latest_acceptance and latest_acceptance.version.number < charter.number
    )

    due = profile.confirmation_due_at()
    context = {
        "profile": profile,
        "published": published,
        "listed": listed,
        "status": _status_words(profile, published, listed),
        "unpublished_changes": bool(published) and profile.status == Status.DRAFT,
        "coordinator_message": coordinator_message,
        "missing": _missing(profile),
        "can_submit": _can_submit(profile),
        "steps": _steps(profile),
        "events": events,
        "charter": charter,
        "charter_changed": charter_changed,
        "confirmation_due": due,
        "confirmation_overdue": bool(due and due <= timezone.now()),
        "paused": profile.is_paused(),
    }
    return render(request, "directory/edit/overview.html", context)


def _status_words(profile, published, listed) -> dict:
    """The profile's state as a short title and one or two plain sentences."""
    if profile.status == Status.SUBMITTED and published is not None:
        return {
            "title": "Modifications en attente de validation",
            "text": f"Vos modifications sont envoyées. {_upper_first(_who_follows_up(profile))} "
            "les relit ; en attendant, l'annuaire montre la version déjà publiée. Si vous "
            "modifiez encore votre profil d'ici là, il faudra l'envoyer de nouveau.",
        }
    if profile.status == Status.SUBMITTED:
        return {
            "title": "En attente de validation",
            "text": f"Votre profil est envoyé. {_upper_first(_who_follows_up(profile))} va vous "
            "contacter pour un premier échange, puis valider votre profil. Si vous le modifiez "
            "d'ici là, il faudra l'envoyer de nouveau.",
        }
    if profile.status == Status.CHANGES_REQUESTED:
        return {
            "title": "Modifications demandées",
            "text": "La coordination vous demande de modifier votre profil. Lisez son message, "
            "faites les changements, puis envoyez de nouveau votre profil.",
        }
    if profile.status == Status.REFUSED:
        return {
            "title": "Profil non retenu",
            "text": "La coordination n'a pas retenu votre profil ; son message explique "
            "pourquoi. Vous pouvez lui répondre par e-mail, ou modifier votre profil et "
            "l'envoyer de nouveau.",
        }
    if profile.status == Status.VALIDATED:
        if listed:
            text = "Votre profil est validé et visible dans l'annuaire."
        elif profile.is_paused():
            text = "Votre profil est validé, mais masqué de l'annuaire pendant votre pause."
        else:
            text = (
                "Votre profil est validé, mais il n'est plus affiché dans l'annuaire : "
                "confirmez ci-dessous qu'il est toujours à jour pour qu'il revienne."
            )
        return {"title": "Validé", "text": text}
    if published:
        return {
            "title": "Modifications en cours",
            "text": "Vous avez modifié votre profil depuis sa validation. Ces modifications ne "
            "sont pas encore publiées.",
        }
    return {
        "title": "Brouillon",
        "text": "Votre profil n'est pas encore dans l'annuaire. Remplissez les étapes, "
        "regardez l'aperçu, puis envoyez-le pour validation. Vous pouvez vous arrêter à tout "
        "moment : ce que vous avez enregistré est gardé.",
    }


# --- Steps ----------------------------------------------------------------------------------


@peer_worker_required
@require_http_methods(["GET", "POST"])
def step(request, step):
    current = STEP_BY_SLUG.get(step)
    if current is None:
        raise Http404
    index = STEPS.index(current)
    profile = _own_profile(request)

    if request.method == "POST":
        form = current.form_class(request.POST, request.FILES, profile=profile)
        if form.is_valid():
            old_photo = profile.photo.name or ""
            values = form.profile_values()
            profile = services.save_content(profile, values, request.user)
            if "photo" in values:
                photos.discard_replaced(old_photo, profile)
            messages.success(request, f"Étape « {current.title} » enregistrée.")
            action = request.POST.get("action")
            if action == "previous" and index > 0:
                return redirect(STEPS[index - 1].url)
            if action == "continue":
                if index + 1 < len(STEPS):
                    return redirect(STEPS[index + 1].url)
                return redirect("directory:preview")
            return redirect(current.url)
    else:
        form = current.form_class(profile=profile)

    context = {
        "profile": profile,
        "form": form,
        "step": {"number": index + 1, "slug": current.slug, "title": current.title},
        "total": len(STEPS),
        "previous": STEPS[index - 1] if index > 0 else None,
        "next": STEPS[index + 1] if index + 1 < len(STEPS) else None,
        "steps": _steps(profile),
        "nav_current": current.slug,
    }
    return render(request, current.template, context)


# --- Availability (minor edit, applies at once) ---------------------------------------------


@peer_worker_required
@require_http_methods(["GET", "POST"])
def availability(request):
    profile = _own_profile(request)
    if request.method == "POST":
        form = forms.AvailabilityForm(request.POST, profile=profile)
        if form.is_valid():
            services.update_availability(profile, form.profile_values(), request.user)
            messages.success(
                request,
                "Votre disponibilité est enregistrée. Elle s'applique tout de suite, sans "
                "nouvelle validation, y compris à votre profil publié.",
            )
            return redirect("directory:edit")
    else:
        form = forms.AvailabilityForm(profile=profile)
    published = PublishedProfile.objects.filter(pk=profile.pk).exists()
    return render(
        request,
        "directory/edit/availability.html",
        {"profile": profile, "form": form, "published": published},
    )


@peer_worker_required
@require_POST
def confirm(request):
    profile = _own_profile(request)
    if not PublishedProfile.objects.filter(pk=profile.pk).exists():
        messages.error(
            request,
            "Seul un profil déjà validé se confirme à jour. Le vôtre ne l'est pas encore.",
        )
        return redirect("directory:edit")
    profile = services.confirm_up_to_date(profile, request.user)
    due = formats.date_format(profile.confirmation_due_at(), "j F Y")
    messages.success(
        request,
        f"Merci : votre profil est confirmé à jour. Nous vous le redemanderons avant le {due}.",
    )
    return redirect("directory:edit")


# --- Preview and submission -----------------------------------------------------------------


def _preview_context(profile, form, charter) -> dict:
    visibility = profile.experience_visibility
    return {
        "profile": profile,
        "form": form,
        "charter": charter,
        "show_experience": visibility == choices.Visibility.PUBLIC,
        "experience_readers": {
            choices.Visibility.PUBLIC: "tout le monde peut le lire, il apparaît ci-dessous",
            choices.Visibility.EMPLOYERS: "il n'apparaît pas ci-dessous : seuls les employeurs "
            "connectés et l'équipe de coordination pourront le lire",
            choices.Visibility.COORDINATORS: "il n'apparaît pas ci-dessous : seule l'équipe de "
            "coordination pourra le lire",
        }.get(visibility, ""),
        "missing": _missing(profile),
        "can_submit": _can_submit(profile),
        "status_label": profile.get_status_display(),
        "steps": _steps(profile),
        "nav_current": "apercu",
    }


@peer_worker_required
@require_GET
def preview(request):
    profile = _own_profile(request)
    charter = CharterVersion.current()
    form = forms.SubmitForm(charter=charter)
    return render(request, "directory/edit/preview.html", _preview_context(profile, form, charter))


@peer_worker_required
@require_POST
def submit(request):
    profile = _own_profile(request)
    charter = CharterVersion.current()
    form = forms.SubmitForm(request.POST, charter=charter)
    if form.is_valid():
        try:
            services.submit_profile(profile, request.user, charter)
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _submitted_words(profile))
            return redirect("directory:edit")
    profile.refresh_from_db()
    return render(request, "directory/edit/preview.html", _preview_context(profile, form, charter))
