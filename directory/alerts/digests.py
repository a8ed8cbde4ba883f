"""Mail (`send_digests`) is grouped: one mail per recipient and period, built by periodic jobs. For
each recipient, one transaction creates the `Digest` row (unique per recipient, kind, frequency
and period), marks that recipient's matches as sent with the digest id, and writes the outbox row
(dedup key = digest id). All or nothing: a job killed half-way leaves every recipient either fully
done or untouched, and the rerun completes the others without mailing anyone twice. Matches of a
profile that is no longer listed, or paused, when the job runs are left unsent (they go out if the
profile is listed again).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.utils import formats, timezone

from directory.profiles.models import PublishedProfile
from directory.profiles.notifications import absolute_url
from epop.accounts.models import User
from epop.notifications.models import NotificationPreference
from epop.notifications.registry import Frequency
from epop.notifications.services import enqueue_email

from .criteria import search_url, summary
from .matching import quoted_table, reachable_profiles
from .models import (
    Alert,
    AlertFrequency,
    AlertMatch,
    Digest,
    Need,
    NeedMatch,
)
from .needs import need_place, need_types
from .notifications import ALERTS_KEY, ALERTS_TYPE, NEEDS_KEY, NEEDS_TYPE
from .unsubscribe import unsubscribe_token, unsubscribe_url

logger = logging.getLogger(__name__)


# Recipients handled per batch by the digest job: their matches, alerts and profiles are read in a
# few queries per batch, then each recipient is written in its own short transaction.
DIGEST_BATCH = 500
# A mail lists at most this many profiles per alert (the rest is one click away, on the search).
PROFILES_PER_ALERT_IN_MAIL = 10
IMMEDIATE_SLOT_MINUTES = 5
_RANK = {AlertFrequency.IMMEDIATE: 0, AlertFrequency.DAILY: 1, AlertFrequency.WEEKLY: 2}

# --- Digests ------------------------------------------------------------------------------------


def period_key(frequency: str, now=None) -> str:
    local = timezone.localtime(now or timezone.now())
    if frequency == AlertFrequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    if frequency == AlertFrequency.DAILY:
        return local.date().isoformat()
    slot = local.replace(
        minute=local.minute - local.minute % IMMEDIATE_SLOT_MINUTES, second=0, microsecond=0
    )
    return slot.strftime("%Y-%m-%dT%H:%M")


def _rank(expression: str) -> Case:
    return Case(
        *[When(**{expression: value}, then=Value(rank)) for value, rank in _RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def _preference(recipient_field: str, key: str, default: str):
    stored = NotificationPreference.objects.filter(user=OuterRef(recipient_field), key=key)
    return Coalesce(Subquery(stored.values("frequency")[:1]), Value(default))


def sendable_alert_matches(frequency: str, now=None):
    """Unsent matches due in a `frequency` digest: active alert, active employer, profile
    still listed and not paused, and the slower of the alert's and the employer's frequency."""
    now = now or timezone.now()
    return (
        AlertMatch.objects.filter(
            digest__isnull=True,
            alert__active=True,
            employer__is_active=True,
            profile__in=reachable_profiles(now).values("pk"),
        )
        .annotate(preference=_preference("employer_id", ALERTS_KEY, ALERTS_TYPE.default))
        .exclude(preference=Frequency.NEVER)
        .annotate(rank=Greatest(_rank("alert__frequency"), _rank("preference")))
        .filter(rank=_RANK[frequency])
    )


def sendable_need_matches(frequency: str, now=None):
    now = now or timezone.now()
    return (
        NeedMatch.objects.filter(
            digest__isnull=True,
            recipient__is_active=True,
            need__status=Need.Status.OPEN,
            need__date__gte=timezone.localdate(now),
            profile__in=reachable_profiles(now).values("pk"),
        )
        .annotate(preference=_preference("recipient_id", NEEDS_KEY, NEEDS_TYPE.default))
        .filter(preference=frequency)
    )


# One statement per recipient: claim this period's digest (nothing if it exists already) and mark
# the recipient's matches with it. No row back means nothing to send: the digest existed, or
# another run took the matches meanwhile (then the caller rolls back the digest it inserted).
CLAIM_AND_TAKE_SQL = """
WITH digest AS (
    INSERT INTO {digests} (kind, recipient_id, frequency, period_key, created_at)
    VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (recipient_id, kind, frequency, period_key) DO NOTHING
    RETURNING id
)
UPDATE {matches} m SET digest_id = digest.id, sent_at = %s
FROM digest
WHERE m.id = ANY(%s) AND m.digest_id IS NULL
RETURNING m.id, digest.id
"""


class _NothingToSend(Exception):
    """Rolls back a recipient's transaction: nothing of theirs is left to send."""


@dataclass
class DigestRun:
    frequency: str
    period_key: str
    alert_mails: int = 0
    need_mails: int = 0


def send_digests(frequency: str, now=None) -> DigestRun:
    """Queue this period's grouped mails of one frequency: alerts to employers, needs to peer
    workers. Idempotent, and safe to interrupt (see the module docstring)."""
    now = now or timezone.now()
    run = DigestRun(frequency=frequency, period_key=period_key(frequency, now))
    run.alert_mails = _send_kind(AlertMail(), run, sendable_alert_matches(frequency, now), now)
    run.need_mails = _send_kind(NeedMail(), run, sendable_need_matches(frequency, now), now)
    return run


def _batches(items, size):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _send_kind(mail, run, sendable, now) -> int:
    recipient = mail.recipient_field
    recipients = list(sendable.order_by(recipient).values_list(recipient, flat=True).distinct())
    sent = 0
    for batch in _batches(recipients, DIGEST_BATCH):
        # (match id, recipient id, alert or need id, profile id), oldest first.
        rows = list(
            sendable.filter(**{f"{recipient}__in": batch})
            .order_by("created_at", "id")
            .values_list("id", recipient, mail.subject_field, "profile_id")
        )
        by_recipient = defaultdict(list)
        for row in rows:
            by_recipient[row[1]].append(row)
        context = mail.prepare(batch, rows)
        for recipient_id in batch:
            if _send_one(mail, run, context, recipient_id, by_recipient[recipient_id], now):
                sent += 1
    return sent


def _send_one(mail, run, context, recipient_id, rows, now) -> bool:
    """One recipient, one transaction: the digest row, the matches it carries, the outbox row."""
    recipient = context["users"].get(recipient_id)
    if recipient is None or not rows:
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                CLAIM_AND_TAKE_SQL.format(
                    digests=quoted_table(Digest), matches=quoted_table(mail.match_model)
                ),
                [mail.kind, recipient_id, run.frequency, run.period_key, now, now,
                 [row[0] for row in rows]],
            )  # fmt: skip
            taken = cursor.fetchall()
            if not taken:
                raise _NothingToSend
            digest_id = taken[0][1]
            taken = {match_id for match_id, _ in taken}
            subject, body, headers = mail.render(
                context, recipient, [row for row in rows if row[0] in taken]
            )
            enqueue_email(
                to=[recipient.email],
                subject=subject,
                body=body,
                headers=headers,
                dedup_key=f"directory.digest:{digest_id}",
            )
    except _NothingToSend:
        return False
    return True


def _one_click_headers(token: str) -> dict:
    """RFC 2369 and RFC 8058: mail clients show « Se désabonner » and POST to this URL."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(token)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


class AlertMail:
    kind = Digest.Kind.ALERTS
    match_model = AlertMatch
    recipient_field = "employer_id"
    subject_field = "alert_id"

    def prepare(self, recipient_ids, rows) -> dict:
        """Everything the batch's mails mention, in three queries."""
        return {
            "users": User.objects.only("email", "first_name").in_bulk(recipient_ids),
            "alerts": Alert.objects.select_related("commune").in_bulk({row[2] for row in rows}),
            "profiles": PublishedProfile.objects.select_related("home_commune")
            .only("display_name", "home_commune__name", "home_commune__department_id")
            .in_bulk({row[3] for row in rows}),
        }

    def render(self, context, recipient, rows):
        by_alert = defaultdict(list)
        for _, _, alert_id, profile_id in rows:
            by_alert[alert_id].append(context["profiles"][profile_id])
        sections = []
        for alert_id, profiles in by_alert.items():
            alert = context["alerts"][alert_id]
            sections.append(
                {
                    "alert": alert,
                    "summary": summary(alert, for_mail=True),
                    "profiles": [
                        {
                            "profile": profile,
                            "url": absolute_url("directory:profile", profile.pk),
                        }
                        for profile in profiles[:PROFILES_PER_ALERT_IN_MAIL]
                    ],
                    "more": max(len(profiles) - PROFILES_PER_ALERT_IN_MAIL, 0),
                    "search_url": search_url(alert, absolute=True),
                    "unsubscribe_url": unsubscribe_url(
                        unsubscribe_token(recipient.pk, alert_id=alert.pk)
                    ),
                }
            )
        sections.sort(key=lambda section: section["alert"].name.lower())
        everything = unsubscribe_token(recipient.pk)
        count = len(rows)
        body = render_to_string(
            "directory/emails/alert_digest.txt",
            {
                "user": recipient,
                "sections": sections,
                "count": count,
                "alerts_url": absolute_url("directory:alerts"),
                "preferences_url": absolute_url("notifications:preferences"),
                "unsubscribe_all_url": unsubscribe_url(everything),
            },
        )
        subject = (
            "1 nouveau profil pour vos alertes EPoP"
            if count == 1
            else f"{count} nouveaux profils pour vos alertes EPoP"
        )
        return subject, body, _one_click_headers(everything)


class NeedMail:
    kind = Digest.Kind.NEEDS
    match_model = NeedMatch
    recipient_field = "recipient_id"
    subject_field = "need_id"

    def prepare(self, recipient_ids, rows) -> dict:
        return {
            "users": User.objects.only("email", "first_name").in_bulk(recipient_ids),
            "needs": Need.objects.select_related("commune").in_bulk({row[2] for row in rows}),
        }

    def render(self, context, recipient, rows):
        needs = sorted(
            (context["needs"][need_id] for _, _, need_id, _ in rows),
            key=lambda need: (need.date, need.pk),
        )
        items = [
            {"need": need, "where": need_place(need), "types": need_types(need),
             "date": formats.date_format(need.date, "j F Y"),
             "url": absolute_url("directory:need", need.pk)}
            for need in needs
        ]  # fmt: skip
        token = unsubscribe_token(recipient.pk, scope=Digest.Kind.NEEDS)
        body = render_to_string(
            "directory/emails/need_digest.txt",
            {
                "user": recipient,
                "items": items,
                "needs_url": absolute_url("directory:needs"),
                "preferences_url": absolute_url("notifications:preferences"),
                "unsubscribe_url": unsubscribe_url(token),
            },
        )
        count = len(items)
        subject = (
            "Un employeur cherche une intervention comme la vôtre"
            if count == 1
            else f"{count} employeurs cherchent une intervention comme la vôtre"
        )
        return subject, body, _one_click_headers(token)
