"""Mails of the directory: the validation workflow, the coordinators' weekly digest and the
freshness reminders. Each goes through the outbox.

Subjects never carry personal data (names, health): only what the mail is about.

Notification types (epop.notifications.registry), with the users' preferences respected:

- ``annuaire.profil_soumis``, for coordinators: a mail as soon as a profile of their queue is
  submitted (default), or nothing but the Monday digest (« Un résumé par semaine »), or never;
- ``annuaire.resume_hebdo``, for coordinators: the Monday digest of what still waits;
- ``annuaire.rappel_confirmation``, for peer workers: the freshness reminders below.

A coordinator who chose « Un résumé par semaine » for submissions gets the digest even if they
switched the digest itself off: that choice means « tell me about submissions on Mondays ».

Freshness (domain: a peer worker confirms their profile at least every 6 months, CONFIRM_EVERY;
after 9 months without confirmation, STALE_AFTER, the listing hides it). Counted from the last
confirmation (`PeerProfile.confirmed_at`, also set by each validation), the daily job sends:

- ``rappel_1_mois`` from 152 days on (5 months; a month before the 6-month date),
- ``rappel_1_semaine`` from 176 days on (5 months and 3 weeks; a week before),
- ``retrait`` from 274 days on, when the profile has left the public directory.

Each at most once per confirmation cycle: a SentReminder row keyed by the confirmation date, made
in the same transaction as the outbox row. Each step has a window that ends where the next step
begins, so a job that did not run for a while sends the step that is true now, not a stale one.
"""

from dataclasses import dataclass
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from epop.accounts.models import User
from epop.accounts.permissions import is_coordinator
from epop.notifications import registry
from epop.notifications.preferences import preference_for, wants
from epop.notifications.registry import Frequency, NotificationType
from epop.notifications.services import enqueue_email

from .models import CONFIRM_EVERY, STALE_AFTER, PeerProfile, SentReminder
from .queue import coordinators_for_region, queue_for

SUBMITTED = registry.register(
    NotificationType(
        key="annuaire.profil_soumis",
        label="Coordination : nouveau profil à valider",
        description=(
            "Pour les équipes de coordination. Un e-mail dès qu'un·e intervenant·e-pair de vos "
            "régions envoie son profil. Avec « Un résumé par semaine », vous ne recevez que le "
            "résumé du lundi."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.WEEKLY, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.COORDINATOR,),
    )
)
WEEKLY_DIGEST = registry.register(
    NotificationType(
        key="annuaire.resume_hebdo",
        label="Coordination : résumé des profils en attente",
        description=(
            "Pour les équipes de coordination. Chaque lundi matin, la liste des profils qui "
            "attendent encore votre validation. Rien n'est envoyé si aucun profil n'attend."
        ),
        frequencies=(Frequency.WEEKLY, Frequency.NEVER),
        default=Frequency.WEEKLY,
        audiences=(User.Kind.COORDINATOR,),
    )
)
CONFIRMATION_REMINDER = registry.register(
    NotificationType(
        key="annuaire.rappel_confirmation",
        label="Rappels pour garder mon profil à jour",
        description=(
            "Pour les intervenant·es-pairs. Un e-mail un mois puis une semaine avant la date où "
            "il faut confirmer que votre profil est à jour (tous les 6 mois), et un e-mail si "
            "votre profil n'est plus visible dans l'annuaire."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.PEER_WORKER,),
    )
)


def _url(name, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send(to: list[str], subject: str, template: str, context: dict, dedup_key: str | None = None):
    body = render_to_string(f"directory/emails/{template}.txt", context)
    return enqueue_email(to=to, subject=subject, body=body, dedup_key=dedup_key)


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


# --- Validation workflow -------------------------------------------------------------------------


def profile_submitted(profile_id: int) -> None:
    profile = PeerProfile.objects.select_related("home_commune__region").get(pk=profile_id)
    region = profile.home_commune.region
    context = {
        "profile": profile,
        "region": region,
        "review_url": _url("directory:coordination_profile", profile.pk),
        "queue_url": _url("directory:coordination"),
    }
    for coordinator in coordinators_for_region(region).only("pk", "email"):
        # « Un résumé par semaine » and « Jamais » both mean: no mail now.
        if preference_for(coordinator, SUBMITTED.key) != Frequency.IMMEDIATE:
            continue
        email = coordinator.email
        _send(
            [email],
            "Un profil attend votre validation",
            "profile_submitted",
            context,
            dedup_key=f"profile-submitted:{profile.pk}:{profile.submitted_at:%Y%m%d%H%M%S}:{email}",
        )


def profile_validated(profile_id: int) -> None:
    profile = PeerProfile.objects.select_related("user").get(pk=profile_id)
    _send(
        [profile.user.email],
        "Votre profil est publié dans l'annuaire EPoP",
        "profile_validated",
        {"profile": profile, "profile_url": _url("directory:profile", profile.pk)},
    )


def profile_sent_back(profile_id: int, action: str, message: str) -> None:
    profile = PeerProfile.objects.select_related("user").get(pk=profile_id)
    refused = action == "refus"
    _send(
        [profile.user.email],
        "Votre profil n'a pas été retenu"
        if refused
        else "Des modifications sont demandées sur votre profil",
        "profile_refused" if refused else "profile_changes_requested",
        {"profile": profile, "message": message, "edit_url": _url("directory:edit")},
    )


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
            "review_url": _url("directory:coordination_profile", profile.pk),
        }
        for profile in waiting
    ]
    count = len(items)
    with transaction.atomic():
        if not _claim(DIGEST_KIND, coordinator, key):
            return False
        _send(
            [coordinator.email],
            "Profils en attente de validation : le résumé de la semaine",
            "weekly_digest",
            {"items": items, "count": count, "queue_url": _url("directory:coordination")},
            dedup_key=f"annuaire.resume_hebdo:{coordinator.pk}:{key}",
        )
    return True


def send_weekly_digests(now=None) -> int:
    """One digest per coordinator with waiting profiles; safe to run any number of times."""
    now = now or timezone.now()
    return sum(send_weekly_digest(user, now) for user in digest_recipients())


def _claim(kind: str, recipient, period_key: str) -> bool:
    """Record that this reminder goes out; False if it already did. Call inside the transaction
    that writes the outbox row, so both exist or neither does. The unique constraint is what
    decides: a concurrent run waits for the first to commit, then fails here."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(kind=kind, recipient=recipient, period_key=period_key)
    except IntegrityError:
        return False
    return True


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
        "edit_url": _url("directory:edit"),
        "preferences_url": _url("notifications:preferences"),
    }
    key = period_key(profile)
    with transaction.atomic():
        if not _claim(step.kind, profile.user, key):
            return False
        _send(
            [profile.user.email],
            step.subject,
            step.template,
            context,
            dedup_key=f"annuaire.{step.kind}:{profile.user_id}:{key}",
        )
    return True
