"""Contact requests: the request form, the inboxes, the threads, reports and indicators.

Thin: parse, call `services`, render. Whoever is not part of a thread gets the same 404
as for a thread that does not exist, and a profile that is not public gets the same 404 as its
public page: nothing tells a visitor whether a hidden profile or someone else's thread exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from epop.accounts.models import Organisation
from epop.accounts.permissions import is_coordinator

from . import eligibility, safety, services
from . import stats as contact_stats
from .forms import AcceptForm, ContactRequestForm, DeclineForm, MessageForm, OutcomeForm, ReportForm
from .models import ContactBlock, ContactMessage, ContactRequest, FollowUpOutcome

INBOX_PAGE_SIZE = 30


# --- Sending a request ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_form(request, pk):
    try:
        published = eligibility.listed_profile(pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    state = eligibility.call_state(request.user, published)
    if state.code == "no_organisation":
        messages.info(request, state.message)
        url = reverse("accounts:organisation") + "?" + urlencode({"next": request.path})
        return redirect(url)
    if not state.ok:
        return _unavailable(request, published, state)

    organisation = Organisation.objects.get(user=request.user)
    form = ContactRequestForm(request.POST or None, profile=published, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.send_request(request.user, published.pk, data, data["token"])
        except ObjectDoesNotExist:
            raise Http404 from None
        except eligibility.ContactUnavailable as refused:
            return _unavailable(request, published, refused.state)
        except eligibility.LimitReached as limit:
            form.add_error(None, str(limit))
        else:
            if sent.created:
                messages.success(
                    request,
                    "Votre demande est envoyée. Vous trouverez la réponse ici, dans vos messages, "
                    "et nous vous préviendrons par e-mail.",
                )
            return redirect("directory:contact_thread", sent.request.pk)
    return render(
        request,
        "directory/contact/request_form.html",
        {"form": form, "profile": published, "organisation": organisation},
    )


def _unavailable(request, published, state):
    return render(
        request,
        "directory/contact/unavailable.html",
        {"profile": published, "state": state},
        status=403,
    )


# --- Inboxes --------------------------------------------------------------------------------------


def _with_unread(queryset, user):
    """Annotate `unread`: messages from the other side (or the platform) after the user's last
    visit, counted in the list's own query."""
    not_mine = ~Q(messages__author=user)
    as_employer = Q(employer=user) & (
        Q(employer_seen_at__isnull=True) | Q(messages__created_at__gt=F("employer_seen_at"))
    )
    as_peer = Q(profile__user=user) & (
        Q(peer_seen_at__isnull=True) | Q(messages__created_at__gt=F("peer_seen_at"))
    )
    return queryset.annotate(unread=Count("messages", filter=not_mine & (as_employer | as_peer)))


@login_required
def inbox(request):
    threads = _with_unread(
        services.threads_for(request.user).select_related("profile__published", "commune"),
        request.user,
    ).order_by("-last_message_at", "-pk")
    page = Paginator(threads, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    unread_threads = sum(1 for thread in page if thread.unread)
    return render(
        request,
        "directory/contact/inbox.html",
        {"page": page, "unread_threads": unread_threads},
    )


# --- The thread -----------------------------------------------------------------------------------


def _participant_thread(user, pk) -> ContactRequest:
    try:
        return (
            services.threads_for(user)
            .select_related("profile__user", "profile__published", "employer", "commune")
            .get(pk=pk)
        )
    except ContactRequest.DoesNotExist:
        raise Http404 from None


@login_required
def thread(request, pk):
    try:
        contact = services.open_thread(request.user, pk)
    except ContactRequest.DoesNotExist:
        raise Http404 from None
    return _render_thread(request, contact)


def _thread_forms(contact, role) -> dict:
    forms = {}
    if contact.is_closed:
        return forms
    if role == "peer" and contact.is_undecided:
        forms["accept_form"] = AcceptForm(prefix="accepter")
        forms["decline_form"] = DeclineForm(prefix="decliner")
    forms["reply_form"] = MessageForm(prefix="message")
    if (
        role == "employer"
        and contact.status == ContactRequest.Status.ACCEPTED
        and contact.followup_asked_at is not None
        and contact.outcome not in (FollowUpOutcome.YES, FollowUpOutcome.NO)
    ):
        forms["outcome_form"] = OutcomeForm(prefix="suivi")
    return forms


def _render_thread(request, contact, failing=None, status=200):
    """The thread page. `failing` is a bound form with errors (name, form): it replaces the
    empty form of the same name and becomes `form`, so the title and summary show its errors."""
    role = contact.role_of(request.user)
    forms = _thread_forms(contact, role)
    context = {
        "contact": contact,
        "role": role,
        "thread_messages": list(contact.messages.select_related("author")),
        "clickable": contact.peer_has_answered,
        **forms,
    }
    if failing is not None:
        name, form = failing
        context[name] = form
        context["form"] = form
    if role == "peer":
        context["blocked"] = ContactBlock.objects.filter(
            peer_worker=request.user, employer_id=contact.employer_id
        ).exists()
    return render(request, "directory/contact/thread.html", context, status=status)


def _thread_post(request, pk, form_class, prefix, name, action, success, role=None):
    contact = _participant_thread(request.user, pk)
    if role is not None and contact.role_of(request.user) != role:
        raise Http404
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            action(contact, form.cleaned_data)
        except ContactRequest.DoesNotExist:
            raise Http404 from None
        except eligibility.ContactError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, success)
            return redirect("directory:contact_thread", contact.pk)
    return _render_thread(request, contact, failing=(name, form))


@login_required
@require_POST
def reply(request, pk):
    return _thread_post(
        request,
        pk,
        MessageForm,
        "message",
        "reply_form",
        lambda contact, data: services.post_message(
            request.user, contact.pk, data["body"], data["token"]
        ),
        "Votre message est envoyé.",
    )


@login_required
@require_POST
def accept(request, pk):
    return _thread_post(
        request,
        pk,
        AcceptForm,
        "accepter",
        "accept_form",
        lambda contact, data: services.accept(
            request.user, contact.pk, data["body"], data["token"]
        ),
        "Vous avez accepté la demande. L'employeur en est informé.",
        role="peer",
    )


@login_required
@require_POST
def decline(request, pk):
    return _thread_post(
        request,
        pk,
        DeclineForm,
        "decliner",
        "decline_form",
        lambda contact, data: services.decline(
            request.user, contact.pk, data["reason"], data["body"], data["token"]
        ),
        "Vous avez décliné la demande. L'employeur en est informé.",
        role="peer",
    )


@login_required
@require_POST
def outcome(request, pk):
    return _thread_post(
        request,
        pk,
        OutcomeForm,
        "suivi",
        "outcome_form",
        lambda contact, data: services.record_outcome(request.user, contact.pk, data["outcome"]),
        "Merci pour votre réponse.",
        role="employer",
    )


@login_required
@require_POST
def block(request, pk):
    try:
        safety.block_employer(request.user, pk)
    except ContactRequest.DoesNotExist:
        raise Http404 from None
    messages.success(
        request,
        "C'est fait : cet employeur ne peut plus vous envoyer de demande ni de message. "
        "Vous pouvez changer d'avis à tout moment depuis cette conversation.",
    )
    return redirect("directory:contact_thread", pk)


@login_required
@require_POST
def unblock(request, pk):
    try:
        safety.unblock_employer(request.user, pk)
    except ContactRequest.DoesNotExist:
        raise Http404 from None
    messages.success(request, "Cet employeur peut de nouveau vous envoyer des demandes.")
    return redirect("directory:contact_thread", pk)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk, message_pk):
    contact = _participant_thread(request.user, pk)
    try:
        reported = (
            contact.messages.exclude(author=request.user)
            .exclude(kind=ContactMessage.Kind.SYSTEM)
            .get(pk=message_pk)
        )
    except ContactMessage.DoesNotExist:
        raise Http404 from None
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            safety.report_message(
                request.user,
                contact.pk,
                reported.pk,
                form.cleaned_data["reason"],
                form.cleaned_data["details"],
            )
        except ObjectDoesNotExist:
            raise Http404 from None
        messages.success(
            request,
            "Merci. Votre signalement est transmis à l'équipe de coordination EPoP de la "
            "région, qui va le lire. La conversation reste privée : l'équipe ne reçoit que le "
            "message signalé.",
        )
        return redirect("directory:contact_thread", contact.pk)
    return render(
        request,
        "directory/contact/report_form.html",
        {
            "form": form,
            "contact": contact,
            "reported": reported,
            "role": contact.role_of(request.user),
            "clickable": contact.peer_has_answered,
        },
    )


# --- Coordinators ---------------------------------------------------------------------------------


def _coordinator_only(user):
    if not is_coordinator(user):
        raise Http404


@login_required
def indicators(request):
    _coordinator_only(request.user)
    rows = contact_stats.indicator_rows(request.user)
    return render(
        request,
        "directory/contact/indicators_page.html",
        {"rows": rows, "totals": contact_stats.totals(rows)},
    )


@login_required
def reports(request):
    _coordinator_only(request.user)
    page = Paginator(safety.reports_for(request.user), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "directory/contact/reports.html", {"page": page})
