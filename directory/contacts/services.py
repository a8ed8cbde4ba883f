"""Every write of the contact requests (« mises en relation »), one transaction each.

Mail goes through the outbox: `enqueue_email()` writes its row inside the same transaction as the
request or message it is about, and publishes the delivery task only once that transaction has
committed. A rollback therefore sends nothing, a broker outage delays the mail without losing it,
and each mail has a dedup key so a retried call or a second run of a daily job queues nothing new.

The site's inbox never depends on mail: a request, a message or an expiry is always in the thread,
whatever the recipient's notification preferences say; preferences only decide the e-mail.

Rules (domain.md §4; who may send is in eligibility.py):

- a thread is read and written by its two participants only; anyone else gets the same answer as
  for a thread that does not exist;
- nothing here ever rates a peer worker: the follow-up feeds aggregated counts only.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone

from epop.accounts.models import Organisation, User
from epop.notifications.preferences import wants

from .eligibility import (
    DAILY_LIMIT,
    DAILY_WINDOW,
    NOT_ACCEPTING,
    PER_PEER_LIMIT,
    PER_PEER_WINDOW,
    ContactError,
    ContactUnavailable,
    LimitReached,
    call_state,
    is_blocked,
    listed_profile,
)
from .mail import send_mail, thread_context
from .models import (
    ContactMessage,
    ContactRequest,
    DeclineReason,
    FollowUpOutcome,
)
from .notifications import ANSWER, NEW_MESSAGE, NEW_REQUEST

Status = ContactRequest.Status
Kind = ContactMessage.Kind

logger = logging.getLogger(__name__)


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
            send_mail(
                peer,
                "Nouvelle demande de mise en relation sur EPoP",
                "contact_new_request",
                thread_context(contact),
                dedup_key=f"contact.nouvelle_demande:{contact.pk}",
            )
    return Sent(contact, created=True)


# --- The thread -----------------------------------------------------------------------------------


def threads_for(user):
    return ContactRequest.objects.for_participant(user)


def participant_request(user, request_id, *, role=None) -> ContactRequest:
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
        contact = participant_request(user, request_id)
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
    send_mail(
        recipient,
        subject,
        template,
        {**thread_context(contact), "message": message},
        dedup_key=f"contact.message:{message.pk}",
    )


def post_message(user, request_id, body: str, token=None) -> ContactMessage:
    """A message in the thread, from either participant. The peer worker's first message is
    their first answer (status « répondue », links become clickable)."""
    with transaction.atomic():
        contact = participant_request(user, request_id)
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
        message = contact.add_message(user, Kind.MESSAGE, body, token, now)
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
        contact = participant_request(user, request_id, role="peer")
        if _existing(user, token) is not None:
            return contact
        if not contact.is_undecided:
            raise ContactError("Vous avez déjà répondu à cette demande, ou elle est close.")
        now = timezone.now()
        message = contact.add_message(
            user, Kind.ACCEPT, body or "J'accepte votre demande.", token, now
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
        contact = participant_request(user, request_id, role="peer")
        if _existing(user, token) is not None:
            return contact
        if not contact.is_undecided:
            raise ContactError("Vous avez déjà répondu à cette demande, ou elle est close.")
        now = timezone.now()
        text = DeclineReason(reason).label + "."
        if body:
            text += "\n\n" + body
        message = contact.add_message(user, Kind.DECLINE, text, token, now)
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
        contact = participant_request(user, request_id, role="employer")
        if contact.status != Status.ACCEPTED:
            raise ContactError("Cette question ne concerne que les demandes acceptées.")
        contact.outcome = outcome
        contact.outcome_at = timezone.now()
        contact.save(update_fields=["outcome", "outcome_at"])
    return contact
