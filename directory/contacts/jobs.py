"""Daily jobs of the contact requests (reminders, expiry with suggestions, follow-ups, purge).
Idempotent: a ContactReminder row, unique per request and kind, is the claim."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from directory.profiles import choices
from directory.profiles.models import PublishedProfile
from directory.search.filters import DirectoryFilterSet
from epop.notifications.preferences import wants

from .eligibility import (
    EXPIRE_AFTER,
    FOLLOW_UP_AFTER_ACCEPTANCE,
    FOLLOW_UP_AFTER_DATE,
    REMIND_AFTER,
    SUGGESTIONS,
    retention,
)
from .mail import absolute_url, send_mail, thread_context
from .models import (
    ContactBlock,
    ContactMessage,
    ContactReminder,
    ContactRequest,
)
from .notifications import ANSWER, FOLLOW_UP, NEW_REQUEST

Status = ContactRequest.Status
Kind = ContactMessage.Kind

logger = logging.getLogger(__name__)


# --- Suggestions ----------------------------------------------------------------------------------


def similar_profiles(contact, limit=SUGGESTIONS) -> list[PublishedProfile]:
    """Listed, available profiles offering the same intervention type near the request's commune
    (or working remotely for a remote request), with the directory's own search and ranking."""
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


def claim(contact, kind) -> bool:
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
            if contact is None or not claim(contact, ContactReminder.Kind.REMINDER):
                continue
            peer = contact.profile.user
            if peer.is_active and wants(peer, NEW_REQUEST.key):
                send_mail(
                    peer,
                    "Une demande de mise en relation attend votre réponse",
                    "contact_reminder",
                    {**thread_context(contact), "expires_on": contact.created_at + EXPIRE_AFTER},
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
            contact.add_message(
                None,
                Kind.SYSTEM,
                "Cette demande a expiré : elle est restée 30 jours sans réponse.",
                None,
                now,
            )
            contact.save(update_fields=["status", "expired_at", "last_message_at"])
            expired += 1
            if not claim(contact, ContactReminder.Kind.EXPIRY):
                continue
            employer = contact.employer
            if employer.is_active and wants(employer, ANSWER.key):
                suggestions = [
                    {"profile": profile, "url": absolute_url("directory:profile", profile.pk)}
                    for profile in similar_profiles(contact)
                ]
                send_mail(
                    employer,
                    "Votre demande de mise en relation a expiré",
                    "contact_expired",
                    {
                        **thread_context(contact),
                        "suggestions": suggestions,
                        "search_url": absolute_url("directory:home"),
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
            if contact is None or not claim(contact, ContactReminder.Kind.FOLLOW_UP):
                continue
            contact.followup_asked_at = now
            contact.save(update_fields=["followup_asked_at"])
            employer = contact.employer
            if employer.is_active and wants(employer, FOLLOW_UP.key):
                send_mail(
                    employer,
                    "L'intervention a-t-elle eu lieu ?",
                    "contact_followup",
                    thread_context(contact),
                    dedup_key=f"contact.suivi:{contact.pk}",
                )
                sent += 1
    return sent


def purge_old_requests(now=None) -> int:
    """Delete conversations whose last activity is older than the retention period."""
    now = now or timezone.now()
    deleted, _ = ContactRequest.objects.filter(last_message_at__lt=now - retention()).delete()
    return deleted
