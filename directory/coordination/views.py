"""Coordinators' dashboard: the validation queue, the follow-up of their profiles, the review page
with the recruitment path, and the decisions.

Scope (domain.md §1.4): every profile is looked up through `profiles_for(request.user)`, so a
coordinator never sees or acts on a profile outside their regions; such a profile answers 404,
exactly like a missing one, whatever the method. Accounts without coordination powers get a
French 403 page; anonymous visitors are sent to the login page.

Views stay thin: the forms validate, the services (directory.profiles.services) write, one
transaction each, and schedule the mails after commit.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery, prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from directory.profiles import services
from directory.profiles.models import CharterAcceptance, CharterVersion, PeerProfile
from epop.accounts.permissions import is_coordinator, is_national_coordinator

from .diff import profile_diff
from .digests import since_words, waited_words
from .forms import DecisionForm, FirstExchangeForm
from .queues import profiles_for, queue_for
from .review_version import CHANGED_MESSAGE, VersionChanged, fingerprint, reviewed_version

Status = PeerProfile.Status

QUEUE_PAGE_SIZE = 25
FOLLOW_PAGE_SIZE = 20
# The « Suivi » list: every status but the queue's own, in the order coordinators act on them.
FOLLOW_STATUSES = (Status.CHANGES_REQUESTED, Status.REFUSED, Status.VALIDATED, Status.DRAFT)
FOLLOW_LABELS = {
    Status.CHANGES_REQUESTED: "Modifications demandées",
    Status.REFUSED: "Refusés",
    Status.VALIDATED: "Validés",
    Status.DRAFT: "Brouillons",
}

# ProfileEvent.action, as the history table shows it.
ACTION_LABELS = {
    "soumission": "Envoi pour validation",
    "modification": "Modification du profil",
    "premier_echange": "Premier échange enregistré",
    "validation": "Validation et publication",
    "demande_modifs": "Modifications demandées",
    "refus": "Refus",
    "confirmation": "Profil confirmé à jour",
}


def coordinator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        # Every permission check below reads the user's regions: one query for the request.
        prefetch_related_objects([user], "regions")
        if not is_coordinator(user):
            return render(request, "directory/coordination/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _latest_charter_number():
    return Subquery(
        CharterAcceptance.objects.filter(user=OuterRef("user_id"))
        .order_by("-version__number")
        .values("version__number")[:1]
    )


def _pager(request, page, param: str, label: str, anchor: str) -> dict:
    """Links to the previous and next pages of one list, keeping every other parameter (the
    other list's page, the follow-up status) as it is."""

    def url(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}#{anchor}"

    return {
        "page": page,
        "label": label,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }


# --- Dashboard -----------------------------------------------------------------------------------


@coordinator_required
def queue(request):
    user = request.user
    now = timezone.now()

    waiting = (
        queue_for(user)
        .select_related("published__home_commune")
        .annotate(charter_number=_latest_charter_number())
    )
    queue_page = Paginator(waiting, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for profile in queue_page:
        profile.waited = waited_words(profile.submitted_at, now)
        # New profile or modification, and which fields changed, at a glance.
        profile.diff = profile_diff(profile)

    counts = dict(profiles_for(user).order_by().values_list("status").annotate(count=Count("pk")))
    follow_status = request.GET.get("suivi")
    if follow_status not in FOLLOW_STATUSES:
        follow_status = Status.CHANGES_REQUESTED
    follow = (
        profiles_for(user)
        .filter(status=follow_status)
        .select_related("home_commune__region")
        .order_by("-updated_at", "pk")
    )
    follow_page = Paginator(follow, FOLLOW_PAGE_SIZE).get_page(request.GET.get("page_suivi"))

    current_charter = CharterVersion.current()
    return render(
        request,
        "directory/coordination/queue.html",
        {
            "queue_page": queue_page,
            "queue_pager": _pager(
                request, queue_page, "page", "Pages de la file d'attente", "file"
            ),
            "waiting_count": counts.get(Status.SUBMITTED, 0),
            "follow_tabs": [
                {"status": status, "label": FOLLOW_LABELS[status], "count": counts.get(status, 0)}
                for status in FOLLOW_STATUSES
            ],
            "follow_status": follow_status,
            "follow_label": FOLLOW_LABELS[follow_status],
            "follow_page": follow_page,
            "follow_pager": _pager(request, follow_page, "page_suivi", "Pages du suivi", "suivi"),
            "current_charter_number": current_charter.number if current_charter else None,
            "regions": sorted(region.name for region in user.regions.all()),
            "is_national": is_national_coordinator(user),
        },
    )


# --- One profile ---------------------------------------------------------------------------------


def _profile_or_404(request, pk) -> PeerProfile:
    return get_object_or_404(
        profiles_for(request.user).select_related(
            "home_commune__region",
            "home_commune__department",
            "user",
            "published__home_commune",
        ),
        pk=pk,
    )


def _review_url(profile) -> str:
    return reverse("directory:coordination_profile", args=[profile.pk])


def _exchange_initial(profile) -> dict:
    return {
        "first_exchange_on": profile.first_exchange_on,
        "first_exchange_notes": profile.first_exchange_notes,
        # What the coordinators noted, else what the person declared, as a starting point.
        "training_status": profile.training_status or profile.training or None,
    }


def _render_review(request, profile, *, exchange_form=None, decision_form=None, status=200):
    error_form = next(
        (form for form in (exchange_form, decision_form) if form is not None and form.errors),
        None,
    )
    acceptances = list(
        CharterAcceptance.objects.filter(user=profile.user_id)
        .select_related("version")
        .order_by("-version__number")
    )
    current_charter = CharterVersion.current()
    events = list(profile.events.select_related("actor"))
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
    context = {
        "profile": profile,
        "region": profile.home_commune.region if profile.home_commune_id else None,
        "waited": since_words(profile.submitted_at)
        if profile.status == Status.SUBMITTED and profile.submitted_at
        else "",
        "diff": profile_diff(profile),
        "acceptances": acceptances,
        "current_charter": current_charter,
        "current_charter_accepted": any(
            acceptance.version_id == getattr(current_charter, "pk", None)
            for acceptance in acceptances
        ),
        "events": events,
        "exchange_form": exchange_form or FirstExchangeForm(initial=_exchange_initial(profile)),
        "decision_form": decision_form or DecisionForm(initial={"version": fingerprint(profile)}),
        "can_decide": profile.status == Status.SUBMITTED,
        # The layout reads `form` for the « Erreur : » prefix of the page title.
        "form": error_form,
        "error_form": error_form,
    }
    return render(request, "directory/coordination/review.html", context, status=status)


@coordinator_required
def review(request, pk):
    profile = _profile_or_404(request, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _render_review(request, profile)


def _post_only(request, profile):
    """Scope first (404), then the method: a GET lands back on the review page."""
    if request.method in ("GET", "HEAD"):
        return redirect(_review_url(profile))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


@coordinator_required
def first_exchange(request, pk):
    profile = _profile_or_404(request, pk)
    if (response := _post_only(request, profile)) is not None:
        return response
    form = FirstExchangeForm(request.POST)
    if not form.is_valid():
        return _render_review(request, profile, exchange_form=form)
    data = form.cleaned_data
    try:
        services.record_first_exchange(
            profile,
            request.user,
            date=data["first_exchange_on"],
            notes=data["first_exchange_notes"].strip(),
            training_status=data["training_status"],
        )
    except PeerProfile.DoesNotExist:  # moved out of this coordinator's scope meanwhile
        raise Http404 from None
    messages.success(
        request,
        f"Premier échange du {data['first_exchange_on']:%d/%m/%Y} enregistré, "
        "avec la situation de formation.",
    )
    return redirect(_review_url(profile))


@coordinator_required
def decision(request, pk):
    profile = _profile_or_404(request, pk)
    if (response := _post_only(request, profile)) is not None:
        return response
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_review(request, profile, decision_form=form)
    choice, message = form.cleaned_data["decision"], form.cleaned_data["message"]
    try:
        return _decide_on_reviewed_version(request, profile, form, choice, message)
    except VersionChanged:
        return _render_version_changed(request, pk)


def _render_version_changed(request, pk):
    """The profile changed since the page was read: nothing decided; the new diff, the French
    message, and a form carrying the new version (issue 7, item 3)."""
    profile = _profile_or_404(request, pk)
    data = request.POST.copy()
    data["version"] = fingerprint(profile)
    form = DecisionForm(data)
    form.is_valid()
    form.add_error(None, CHANGED_MESSAGE)
    return _render_review(request, profile, decision_form=form)


def _decide_on_reviewed_version(request, profile, form, choice, message):
    with reviewed_version(profile, form.cleaned_data["version"]):
        return _decide(request, profile, form, choice, message)


def _decide(request, profile, form, choice, message):
    try:
        if choice == DecisionForm.VALIDATE:
            services.validate_profile(profile, request.user)
            done = (
                "Profil validé : il est publié dans l'annuaire et la personne est prévenue "
                "par e-mail."
            )
        elif choice == DecisionForm.CHANGES:
            services.request_changes(profile, request.user, message)
            done = "Demande de modifications envoyée : la personne a reçu votre message par e-mail."
        else:
            services.refuse_profile(profile, request.user, message)
            done = "Profil refusé : la personne a reçu votre message par e-mail."
    except services.TransitionError as error:
        # Nothing changed (the service's transaction rolled back): say why, in French.
        form.add_error(None, str(error))
        return _render_review(request, profile, decision_form=form)
    except PeerProfile.DoesNotExist:
        raise Http404 from None
    messages.success(request, done)
    return redirect(_review_url(profile))
