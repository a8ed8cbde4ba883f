"""The coordinators' weekly digest of what still waits for validation.

A coordinator who chose « Un résumé par semaine » for submissions gets the digest even if they
switched the digest itself off: that choice means « tell me about submissions on Mondays ».
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directory.profiles.notifications import SUBMITTED, absolute_url, send_mail
from epop.accounts.permissions import is_coordinator
from epop.notifications.claims import claim
from epop.notifications.preferences import preference_for, wants
from epop.notifications.registry import Frequency

from .notifications import WEEKLY_DIGEST
from .queues import queue_for

# --- Plain words ---------------------------------------------------------------------------------


def days_between(start, now=None) -> int:
    """Whole calendar days (Paris time) from `start` to `now`."""
    now = now or timezone.now()
    return max((timezone.localdate(now) - timezone.localdate(start)).days, 0)


def since_words(since, now=None) -> str:
    """« depuis 12 jours », « depuis hier »: a duration as people say it."""
    days = days_between(since, now)
    if days == 0:
        return "depuis aujourd'hui"
    if days == 1:
        return "depuis hier"
    if days < 60:
        return f"depuis {days} jours"
    return f"depuis {days // 30} mois"


def waited_words(since, now=None) -> str:
    """« en attente depuis 12 jours »: how long a profile has waited for validation."""
    return "en attente" if since is None else f"en attente {since_words(since, now)}"


# --- Weekly digest for coordinators --------------------------------------------------------------

DIGEST_KIND = "resume_hebdo"


def week_key(now=None) -> str:
    """The ISO week of `now` in Paris time, e.g. « 2026-W11 »: one digest per week."""
    year, week, _ = timezone.localdate(now or timezone.now()).isocalendar()
    return f"{year}-W{week:02d}"


def wants_digest(coordinator) -> bool:
    return wants(coordinator, WEEKLY_DIGEST.key) or (
        preference_for(coordinator, SUBMITTED.key) == Frequency.WEEKLY
    )


def digest_recipients():
    """Active coordination accounts that have powers: staff, or at least one region."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, kind=User.Kind.COORDINATOR)
        .filter(Q(is_staff=True) | Q(regions__isnull=False))
        .distinct()
        .prefetch_related("regions")
        .order_by("pk")
    )


def send_weekly_digest(coordinator, now=None) -> bool:
    """Queue this week's digest for one coordinator; False when nothing was queued (nothing
    waits, they opted out, or it was already queued this week)."""
    now = now or timezone.now()
    if not is_coordinator(coordinator) or not wants_digest(coordinator):
        return False
    waiting = list(queue_for(coordinator))
    if not waiting:
        return False
    key = week_key(now)
    items = [
        {
            "profile": profile,
            "waited": waited_words(profile.submitted_at, now),
            "review_url": absolute_url("directory:coordination_profile", profile.pk),
        }
        for profile in waiting
    ]
    count = len(items)
    with transaction.atomic():
        if not claim(DIGEST_KIND, coordinator, key):
            return False
        send_mail(
            [coordinator.email],
            "Profils en attente de validation : le résumé de la semaine",
            "weekly_digest",
            {"items": items, "count": count, "queue_url": absolute_url("directory:coordination")},
            dedup_key=f"annuaire.resume_hebdo:{coordinator.pk}:{key}",
        )
    return True


def send_weekly_digests(now=None) -> int:
    """One digest per coordinator with waiting profiles; safe to run any number of times."""
    now = now or timezone.now()
    return sum(send_weekly_digest(user, now) for user in digest_recipients())
