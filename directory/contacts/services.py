"""Every write of the contact requests (« mises en relation »), one transaction each.

Mail goes through the outbox: `enqueue_email()` writes its row inside the same transaction as the
request or message it is about, and publishes the delivery task only once that transaction has
committed. A rollback therefore sends nothing, a broker outage delays the mail without losing it,
and each mail has a dedup key so a retried call or a second run of a daily job queues nothing new.

The site's inbox never depends on mail: a request, a message or an expiry is always in the thread,
whatever the recipient's notification preferences say; preferences only decide the e-mail.

Rules (domain.md §4, rules 4, 5 and 7):

- only an active employer account with a verified address and an organisation sends requests,
  only to a publicly listed profile, never to a paused one or one that stopped this employer;
- at most `DAILY_LIMIT` requests per employer in 24 hours and `PER_PEER_LIMIT` to the same peer
  worker in 30 days; a refused request creates nothing;
- a thread is read and written by its two participants only; anyone else gets the same answer as
  for a thread that does not exist;
- nothing here ever rates a peer worker: the follow-up feeds aggregated counts only.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone

from epop.accounts.models import Organisation, User
from epop.accounts.permissions import coordinated_regions_q, is_employer
from epop.notifications import registry
from epop.notifications.preferences import wants
from epop.notifications.registry import Frequency, NotificationType
from epop.notifications.services import enqueue_email

from . import choices
from .contact_models import (
    ContactBlock,
    ContactMessage,
    ContactReminder,
    ContactReport,
    ContactRequest,
    DeclineReason,
    FollowUpOutcome,
)
from .models import PublishedProfile
from .queue import coordinators_for_region

logger = logging.getLogger(__name__)

Status = ContactRequest.Status
Kind = ContactMessage.Kind

DAILY_LIMIT = 10
DAILY_WINDOW = timedelta(hours=24)
PER_PEER_LIMIT = 3
PER_PEER_WINDOW = timedelta(days=30)
REMIND_AFTER = timedelta(days=7)
EXPIRE_AFTER = timedelta(days=30)
# The follow-up goes this long after the last desired date, or FOLLOW_UP_AFTER_ACCEPTANCE after
# the acceptance when the employer gave no date.
FOLLOW_UP_AFTER_DATE = timedelta(days=7)
FOLLOW_UP_AFTER_ACCEPTANCE = timedelta(days=30)
SUGGESTIONS = 3


def retention() -> timedelta:
    """How long a conversation is kept after its last activity (audit trail, then deletion)."""
    return timedelta(days=getattr(settings, "EPOP_CONTACT_RETENTION_DAYS", 3 * 365))


# --- Notification types ---------------------------------------------------------------------------

NEW_REQUEST = registry.register(
    NotificationType(
        key="contact.nouvelle_demande",
        label="Nouvelles demandes de mise en relation",
        description=(
            "Pour les intervenant·es-pairs. Un e-mail quand un employeur vous envoie une "
            "demande, et un rappel si elle attend votre réponse depuis 7 jours. Les demandes "
            "restent toujours dans vos messages sur le site."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.PEER_WORKER,),
    )
)
NEW_MESSAGE = registry.register(
    NotificationType(
        key="contact.message",
        label="Nouveaux messages des employeurs",
        description=(
            "Pour les intervenant·es-pairs. Un e-mail quand un employeur vous écrit dans une "
            "conversation, au plus un entre deux visites de la conversation."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.PEER_WORKER,),
    )
)
ANSWER = registry.register(
    NotificationType(
        key="contact.reponse",
        label="Réponses à mes demandes de mise en relation",
        description=(
            "Pour les employeurs. Un e-mail quand l'intervenant·e-pair vous répond, accepte ou "
            "décline votre demande, ou quand la demande expire sans réponse. Les réponses "
            "restent toujours dans vos messages sur le site."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.EMPLOYER,),
    )
)
FOLLOW_UP = registry.register(
    NotificationType(
        key="contact.suivi",
        label="Suivi après une demande acceptée",
        description=(
            "Pour les employeurs. Une question après une demande acceptée : l'intervention "
            "a-t-elle eu lieu ? Les réponses servent seulement à des statistiques anonymes."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.EMPLOYER,),
    )
)
REPORT = registry.register(
    NotificationType(
        key="contact.signalement",
        label="Coordination : messages signalés",
        description=(
            "Pour les équipes de coordination. Un e-mail quand un message d'une mise en "
            "relation de vos régions est signalé."
        ),
        frequencies=(Frequency.IMMEDIATE,),
        default=Frequency.IMMEDIATE,
        switchable=False,
        always_sent_reason=(
            "Un signalement peut concerner la sécurité d'une personne : l'équipe doit le "
            "savoir tout de suite."
        ),
        audiences=(User.Kind.COORDINATOR,),
    )
)


# --- Errors ---------------------------------------------------------------------------------------


class ContactError(Exception):
    """An action that is not possible now; the message is French and shown to the user."""


class ContactUnavailable(ContactError):
    """This viewer cannot send a request to this profile; `code` says why (see `CallState`)."""

    def __init__(self, state: "CallState"):
        super().__init__(state.message)
        self.state = state


class LimitReached(ContactError):
    """A rate limit; nothing was created."""


# --- Who may send ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallState:
    code: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.code == "ok"


NOT_ACCEPTING = (
    "Cette personne n'accepte pas de nouvelles demandes pour le moment. Vous pouvez chercher "
    "un·e autre intervenant·e-pair dans l'annuaire."
)


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def is_blocked(peer_user_id, employer) -> bool:
    return ContactBlock.objects.filter(peer_worker_id=peer_user_id, employer=employer).exists()


def call_state(user, published: PublishedProfile, today=None) -> CallState:
    """What this viewer may do about contacting this (listed) profile.

    Codes: « anonymous », « not_employer », « unverified », « no_organisation », « paused »,
    « not_accepting » and « ok ». The template `directory/contact/contact_call.html` turns each
    into a call to action.
    """
    # A pause concerns every visitor: nobody needs to sign in to learn it (domain rule 7).
    if published.is_paused(today):
        until = published.paused_until
        when = f" jusqu'au {formats.date_format(until, 'j F Y')}" if until else ""
        return CallState(
            "paused",
            f"Cette personne a mis son activité en pause{when}. Elle ne reçoit pas de demande "
            "pendant sa pause.",
        )
    if not getattr(user, "is_authenticated", False):
        return CallState("anonymous", "Connectez-vous avec un compte employeur pour écrire.")
    if not is_employer(user):
        return CallState(
            "not_employer",
            "Les demandes de mise en relation sont réservées aux comptes employeur : "
            "structures, entreprises, collectivités, familles ou particuliers.",
        )
    if not has_verified_email(user):
        return CallState(
            "unverified",
            "Confirmez d'abord votre adresse e-mail : cliquez sur le lien du message que nous "
            "vous avons envoyé, ou demandez un nouveau lien.",
        )
    if not Organisation.objects.filter(user=user).exists():
        return CallState(
            "no_organisation",
            "Présentez d'abord votre structure (son nom et son type) : ces informations sont "
            "jointes à chaque demande. Vous ne le faites qu'une fois.",
        )
    if is_blocked(published.profile.user_id, user):
        return CallState("not_accepting", NOT_ACCEPTING)
    return CallState("ok")


def listed_profile(profile_id) -> PublishedProfile:
    """The public profile, or PublishedProfile.DoesNotExist exactly as the public page answers
    for a profile that is unvalidated, hidden by a pause, stale or missing."""
    return (
        PublishedProfile.objects.listed()
        .select_related("profile__user", "home_commune")
        .get(pk=profile_id)
    )


# --- Mail -----------------------------------------------------------------------------------------


def _url(name, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _mail(user, subject, template, context, dedup_key) -> None:
    """Queue one mail in the current transaction. Subjects never carry names or content."""
    body = render_to_string(
        f"directory/emails/{template}.txt",
        {**context, "preferences_url": _url("notifications:preferences")},
    )
    enqueue_email(to=[user.email], subject=subject, body=body, dedup_key=dedup_key)


def _thread_context(contact):
    return {"contact": contact, "thread_url": _url("directory:contact_thread", contact.pk)}


# --- Sending a request ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    request: ContactRequest
    created: bool


def _check_limits(employer, profile, now) -> None:
    recent = ContactRequest.objects.filter(employer=employer, created_at__gt=now - DAILY_WINDOW)
    times = list(recent.order_by("created_at").values_list("created_at", flat=True))
    if len(times) >= DAILY_LIMIT:
        next_at = timezone.localtime(times[len(times) - DAILY_LIMIT] + DAILY_WINDOW)
        raise LimitReached(
            f"Vous avez déjà envoyé {DAILY_LIMIT} demandes en 24 heures : c'est le maximum. "
            f"Vous pourrez en envoyer une nouvelle à partir du "
            f"{formats.date_format(next_at, 'j F Y à H:i')}. Cette limite protège les "
            "intervenant·es-pairs des envois en nombre."
        )
    to_peer = ContactRequest.objects.filter(
        employer=employer, profile=profile, created_at__gt=now - PER_PEER_WINDOW
    ).count()
    if to_peer >= PER_PEER_LIMIT:
        raise LimitReached(
            f"Vous avez déjà envoyé {PER_PEER_LIMIT} demandes à cette personne en 30 jours : "
            "c'est le maximum. Attendez sa réponse, ou écrivez-lui dans une conversation en "
            "cours depuis vos messages."
        )


def send_request(employer, profile_id, data: dict, token) -> Sent:
    """Create a request and its first message, and notify the peer worker.

    `token` is the form's hidden idempotency token: posting the same form twice (a double click,
    a reload) returns the first request with `created=False` and creates nothing. Raises
    PublishedProfile.DoesNotExist (show a 404), ContactUnavailable or LimitReached.
    """
    with transaction.atomic():
        # One employer's sends are serialised: the token check and the limits below cannot be
        # raced by two requests in flight at once.
        User.objects.select_for_update().filter(pk=employer.pk).first()
        existing = ContactRequest.objects.filter(employer=employer, token=token).first()
        if existing is not None:
            return Sent(existing, created=False)
        published = listed_profile(profile_id)
        state = call_state(employer, published)
        if not state.ok:
            raise ContactUnavailable(state)
        profile = published.profile
        now = timezone.now()
        _check_limits(employer, profile, now)
        organisation = Organisation.objects.get(user=employer)
        remote = data["place"] == ContactRequest.Place.REMOTE
        contact = ContactRequest.objects.create(
            employer=employer,
            profile=profile,
            region_id=published.region,
            token=token,
            intervention_type=data["intervention_type"],
            description=data["description"],
            sector=data["sector"],
            audiences=list(data["audiences"]),
            format=data["format"],
            place=data["place"],
            commune=None if remote else data["commune"],
            date_start=data.get("date_start"),
            date_end=data.get("date_end"),
            dates_text=data.get("dates_text", ""),
            budget_amount=data.get("budget_amount"),
            organisation_name=organisation.name,
            organisation_kind=organisation.kind,
            organisation_siret=organisation.siret,
            created_at=now,
            last_message_at=now,
            employer_seen_at=now,
        )
        ContactMessage.objects.create(
            request=contact,
            author=employer,
            kind=Kind.REQUEST,
            body=data["message"],
            created_at=now,
        )
        peer = profile.user
        if wants(peer, NEW_REQUEST.key):
            _mail(
                peer,
                "Nouvelle demande de mise en relation sur EPoP",
                "contact_new_request",
                _thread_context(contact),
                dedup_key=f"contact.nouvelle_demande:{contact.pk}",
            )
    return Sent(contact, created=True)


# --- The thread -----------------------------------------------------------------------------------


def threads_for(user):
    return ContactRequest.objects.for_participant(user)


def _participant_request(user, request_id, *, role=None) -> ContactRequest:
    """The request, locked, if `user` takes part in it (as `role` when given); otherwise
    ContactRequest.DoesNotExist, the same answer as for a request that does not exist."""
    contact = (
        ContactRequest.objects.for_participant(user)
        .select_for_update(of=("self",))
        .select_related("profile__user", "profile__published", "employer", "commune")
        .get(pk=request_id)
    )
    if role is not None and contact.role_of(user) != role:
        raise ContactRequest.DoesNotExist
    return contact


def open_thread(user, request_id) -> ContactRequest:
    """Record a visit: the peer worker's first visit marks the request read."""
    with transaction.atomic():
        contact = _participant_request(user, request_id)
        now = timezone.now()
        if contact.role_of(user) == "peer":
            fields = ["peer_seen_at"]
            contact.peer_seen_at = now
            if contact.status == Status.SENT:
                contact.status = Status.READ
                contact.read_at = now
                fields += ["status", "read_at"]
        else:
            fields = ["employer_seen_at"]
            contact.employer_seen_at = now
        contact.save(update_fields=fields)
    return contact


def _existing(author, token):
    if token is None:
        return None
    return ContactMessage.objects.filter(author=author, token=token).first()


def _add_message(contact, author, kind, body, token, now) -> ContactMessage:
    message = ContactMessage.objects.create(
        request=contact, author=author, kind=kind, body=body, token=token, created_at=now
    )
    contact.last_message_at = now
    return message


def _first_answer(contact, now) -> list[str]:
    if contact.answered_at is None:
        contact.answered_at = now
        return ["answered_at"]
    return []


def _notify_other_side(contact, author_role, message, *, decision=False) -> None:
    """Mail the other participant. Plain messages mail at most once between two visits: if an
    earlier message of this author is still unread, the recipient has already been told."""
    if author_role == "peer":
        recipient, key, seen_at = contact.employer, ANSWER.key, contact.employer_seen_at
    else:
        recipient, key, seen_at = contact.profile.user, NEW_MESSAGE.key, contact.peer_seen_at
    if not wants(recipient, key):
        return
    if not decision:
        earlier_unread = contact.messages.filter(author=message.author).exclude(pk=message.pk)
        if seen_at is not None:
            earlier_unread = earlier_unread.filter(created_at__gt=seen_at)
        if earlier_unread.exists():
            return
    if author_role == "peer":
        subjects = {
            Kind.ACCEPT: "Votre demande de mise en relation est acceptée",
            Kind.DECLINE: "Réponse à votre demande de mise en relation",
        }
        subject = subjects.get(
            message.kind, "Nouveau message sur votre demande de mise en relation"
        )
        template = "contact_answer"
    else:
        subject, template = "Nouveau message dans une mise en relation", "contact_message"
    _mail(
        recipient,
        subject,
        template,
        {**_thread_context(contact), "message": message},
        dedup_key=f"contact.message:{message.pk}",
    )


def post_message(user, request_id, body: str, token=None) -> ContactMessage:
    """A message in the thread, from either participant. The peer worker's first message is
    their first answer (status « répondue », links become clickable)."""
    with transaction.atomic():
        contact = _participant_request(user, request_id)
        existing = _existing(user, token)
        if existing is not None:
            return existing
        role = contact.role_of(user)
        if contact.is_closed:
            raise ContactError(
                "Cette demande est close : vous ne pouvez plus écrire dans cette conversation."
            )
        if role == "employer" and is_blocked(contact.profile.user_id, user):
            raise ContactError(NOT_ACCEPTING)
        now = timezone.now()
        message = _add_message(contact, user, Kind.MESSAGE, body, token, now)
        fields = ["last_message_at"]
        if role == "peer":
            fields += _first_answer(contact, now)
            contact.peer_seen_at = now
            fields.append("peer_seen_at")
            if contact.status in ContactRequest.WAITING:
                contact.status = Status.ANSWERED
                fields.append("status")
        else:
            contact.employer_seen_at = now
            fields.append("employer_seen_at")
        contact.save(update_fields=fields)
        _notify_other_side(contact, role, message)
    return message


def accept(user, request_id, body: str = "", token=None) -> ContactRequest:
    with transaction.atomic():
        contact = _participant_request(user, request_id, role="peer")
        if _existing(user, token) is not None:
            return contact
        if not contact.is_undecided:
            raise ContactError("Vous avez déjà répondu à cette demande, ou elle est close.")
        now = timezone.now()
        message = _add_message(
            contact, user, Kind.ACCEPT, body or "J'accepte votre demande.", token, now
        )
        contact.status = Status.ACCEPTED
        contact.decided_at = contact.peer_seen_at = now
        fields = ["status", "decided_at", "peer_seen_at", "last_message_at"]
        fields += _first_answer(contact, now)
        contact.save(update_fields=fields)
        _notify_other_side(contact, "peer", message, decision=True)
    return contact


def decline(user, request_id, reason: str, body: str = "", token=None) -> ContactRequest:
    if reason not in DeclineReason.values:
        raise ContactError("Choisissez une raison dans la liste.")
    with transaction.atomic():
        contact = _participant_request(user, request_id, role="peer")
        if _existing(user, token) is not None:
            return contact
        if not contact.is_undecided:
            raise ContactError("Vous avez déjà répondu à cette demande, ou elle est close.")
        now = timezone.now()
        text = DeclineReason(reason).label + "."
        if body:
            text += "\n\n" + body
        message = _add_message(contact, user, Kind.DECLINE, text, token, now)
        contact.status = Status.DECLINED
        contact.decline_reason = reason
        contact.decided_at = contact.peer_seen_at = now
        fields = ["status", "decline_reason", "decided_at", "peer_seen_at", "last_message_at"]
        fields += _first_answer(contact, now)
        contact.save(update_fields=fields)
        _notify_other_side(contact, "peer", message, decision=True)
    return contact


def record_outcome(user, request_id, outcome: str) -> ContactRequest:
    """The employer's answer to « l'intervention a-t-elle eu lieu ? ». Anonymous counts only."""
    if outcome not in FollowUpOutcome.values:
        raise ContactError("Choisissez une réponse dans la liste.")
    with transaction.atomic():
        contact = _participant_request(user, request_id, role="employer")
        if contact.status != Status.ACCEPTED:
            raise ContactError("Cette question ne concerne que les demandes acceptées.")
        contact.outcome = outcome
        contact.outcome_at = timezone.now()
        contact.save(update_fields=["outcome", "outcome_at"])
    return contact


# --- Safety: reports and blocks -------------------------------------------------------------------


def report_message(user, request_id, message_id, reason: str, details: str = "") -> ContactReport:
    """Report a message to the coordinators of the peer worker's region (a copy of the text goes
    with the report; the thread stays private). Reporting the same message twice keeps one."""
    with transaction.atomic():
        contact = _participant_request(user, request_id)
        message = contact.messages.exclude(author=user).exclude(kind=Kind.SYSTEM).get(pk=message_id)
        report, created = ContactReport.objects.get_or_create(
            message=message,
            reporter=user,
            defaults={
                "request": contact,
                "region": contact.region,
                "reason": reason,
                "details": details,
                "message_text": message.body,
            },
        )
        if created:
            context = {"report": report, "reports_url": _url("directory:contact_reports")}
            for coordinator in coordinators_for_region(contact.region).only("pk", "email"):
                _mail(
                    coordinator,
                    "Un message a été signalé dans une mise en relation",
                    "contact_report",
                    context,
                    dedup_key=f"contact.signalement:{report.pk}:{coordinator.pk}",
                )
    return report


def reports_for(user):
    """Reports a coordinator may read: those of the regions they coordinate."""
    return (
        ContactReport.objects.filter(coordinated_regions_q(user, "region"))
        .select_related("region", "request__profile")
        .order_by("-created_at", "-pk")
    )


def block_employer(user, request_id) -> ContactBlock:
    """The peer worker stops new requests and messages from this thread's employer."""
    with transaction.atomic():
        contact = _participant_request(user, request_id, role="peer")
        block, _ = ContactBlock.objects.get_or_create(
            peer_worker=user, employer_id=contact.employer_id
        )
    return block


def unblock_employer(user, request_id) -> None:
    with transaction.atomic():
        contact = _participant_request(user, request_id, role="peer")
        ContactBlock.objects.filter(peer_worker=user, employer_id=contact.employer_id).delete()


# --- Suggestions ----------------------------------------------------------------------------------


def similar_profiles(contact, limit=SUGGESTIONS) -> list[PublishedProfile]:
    """Listed, available profiles offering the same intervention type near the request's commune
    (or working remotely for a remote request), with the directory's own search and ranking."""
    from .filters import DirectoryFilterSet

    blocked_by = ContactBlock.objects.filter(employer_id=contact.employer_id).values("peer_worker")
    queryset = (
        PublishedProfile.objects.listed()
        .exclude(pk=contact.profile_id)
        .exclude(profile__user__in=blocked_by)
        .select_related("home_commune")
    )
    data = {
        "intervention": [contact.intervention_type],
        "availability": [choices.Availability.DISPONIBLE, choices.Availability.LIMITEE],
    }
    if contact.commune_id:
        data["commune"] = contact.commune_id
        if contact.format != choices.Format.PRESENTIEL:
            data["remote"] = "on"
    else:
        queryset = queryset.filter(remote=True)
    search = DirectoryFilterSet(data=data, queryset=queryset)
    if not search.is_valid():
        return []
    return list(search.qs[:limit])


# --- Daily jobs -----------------------------------------------------------------------------------


def _claim(contact, kind) -> bool:
    """Record that this reminder goes out; False if it already did. Inside the transaction that
    writes the outbox row, so both exist or neither does."""
    try:
        with transaction.atomic():
            ContactReminder.objects.create(request=contact, kind=kind)
    except IntegrityError:
        return False
    return True


def _locked_in(request_id, **conditions):
    return (
        ContactRequest.objects.select_for_update(of=("self",))
        .select_related("profile__user", "profile__published", "employer", "commune")
        .filter(pk=request_id, **conditions)
        .first()
    )


def send_reminders(now=None) -> int:
    """Remind the peer worker once of a request waiting for 7 days. Idempotent."""
    now = now or timezone.now()
    due = ContactRequest.objects.filter(
        status__in=ContactRequest.WAITING,
        created_at__lte=now - REMIND_AFTER,
        created_at__gt=now - EXPIRE_AFTER,
    ).exclude(reminders__kind=ContactReminder.Kind.REMINDER)
    sent = 0
    for request_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            contact = _locked_in(request_id, status__in=ContactRequest.WAITING)
            if contact is None or not _claim(contact, ContactReminder.Kind.REMINDER):
                continue
            peer = contact.profile.user
            if peer.is_active and wants(peer, NEW_REQUEST.key):
                _mail(
                    peer,
                    "Une demande de mise en relation attend votre réponse",
                    "contact_reminder",
                    {**_thread_context(contact), "expires_on": contact.created_at + EXPIRE_AFTER},
                    dedup_key=f"contact.relance:{contact.pk}",
                )
                sent += 1
    return sent


def expire_requests(now=None) -> int:
    """Close requests left 30 days without an answer; tell the employer once, with up to three
    similar profiles. Idempotent."""
    now = now or timezone.now()
    due = ContactRequest.objects.filter(
        status__in=ContactRequest.WAITING, created_at__lte=now - EXPIRE_AFTER
    )
    expired = 0
    for request_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            contact = _locked_in(request_id, status__in=ContactRequest.WAITING)
            if contact is None:
                continue
            contact.status = Status.EXPIRED
            contact.expired_at = now
            _add_message(
                contact,
                None,
                Kind.SYSTEM,
                "Cette demande a expiré : elle est restée 30 jours sans réponse.",
                None,
                now,
            )
            contact.save(update_fields=["status", "expired_at", "last_message_at"])
            expired += 1
            if not _claim(contact, ContactReminder.Kind.EXPIRY):
                continue
            employer = contact.employer
            if employer.is_active and wants(employer, ANSWER.key):
                suggestions = [
                    {"profile": profile, "url": _url("directory:profile", profile.pk)}
                    for profile in similar_profiles(contact)
                ]
                _mail(
                    employer,
                    "Votre demande de mise en relation a expiré",
                    "contact_expired",
                    {
                        **_thread_context(contact),
                        "suggestions": suggestions,
                        "search_url": _url("directory:home"),
                    },
                    dedup_key=f"contact.expiration:{contact.pk}",
                )
    return expired


def followups_due(now=None):
    now = now or timezone.now()
    last_date = timezone.localdate(now) - FOLLOW_UP_AFTER_DATE
    return ContactRequest.objects.filter(
        status=Status.ACCEPTED, outcome="", followup_asked_at__isnull=True
    ).filter(
        Q(date_end__lte=last_date)
        | Q(date_end__isnull=True, date_start__lte=last_date)
        | Q(
            date_end__isnull=True,
            date_start__isnull=True,
            decided_at__lte=now - FOLLOW_UP_AFTER_ACCEPTANCE,
        )
    )


def send_followups(now=None) -> int:
    """Ask the employer once whether an accepted intervention took place. Idempotent."""
    now = now or timezone.now()
    sent = 0
    for request_id in followups_due(now).values_list("pk", flat=True):
        with transaction.atomic():
            contact = _locked_in(request_id, status=Status.ACCEPTED, followup_asked_at__isnull=True)
            if contact is None or not _claim(contact, ContactReminder.Kind.FOLLOW_UP):
                continue
            contact.followup_asked_at = now
            contact.save(update_fields=["followup_asked_at"])
            employer = contact.employer
            if employer.is_active and wants(employer, FOLLOW_UP.key):
                _mail(
                    employer,
                    "L'intervention a-t-elle eu lieu ?",
                    "contact_followup",
                    _thread_context(contact),
                    dedup_key=f"contact.suivi:{contact.pk}",
                )
                sent += 1
    return sent


def purge_old_requests(now=None) -> int:
    """Delete conversations whose last activity is older than the retention period."""
    now = now or timezone.now()
    deleted, _ = ContactRequest.objects.filter(last_message_at__lt=now - retention()).delete()
    return deleted
