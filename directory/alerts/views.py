"""Pages of alerts (saved searches) and needs. Thin: parse, call services.py, render.

Alerts and the needs an employer publishes are reached by their owner only: any other account
gets the same 404 as for an alert that does not exist. Accounts of another kind get a French 403
page that says who the page is for. The unsubscribe page needs no login: the signed token is the
proof, and mail clients post to it without cookies (RFC 8058), hence csrf_exempt there only.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from epop.accounts.permissions import is_employer, is_peer_worker
from epop.notifications.preferences import preference_for
from epop.notifications.registry import Frequency

from . import services
from .criteria import parse_search, search_url, suggested_name, summary
from .forms import AlertEditForm, AlertForm, ConfirmForm, NeedAnswerForm, NeedForm
from .models import Alert, AlertFrequency, Digest, Need, NeedResponse
from .needs import need_audiences, need_place, need_types, needs_for_peer, responder_profile
from .notifications import ALERTS_KEY, NEEDS_KEY
from .unsubscribe import read_unsubscribe_token, unsubscribe


def _forbidden(request, audience: str, explanation: str):
    return render(
        request,
        "directory/alerts/forbidden.html",
        {"audience": audience, "explanation": explanation},
        status=403,
    )


def employer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_employer(request.user):
            return _forbidden(
                request,
                "aux comptes employeurs",
                "Les alertes et les besoins servent aux employeurs, structures et particuliers "
                "qui cherchent un·e intervenant·e-pair.",
            )
        return view(request, *args, **kwargs)

    return wrapper


def _own_alert(request, pk) -> Alert:
    return get_object_or_404(Alert.objects.select_related("commune"), pk=pk, owner=request.user)


# --- Alerts -------------------------------------------------------------------------------------


@employer_required
@require_http_methods(["GET"])
def alerts(request):
    own = (
        Alert.objects.filter(owner=request.user)
        .select_related("commune")
        .annotate(
            found=Count("matches"),
            waiting=Count("matches", filter=Q(matches__digest__isnull=True)),
        )
        .order_by("name", "id")
    )
    items = [
        {
            "alert": alert,
            "summary": summary(alert),
            "search_url": search_url(alert),
        }
        for alert in own
    ]
    return render(
        request,
        "directory/alerts/list.html",
        {
            "items": items,
            "mail_off": preference_for(request.user, ALERTS_KEY) == Frequency.NEVER,
            "max_alerts": services.MAX_ALERTS_PER_EMPLOYER,
        },
    )


@employer_required
@require_http_methods(["GET", "POST"])
def alert_create(request):
    criteria, filterset = parse_search(request.GET)
    if criteria is None:
        return render(
            request,
            "directory/alerts/create.html",
            {"search_errors": _search_errors(filterset), "query": request.GET.urlencode()},
        )
    preview = criteria.as_alert(owner=request.user)
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            try:
                alert = services.create_alert(
                    request.user,
                    criteria,
                    name=form.cleaned_data["name"],
                    frequency=form.cleaned_data["frequency"],
                )
            except services.AlertError as error:
                form.add_error(None, f"Erreur : {error}")
            else:
                messages.success(
                    request,
                    f"L'alerte « {alert.name} » est enregistrée. "
                    f"{_frequency_sentence(alert.frequency)}",
                )
                return redirect("directory:alerts")
    else:
        form = AlertForm(
            initial={"name": suggested_name(preview), "frequency": AlertFrequency.WEEKLY}
        )
    return render(
        request,
        "directory/alerts/create.html",
        {
            "form": form,
            "summary": summary(preview),
            "query": criteria.query,
            "search_url": search_url(preview),
        },
    )


def _search_errors(filterset) -> list[str]:
    if getattr(filterset, "place_choices", None):
        return [
            "Erreur : plusieurs communes correspondent au lieu de la recherche. Choisissez "
            "la commune sur la page de recherche, puis créez l'alerte."
        ]
    errors = [str(error) for messages_ in filterset.form.errors.values() for error in messages_]
    return errors or ["Erreur : cette recherche n'est pas valide."]


def _frequency_sentence(frequency: str) -> str:
    return {
        AlertFrequency.IMMEDIATE: "Vous recevrez un e-mail quelques minutes après chaque "
        "nouveau profil.",
        AlertFrequency.DAILY: "Vous recevrez au plus un e-mail par jour.",
        AlertFrequency.WEEKLY: "Vous recevrez au plus un e-mail par semaine, le lundi.",
    }[frequency]


@employer_required
@require_http_methods(["GET", "POST"])
def alert_edit(request, pk):
    alert = _own_alert(request, pk)
    if request.method == "POST":
        form = AlertEditForm(request.POST)
        if form.is_valid():
            services.update_alert(alert, **form.cleaned_data)
            messages.success(request, f"L'alerte « {alert.name} » est modifiée.")
            return redirect("directory:alerts")
    else:
        form = AlertEditForm(
            initial={"name": alert.name, "frequency": alert.frequency, "active": alert.active}
        )
    return render(
        request,
        "directory/alerts/edit.html",
        {"alert": alert, "form": form, "summary": summary(alert)},
    )


@employer_required
@require_http_methods(["GET", "POST"])
def alert_delete(request, pk):
    alert = _own_alert(request, pk)
    if request.method == "POST":
        name = alert.name
        services.delete_alert(alert)
        messages.success(request, f"L'alerte « {name} » est supprimée.")
        return redirect("directory:alerts")
    return render(
        request,
        "directory/alerts/delete.html",
        {"alert": alert, "form": ConfirmForm(), "summary": summary(alert)},
    )


@csrf_exempt  # the signed token is the proof; mail clients post without cookies (RFC 8058)
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    unsubscription = read_unsubscribe_token(token)
    if unsubscription is None:
        return render(request, "directory/alerts/unsubscribe_invalid.html", status=400)
    done = False
    if request.method == "POST" and not unsubscription.gone:
        unsubscribe(unsubscription)
        done = True
        messages.success(request, _unsubscribed_sentence(unsubscription))
    return render(
        request,
        "directory/alerts/unsubscribe.html",
        {
            "unsubscription": unsubscription,
            "needs": unsubscription.scope == Digest.Kind.NEEDS,
            "done": done,
        },
    )


def _unsubscribed_sentence(unsubscription) -> str:
    if unsubscription.scope == Digest.Kind.NEEDS:
        return "C'est fait : vous ne recevrez plus d'e-mail sur les besoins des employeurs."
    if unsubscription.alert is not None:
        return (
            f"C'est fait : l'alerte « {unsubscription.alert.name} » ne vous enverra plus d'e-mail."
        )
    return "C'est fait : vos alertes ne vous enverront plus d'e-mail."


# --- Needs --------------------------------------------------------------------------------------


def needs_access_required(view):
    """Employers (their own needs) and peer workers (needs that fit them)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (is_employer(request.user) or is_peer_worker(request.user)):
            return _forbidden(
                request,
                "aux employeurs et aux intervenant·es-pairs",
                "Les employeurs y publient leurs besoins d'intervention, et les "
                "intervenant·es-pairs y répondent.",
            )
        return view(request, *args, **kwargs)

    return wrapper


@needs_access_required
@require_http_methods(["GET"])
def needs(request):
    today = timezone.localdate()
    if is_employer(request.user):
        own = list(
            Need.objects.filter(author=request.user)
            .select_related("commune")
            .annotate(answers=Count("responses"))
            .order_by("date", "id")
        )
        return render(
            request,
            "directory/needs/list_employer.html",
            {
                "open_needs": [_need_item(need) for need in own if need.is_open(today)],
                "closed_needs": [_need_item(need) for need in own if not need.is_open(today)],
            },
        )
    profile = responder_profile(request.user)
    items = [_need_item(need) for need in needs_for_peer(profile)] if profile else []
    return render(
        request,
        "directory/needs/list_peer.html",
        {
            "profile": profile,
            "items": items,
            "paused": profile is not None and profile.is_paused(today),
            "mail_off": preference_for(request.user, NEEDS_KEY) == Frequency.NEVER,
        },
    )


def _need_item(need) -> dict:
    return {
        "need": need,
        "where": need_place(need),
        "types": need_types(need),
        "audiences": need_audiences(need),
    }


@employer_required
@require_http_methods(["GET", "POST"])
def need_create(request):
    if request.method == "POST":
        form = NeedForm(request.POST)
        if form.is_valid():
            try:
                need = services.create_need(request.user, form.cleaned_data)
            except services.NeedError as error:
                form.add_error(None, f"Erreur : {error}")
            else:
                messages.success(
                    request,
                    "Votre besoin est publié. Les intervenant·es-pairs qui lui correspondent "
                    "vont être prévenu·es.",
                )
                return redirect("directory:need", need.pk)
    else:
        form = NeedForm()
    return render(request, "directory/needs/create.html", {"form": form})


@needs_access_required
@require_http_methods(["GET"])
def need_detail(request, pk):
    need = get_object_or_404(Need.objects.select_related("commune", "author__organisation"), pk=pk)
    if need.author_id == request.user.pk:
        context = {"need": need, **_need_item(need), "is_open": need.is_open()}
        context["responses"] = list(
            NeedResponse.objects.filter(need=need).select_related("profile__home_commune")
        )
        return render(request, "directory/needs/detail_author.html", context)
    profile = peer_reader(request.user)
    if profile is None:
        raise Http404
    form = NeedAnswerForm() if need.is_open() else None
    return render_peer_need(request, need, profile, form)


def peer_reader(user):
    """The listed profile through which a peer worker reads needs; None for anyone else (another
    employer's need gets the same answer as a missing one)."""
    if is_employer(user):
        return None
    return responder_profile(user)


def render_peer_need(request, need, profile, form):
    """A need as a peer worker reads it, with the answer form (posted to the conversations,
    which open a thread from it: directory/contacts/need_views.py)."""
    context = {"need": need, **_need_item(need), "is_open": need.is_open()}
    answered = NeedResponse.objects.filter(need=need, profile=profile).first()
    if not context["is_open"] and answered is None:
        raise Http404
    try:
        organisation = need.author.organisation
    except ObjectDoesNotExist:
        organisation = None
    context.update(
        profile=profile,
        answered=answered,
        form=form if answered is None else None,
        organisation=organisation,
    )
    return render(request, "directory/needs/detail_peer.html", context)


@employer_required
@require_http_methods(["GET", "POST"])
def need_close(request, pk):
    need = get_object_or_404(Need.objects.select_related("commune"), pk=pk, author=request.user)
    if request.method == "POST":
        services.close_need(need)
        messages.success(request, f"Le besoin « {need.title} » est fermé.")
        return redirect("directory:needs")
    return render(
        request,
        "directory/needs/close.html",
        {"need": need, "form": ConfirmForm(), **_need_item(need)},
    )
