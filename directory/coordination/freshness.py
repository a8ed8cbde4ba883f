"""Freshness (domain: a peer worker confirms their profile at least every 6 months, CONFIRM_EVERY;
after 9 months without confirmation, STALE_AFTER, the listing hides it). Counted from the last
confirmation (`PeerProfile.confirmed_at`, also set by each validation), the daily job sends:

- ``confirmation_1_mois`` from 152 days on (5 months; a month before the 6-month date),
- ``confirmation_1_semaine`` from 176 days on (5 months and 3 weeks; a week before),
- ``confirmation_retrait`` from 274 days on, when the profile has left the public directory.

Each at most once per confirmation cycle: a SentReminder row keyed by the confirmation date, made
in the same transaction as the outbox row. Each step has a window that ends where the next step
begins, so a job that did not run for a while sends the step that is true now, not a stale one.
"""

from dataclasses import dataclass
from datetime import UTC, timedelta

from django.db import transaction
from django.utils import timezone

from directory.profiles.models import CONFIRM_EVERY, STALE_AFTER, PeerProfile
from directory.profiles.notifications import absolute_url, send_mail
from epop.notifications.claims import claim
from epop.notifications.models import SentReminder
from epop.notifications.preferences import wants

from .notifications import CONFIRMATION_REMINDER

# --- Freshness reminders for peer workers --------------------------------------------------------


@dataclass(frozen=True)
class FreshnessStep:
    kind: str
    starts_after: timedelta  # time since the last confirmation
    ends_after: timedelta | None
    subject: str
    template: str


FRESHNESS_STEPS = (
    FreshnessStep(
        "confirmation_1_mois",
        CONFIRM_EVERY - timedelta(days=31),
        CONFIRM_EVERY - timedelta(days=7),
        "Votre profil EPoP : pensez à confirmer qu'il est à jour",
        "confirmation_reminder",
    ),
    FreshnessStep(
        "confirmation_1_semaine",
        CONFIRM_EVERY - timedelta(days=7),
        STALE_AFTER,
        "Votre profil EPoP : plus qu'une semaine pour confirmer qu'il est à jour",
        "confirmation_reminder",
    ),
    FreshnessStep(
        "confirmation_retrait",
        STALE_AFTER,
        None,
        "Votre profil n'est plus visible dans l'annuaire EPoP",
        "confirmation_expired",
    ),
)


def freshness_candidates(step: FreshnessStep, now):
    """Published profiles of active accounts whose last confirmation puts them in this step."""
    profiles = PeerProfile.objects.filter(
        published__isnull=False,
        user__is_active=True,
        confirmed_at__isnull=False,
        confirmed_at__lte=now - step.starts_after,
    )
    if step.ends_after is not None:
        profiles = profiles.filter(confirmed_at__gt=now - step.ends_after)
    return profiles.select_related("user").order_by("confirmed_at", "pk")


def period_key(profile) -> str:
    """The confirmation cycle a reminder belongs to: the confirmation date, in UTC."""
    return profile.confirmed_at.astimezone(UTC).isoformat(timespec="seconds")


def send_freshness_reminders(now=None) -> int:
    """Send every freshness reminder that is due; return how many were queued. Idempotent."""
    now = now or timezone.now()
    queued = 0
    for step in FRESHNESS_STEPS:
        candidates = list(freshness_candidates(step, now))
        already = set(
            SentReminder.objects.filter(
                kind=step.kind, recipient__in=[profile.user_id for profile in candidates]
            ).values_list("recipient_id", "period_key")
        )
        for profile in candidates:
            if (profile.user_id, period_key(profile)) in already:
                continue
            if not wants(profile.user, CONFIRMATION_REMINDER.key):
                continue
            queued += _send_freshness(step, profile, now)
    return queued


def _send_freshness(step: FreshnessStep, profile, now) -> bool:
    due_at = profile.confirmed_at + CONFIRM_EVERY
    hidden_at = profile.confirmed_at + STALE_AFTER
    context = {
        "profile": profile,
        "due_on": timezone.localdate(due_at),
        "overdue": due_at <= now,
        "hidden_on": timezone.localdate(hidden_at),
        "edit_url": absolute_url("directory:edit"),
        "preferences_url": absolute_url("notifications:preferences"),
    }
    key = period_key(profile)
    with transaction.atomic():
        if not claim(step.kind, profile.user, key):
            return False
        send_mail(
            [profile.user.email],
            step.subject,
            step.template,
            context,
            dedup_key=f"annuaire.{step.kind}:{profile.user_id}:{key}",
        )
    return True
