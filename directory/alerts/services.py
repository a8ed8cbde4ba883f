"""Alerts (saved searches), needs, matching and the grouped mails. One transaction per write.

Matching (`match_profile`, `match_need`) is one `INSERT … SELECT … ON CONFLICT DO NOTHING`
statement each, with the rules of the directory search (directory/filters.py): a peer worker
matches a search at P when P is inside their travel zone, or in one of their departments, or when
they work remotely and the search accepts it; the search radius also matches home points within
that distance; every non-empty filter must overlap. Alerts without a place match by filters
only. A paused peer worker matches nothing (domain rule 7), whether hidden or shown as paused.

Mail (`send_digests`) is grouped: one mail per recipient and period, built by periodic jobs. For
each recipient, one transaction creates the `Digest` row (unique per recipient, kind, frequency
and period), marks that recipient's matches as sent with the digest id, and writes the outbox row
(dedup key = digest id). All or nothing: a job killed half-way leaves every recipient either fully
done or untouched, and the rerun completes the others without mailing anyone twice. Matches of a
profile that is no longer listed, or paused, when the job runs are left unsent (they go out if the
profile is listed again).

Unsubscribing (RFC 8058 one-click): tokens are signed with `django.core.signing` and the salt
UNSUBSCRIBE_SALT; they never expire (a mail read months later must still work) and only ever
switch mail off. Three scopes:

- per alert (links in the body): switches that alert's mails off;
- per employer (the `List-Unsubscribe` header of alert mails, and « toutes mes alertes »):
  switches off every alert of that employer;
- per peer worker (the header of needs mails): sets their « besoins.nouveaux » preference to never.

Notification types registered here (epop.notifications.registry):

- `alertes.nouveaux_profils` (employers). Each alert has its own frequency; the preference is a
  ceiling: « Immédiatement » (default) keeps each alert's rhythm, daily or weekly groups faster
  alerts at that pace, « Jamais » stops every alert mail.
- `besoins.nouveaux` (peer workers): default one digest a day. Domain rule 7 asks for digests by
  default; a daily one still arrives in time for a need dated next week.
- `besoins.reponses` (employers): immediately, when a peer worker answers their need.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core import signing
from django.db import connection, transaction
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode

from epop.accounts.models import User
from epop.accounts.permissions import is_employer, is_peer_worker
from epop.notifications import registry
from epop.notifications.models import NotificationPreference
from epop.notifications.preferences import wants
from epop.notifications.registry import Frequency, NotificationType
from epop.notifications.services import BROKER_ERRORS, enqueue_email, save_preferences
from epop.territories.models import Commune

from . import choices
from .alert_models import (
    ALERT_MAX_RADIUS_KM,
    Alert,
    AlertFrequency,
    AlertMatch,
    Digest,
    Need,
    NeedMatch,
    NeedResponse,
)
from .models import PublishedProfile
from .search_forms import SearchFilterSet
from .services import profile_published

logger = logging.getLogger(__name__)

MAX_ALERTS_PER_EMPLOYER = 50
MAX_OPEN_NEEDS_PER_EMPLOYER = 20
# Recipients handled per batch by the digest job: their matches, alerts and profiles are read in a
# few queries per batch, then each recipient is written in its own short transaction.
DIGEST_BATCH = 500
# A mail lists at most this many profiles per alert (the rest is one click away, on the search).
PROFILES_PER_ALERT_IN_MAIL = 10
IMMEDIATE_SLOT_MINUTES = 5
UNSUBSCRIBE_SALT = "directory.alertes.desabonnement"

ALERTS_KEY = "alertes.nouveaux_profils"
NEEDS_KEY = "besoins.nouveaux"
NEED_RESPONSES_KEY = "besoins.reponses"

ALERTS_TYPE = registry.register(
    NotificationType(
        key=ALERTS_KEY,
        label="Nouveaux profils pour mes alertes (employeurs)",
        description=(
            "Un e-mail quand de nouveaux profils correspondent à vos alertes. Chaque alerte a son "
            "propre rythme, réglé sur la page « Mes alertes ». « Immédiatement » garde le rythme "
            "de chaque alerte. « Un résumé par jour » ou « par semaine » regroupe les alertes plus "
            "rapides. « Jamais » arrête tous ces e-mails."
        ),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.EMPLOYER,),
    )
)
NEEDS_TYPE = registry.register(
    NotificationType(
        key=NEEDS_KEY,
        label="Besoins d'employeurs qui correspondent à mon profil (intervenant·es-pairs)",
        description=(
            "Un e-mail quand un employeur cherche une intervention que vous proposez, dans votre "
            "zone ou à distance. Rien ne vous est envoyé pendant une pause."
        ),
        default=Frequency.DAILY,
        audiences=(User.Kind.PEER_WORKER,),
    )
)
NEED_RESPONSES_TYPE = registry.register(
    NotificationType(
        key=NEED_RESPONSES_KEY,
        label="Réponses à mes besoins (employeurs)",
        description=(
            "Un e-mail quand un·e intervenant·e-pair répond à un besoin que vous avez publié."
        ),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.EMPLOYER,),
    )
)

_RANK = {AlertFrequency.IMMEDIATE: 0, AlertFrequency.DAILY: 1, AlertFrequency.WEEKLY: 2}


class AlertError(Exception):
    """A write that is not allowed now; the message is French and shown to the person."""


def _url(name, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _paused_q(today) -> Q:
    return Q(availability=choices.Availability.EN_PAUSE) & (
        Q(paused_until__isnull=True) | Q(paused_until__gte=today)
    )


def reachable_profiles(now=None):
    """Listed and not paused: the only peer workers that matching and mail ever mention."""
    now = now or timezone.now()
    return PublishedProfile.objects.listed(now).exclude(_paused_q(timezone.localdate(now)))


# --- Criteria -----------------------------------------------------------------------------------


# Search parameter → Alert column, for the overlap filters.
ARRAY_FILTERS = {
    "intervention": "intervention_types",
    "theme": "themes",
    "audience": "audiences",
    "format": "formats",
    "work_mode": "work_modes",
    "language": "languages",
    "availability": "availabilities",
}


@dataclass
class Criteria:
    """A search read from a query string: Alert column values, and the normalised query."""

    values: dict
    query: str
    commune: Commune | None

    def as_alert(self, **extra) -> Alert:
        return Alert(**self.values, query=self.query, **extra)


def parse_search(data):
    """Read a search query string as the search page does. Returns (criteria, filterset); the
    criteria are None when the search is invalid or its place is ambiguous."""
    # The search page's own parser (DirectoryFilterSet plus the place typed as text, « lieu »):
    # an alert reads a query string exactly as the search page does.
    filterset = SearchFilterSet(data, queryset=PublishedProfile.objects.none())
    if not filterset.is_valid() or getattr(filterset, "place_choices", None):
        return None, filterset
    cleaned = filterset.form.cleaned_data
    point = filterset.place
    commune = getattr(filterset, "place_commune", None)
    values = {name: sorted(cleaned.get(param) or []) for param, name in ARRAY_FILTERS.items()}
    query = []
    if point is not None:
        radius = filterset.search_radius_km
        department = filterset.place_department(point) or ""
        values.update(
            commune=commune,
            point=Point(point.x, point.y, srid=4326),
            radius_km=radius,
            department=department,
            remote=bool(cleaned.get("remote")),
        )
        if commune is not None:
            query.append(("commune", commune.code))
        else:
            query += [("lat", f"{point.y:.5f}"), ("lon", f"{point.x:.5f}")]
        query.append(("radius_km", str(radius)))
        if values["remote"]:
            query.append(("remote", "on"))
    else:
        values.update(commune=None, point=None, radius_km=None, department="", remote=False)
    for param, name in ARRAY_FILTERS.items():
        query += [(param, value) for value in values[name]]
    return Criteria(values=values, query=urlencode(query), commune=commune), filterset


def _short(label: str) -> str:
    """« Sensibilisation (équipes, élèves, grand public) » → « Sensibilisation »."""
    return label.split(" (", 1)[0] if label.endswith(")") and " (" in label else label


def _labels(enum, values, joiner=" ou ") -> str:
    labels = dict(enum.choices)
    return joiner.join(_short(str(labels.get(value, value))) for value in values)


_VOWELS = tuple("AEIOUYÂÀÉÈÊËÎÏÔÖÛÜŒH")


def of_place(name: str) -> str:
    """« de » before a place name, as French wants it: d'Amiens, du Havre, des Andelys."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if name.upper().startswith(_VOWELS):
        return f"d'{name}"
    return f"de {name}"


def summary(alert: Alert, *, for_mail: bool = False) -> str:
    """The criteria in plain French: « Sensibilisation, à moins de 30 km d'Amiens (80), à
    distance accepté ». In mails the experience themes are not named (domain rule 2: lived
    experience never travels by e-mail), only counted."""
    parts = []
    if alert.intervention_types:
        parts.append(_labels(choices.InterventionType, alert.intervention_types))
    if alert.point is not None:
        if alert.commune_id and alert.commune is not None:
            place = f"{alert.commune.name} ({alert.commune.department_id})"
            parts.append(f"à moins de {alert.radius_km} km {of_place(place)}")
        else:
            parts.append(f"à moins de {alert.radius_km} km de la position choisie")
        if alert.remote:
            parts.append("à distance accepté")
    else:
        parts.append("partout en France")
    if alert.themes:
        if for_mail:
            plural = "s" if len(alert.themes) > 1 else ""
            parts.append(f"{len(alert.themes)} thème{plural} d'expérience choisi{plural}")
        else:
            parts.append("thème : " + _labels(choices.Theme, alert.themes))
    if alert.audiences:
        parts.append("public : " + _labels(choices.Audience, alert.audiences))
    if alert.formats:
        parts.append("format : " + _labels(choices.Format, alert.formats))
    if alert.work_modes:
        parts.append("façon de travailler : " + _labels(choices.WorkMode, alert.work_modes))
    if alert.languages:
        parts.append("langue : " + _labels(choices.Language, alert.languages))
    if alert.availabilities:
        parts.append(_labels(choices.Availability, alert.availabilities).lower())
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def suggested_name(alert: Alert) -> str:
    """A first name for the alert, which the employer may change: « Sensibilisation – Amiens »."""
    parts = []
    if alert.intervention_types:
        parts.append(_short(choices.InterventionType(alert.intervention_types[0]).label))
    if alert.commune is not None:
        parts.append(alert.commune.name)
    elif alert.point is not None:
        parts.append("autour de ma position")
    elif not parts:
        parts.append("Tous les nouveaux profils")
    return " – ".join(parts)[:80]


def search_url(alert: Alert, *, absolute: bool = False) -> str:
    path = reverse("directory:home") + (f"?{alert.query}" if alert.query else "")
    return settings.SITE_URL.rstrip("/") + path if absolute else path


# --- Alerts: writes -----------------------------------------------------------------------------


def create_alert(owner, criteria: Criteria, *, name: str, frequency: str) -> Alert:
    if not is_employer(owner):
        raise AlertError("Seuls les comptes employeurs peuvent créer une alerte.")
    with transaction.atomic():
        # One employer's creations are serialised, so the limit cannot be raced.
        User.objects.select_for_update().filter(pk=owner.pk).first()
        if Alert.objects.filter(owner=owner).count() >= MAX_ALERTS_PER_EMPLOYER:
            raise AlertError(
                f"Vous avez déjà {MAX_ALERTS_PER_EMPLOYER} alertes : c'est le maximum. "
                "Supprimez une alerte dont vous n'avez plus besoin, puis recommencez."
            )
        return Alert.objects.create(
            owner=owner, name=name.strip(), frequency=frequency, **criteria.values,
            query=criteria.query,
        )  # fmt: skip


def update_alert(alert: Alert, *, name: str, frequency: str, active: bool) -> Alert:
    alert.name, alert.frequency, alert.active = name.strip(), frequency, active
    alert.save(update_fields=["name", "frequency", "active", "updated_at"])
    return alert


def delete_alert(alert: Alert) -> None:
    # Matches already mailed point at their digest (PROTECT keeps the record of what was sent
    # from turning back into unsent matches): delete the alert's matches with it explicitly.
    with transaction.atomic():
        AlertMatch.objects.filter(alert=alert).delete()
        alert.delete()


# --- Matching -----------------------------------------------------------------------------------

# One statement. The profile is read once (a materialised CTE: listed and not paused, or nothing);
# the candidates come from a UNION of index lookups, one per way of matching (a profile has ONE
# zone, so "alert point inside it" is a constant polygon against the GiST index on the alerts'
# points); the filters are then checked on those candidates only. The employer's account state is
# checked when mailing, not here: one join fewer per match.
MATCH_PROFILE_SQL = """
WITH p AS MATERIALIZED (
    SELECT pp.* FROM {profiles} pp WHERE pp.profile_id IN ({reachable})
)
INSERT INTO {matches} (alert_id, profile_id, employer_id, created_at)
SELECT a.id, p.profile_id, a.owner_id, %s
FROM p
CROSS JOIN LATERAL (
    SELECT id FROM {alerts} WHERE point IS NULL
    UNION
    SELECT id FROM {alerts} WHERE p.zone IS NOT NULL AND ST_Intersects(p.zone, point::geometry)
    UNION
    SELECT id FROM {alerts}
    WHERE ST_DWithin(point, p.home_point, %s)
        AND ST_DWithin(point, p.home_point, radius_km * 1000.0)
    UNION
    SELECT id FROM {alerts} WHERE department <> '' AND department = ANY(p.zone_departments)
    UNION
    SELECT id FROM {alerts} WHERE p.remote AND remote
) candidate
JOIN {alerts} a ON a.id = candidate.id
WHERE a.active
    AND (cardinality(a.intervention_types) = 0 OR a.intervention_types && p.intervention_types)
    AND (cardinality(a.themes) = 0 OR a.themes && p.themes)
    AND (cardinality(a.audiences) = 0 OR a.audiences && p.audiences)
    AND (cardinality(a.formats) = 0 OR a.formats && p.formats)
    AND (cardinality(a.work_modes) = 0 OR a.work_modes && p.work_modes)
    AND (cardinality(a.languages) = 0 OR a.languages && p.languages)
    AND (cardinality(a.availabilities) = 0 OR p.availability = ANY(a.availabilities))
ON CONFLICT (alert_id, profile_id) DO NOTHING
"""

# Open needs for one newly listed profile: few rows, so one plain statement.
MATCH_PROFILE_NEEDS_SQL = """
WITH p AS MATERIALIZED (
    SELECT pp.* FROM {profiles} pp WHERE pp.profile_id IN ({reachable})
)
INSERT INTO {need_matches} (need_id, profile_id, recipient_id, created_at)
SELECT n.id, p.profile_id, pr.user_id, %s
FROM p
JOIN {peer_profiles} pr ON pr.id = p.profile_id
JOIN {needs} n ON n.status = %s AND n.date >= %s
    AND n.author_id <> pr.user_id
    AND n.intervention_types && p.intervention_types
    AND (cardinality(n.themes) = 0 OR n.themes && p.themes)
    AND (
        (p.zone IS NOT NULL AND n.point IS NOT NULL AND ST_Intersects(p.zone, n.point::geometry))
        OR n.commune_id = p.home_commune_id
        OR (n.department <> '' AND n.department = ANY(p.zone_departments))
        OR (n.remote AND p.remote)
    )
ON CONFLICT (need_id, profile_id) DO NOTHING
"""

# Every reachable profile for one need: the same shape as alerts, the other way round.
MATCH_NEED_SQL = """
WITH n AS MATERIALIZED (
    SELECT * FROM {needs} WHERE id = %s AND status = %s AND date >= %s
)
INSERT INTO {need_matches} (need_id, profile_id, recipient_id, created_at)
SELECT n.id, p.profile_id, pr.user_id, %s
FROM n
CROSS JOIN LATERAL (
    SELECT profile_id FROM {profiles}
    WHERE n.point IS NOT NULL AND ST_Intersects(zone, n.point::geometry)
    UNION
    SELECT profile_id FROM {profiles} WHERE home_commune_id = n.commune_id
    UNION
    SELECT profile_id FROM {profiles}
    WHERE n.department <> '' AND zone_departments @> ARRAY[n.department]::varchar(3)[]
    UNION
    SELECT profile_id FROM {profiles} WHERE n.remote AND remote
) candidate
JOIN {profiles} p ON p.profile_id = candidate.profile_id
JOIN {peer_profiles} pr ON pr.id = p.profile_id
WHERE p.profile_id IN ({reachable})
    AND pr.user_id <> n.author_id
    AND n.intervention_types && p.intervention_types
    AND (cardinality(n.themes) = 0 OR n.themes && p.themes)
ON CONFLICT (need_id, profile_id) DO NOTHING
"""


def _tables() -> dict:
    from .models import PeerProfile

    return {
        "profiles": _table(PublishedProfile),
        "peer_profiles": _table(PeerProfile),
        "alerts": _table(Alert),
        "matches": _table(AlertMatch),
        "needs": _table(Need),
        "need_matches": _table(NeedMatch),
    }


def _reachable_sql(now, profile_id=None) -> tuple[str, list]:
    queryset = reachable_profiles(now)
    if profile_id is not None:
        queryset = queryset.filter(pk=profile_id)
    sql, params = queryset.values("pk").query.sql_with_params()
    return sql, list(params)


@dataclass(frozen=True)
class Matched:
    alerts: int
    needs: int


def match_profile(profile_id: int, now=None) -> Matched:
    """Record every alert and open need a newly listed profile matches. Safe to run again."""
    now = now or timezone.now()
    reachable, reachable_params = _reachable_sql(now, profile_id)
    tables = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        # Compiling these plans (JIT) costs more than running them (docs/architecture.md).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            MATCH_PROFILE_SQL.format(reachable=reachable, **tables),
            [*reachable_params, now, ALERT_MAX_RADIUS_KM * 1000.0],
        )
        alerts = cursor.rowcount
        cursor.execute(
            MATCH_PROFILE_NEEDS_SQL.format(reachable=reachable, **tables),
            [*reachable_params, now, Need.Status.OPEN, timezone.localdate(now)],
        )
        needs = cursor.rowcount
    return Matched(alerts=alerts, needs=needs)


# The safety net looks back this far: longer than any broker outage we expect to ride out.
REMATCH_WINDOW = timedelta(hours=3)


def recently_listed_ids(now=None) -> list[int]:
    """Profiles that became listed lately: validated or confirmed within the window, or whose
    pause ended yesterday or today. A pause ends by itself when its date passes, with no event
    to send the signal, and a broker outage can lose the task the signal scheduled."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = now - REMATCH_WINDOW
    pause_just_ended = Q(
        availability=choices.Availability.EN_PAUSE,
        paused_until__lt=today,
        paused_until__gte=today - timedelta(days=2),
    )
    return list(
        PublishedProfile.objects.listed(now)
        .filter(Q(validated_at__gte=since) | Q(confirmed_at__gte=since) | pause_just_ended)
        .values_list("pk", flat=True)
    )


def rematch_recent_profiles(now=None) -> int:
    """Match again what became listed lately. Matching is idempotent, so this only adds what
    a lost task or an ended pause left out."""
    ids = recently_listed_ids(now)
    for profile_id in ids:
        match_profile(profile_id, now)
    return len(ids)


def match_need(need_id: int, now=None) -> int:
    """Record every reachable peer worker an open need fits. Safe to run again."""
    now = now or timezone.now()
    reachable, reachable_params = _reachable_sql(now)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            MATCH_NEED_SQL.format(reachable=reachable, **_tables()),
            [need_id, Need.Status.OPEN, timezone.localdate(now), now, *reachable_params],
        )
        return cursor.rowcount


@receiver(profile_published, dispatch_uid="directory.alert_services.schedule_matching")
def schedule_matching(sender, profile_id, **kwargs):
    """The signal is sent after commit: hand the matching to a worker, never hold the request."""

    try:
        alert_tasks.match_profile.delay(profile_id)
    except BROKER_ERRORS as error:
        logger.warning("Alerts: matching of profile %s not scheduled (%s).", profile_id, error)


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
                    digests=_table(Digest), matches=_table(mail.match_model)
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
                            "url": _url("directory:profile", profile.pk),
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
                "alerts_url": _url("directory:alerts"),
                "preferences_url": _url("notifications:preferences"),
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
             "url": _url("directory:need", need.pk)}
            for need in needs
        ]  # fmt: skip
        token = unsubscribe_token(recipient.pk, scope=Digest.Kind.NEEDS)
        body = render_to_string(
            "directory/emails/need_digest.txt",
            {
                "user": recipient,
                "items": items,
                "needs_url": _url("directory:needs"),
                "preferences_url": _url("notifications:preferences"),
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


# --- Unsubscribing ------------------------------------------------------------------------------


def unsubscribe_token(user_id: int, *, alert_id: int | None = None, scope=Digest.Kind.ALERTS):
    payload = {"u": user_id, "s": str(scope)}
    if alert_id is not None:
        payload["a"] = alert_id
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(token: str) -> str:
    return _url("directory:alert_unsubscribe", token)


@dataclass(frozen=True)
class Unsubscription:
    """What a valid token switches off. `alert` is None for « every alert » and for needs; a
    token for an alert deleted since is valid and has nothing left to do (`gone`)."""

    user: User
    scope: str
    alert: Alert | None = None
    gone: bool = False


def read_unsubscribe_token(token: str) -> Unsubscription | None:
    """None for a forged, tampered or malformed token, or an account that no longer exists."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    scope = payload.get("s")
    if scope not in Digest.Kind.values:
        return None
    user = User.objects.filter(pk=payload["u"]).first()
    if user is None:
        return None
    alert_id = payload.get("a")
    if alert_id is None:
        return Unsubscription(user=user, scope=scope)
    if scope != Digest.Kind.ALERTS or not isinstance(alert_id, int):
        return None
    alert = Alert.objects.select_related("commune").filter(pk=alert_id, owner=user).first()
    return Unsubscription(user=user, scope=scope, alert=alert, gone=alert is None)


def unsubscribe(unsubscription: Unsubscription) -> None:
    """Switch the mail off. Idempotent: a second click changes nothing more."""
    if unsubscription.scope == Digest.Kind.NEEDS:
        save_preferences(unsubscription.user, {NEEDS_KEY: Frequency.NEVER})
    elif unsubscription.alert is not None:
        Alert.objects.filter(pk=unsubscription.alert.pk).update(active=False)
    elif not unsubscription.gone:
        Alert.objects.filter(owner=unsubscription.user).update(active=False)


# --- Needs --------------------------------------------------------------------------------------


def need_place(need: Need) -> str:
    if need.commune is not None:
        place = f"à {need.commune.name} ({need.commune.department_id})"
        return place + (", ou à distance" if need.remote else "")
    return "à distance"


def need_types(need: Need) -> str:
    return _labels(choices.InterventionType, need.intervention_types, joiner=", ")


def need_audiences(need: Need) -> str:
    return _labels(choices.Audience, need.audiences, joiner=", ")


def create_need(author, data: dict) -> Need:
    """Publish a need; matching peer workers are found by a worker after commit."""
    if not is_employer(author):
        raise AlertError("Seuls les comptes employeurs peuvent publier un besoin.")
    commune = data.get("commune")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=author.pk).first()
        if Need.objects.filter(author=author).open().count() >= MAX_OPEN_NEEDS_PER_EMPLOYER:
            raise AlertError(
                f"Vous avez déjà {MAX_OPEN_NEEDS_PER_EMPLOYER} besoins ouverts : c'est le "
                "maximum. Fermez un besoin pourvu, puis recommencez."
            )
        need = Need.objects.create(
            author=author,
            title=data["title"].strip(),
            intervention_types=sorted(data["intervention_types"]),
            themes=sorted(data.get("themes") or []),
            audiences=sorted(data.get("audiences") or []),
            description=data["description"].strip(),
            date=data["date"],
            commune=commune,
            point=commune.centre if commune is not None else None,
            department=commune.department_id if commune is not None else "",
            remote=bool(data.get("remote")),
        )
        transaction.on_commit(lambda: _schedule_need_matching(need.pk))
    return need


def _schedule_need_matching(need_id: int) -> None:

    try:
        alert_tasks.match_need.delay(need_id)
    except BROKER_ERRORS as error:
        logger.warning("Needs: matching of need %s not scheduled (%s).", need_id, error)


def close_need(need: Need, now=None) -> Need:
    now = now or timezone.now()
    Need.objects.filter(pk=need.pk, status=Need.Status.OPEN).update(
        status=Need.Status.CLOSED, closed_at=now
    )
    need.refresh_from_db(fields=["status", "closed_at"])
    return need


def close_past_needs(now=None) -> int:
    """Needs whose date has passed are closed (the daily job); `Need.objects.open()` already
    leaves them out in between."""
    now = now or timezone.now()
    return Need.objects.filter(status=Need.Status.OPEN, date__lt=timezone.localdate(now)).update(
        status=Need.Status.CLOSED, closed_at=now
    )


def responder_profile(user) -> PublishedProfile | None:
    """The listed profile a peer worker answers needs with, or None."""
    if not is_peer_worker(user):
        return None
    return (
        PublishedProfile.objects.listed()
        .select_related("home_commune")
        .filter(profile__user=user)
        .first()
    )


def answer_need(user, need: Need, message: str) -> NeedResponse:
    """A peer worker answers a need: the answer is kept and mailed to the author.

    The contact requests (directory/contact_services.py) only open a thread from the employer's
    side today; once they can open one from a need, this is where to call it.
    """
    profile = responder_profile(user)
    if profile is None:
        raise AlertError("Seul·e un·e intervenant·e-pair dont le profil est publié peut répondre.")
    with transaction.atomic():
        need = Need.objects.select_for_update().select_related("author").get(pk=need.pk)
        if not need.is_open():
            raise AlertError("Ce besoin est fermé : il n'attend plus de réponse.")
        if NeedResponse.objects.filter(need=need, profile=profile).exists():
            raise AlertError("Vous avez déjà répondu à ce besoin.")
        response = NeedResponse.objects.create(need=need, profile=profile, message=message.strip())
        author = need.author
        if author.is_active and wants(author, NEED_RESPONSES_KEY):
            body = render_to_string(
                "directory/emails/need_response.txt",
                {
                    "user": author,
                    "need": need,
                    "response": response,
                    "profile": profile,
                    "need_url": _url("directory:need", need.pk),
                    "profile_url": _url("directory:profile", profile.pk),
                    "preferences_url": _url("notifications:preferences"),
                },
            )
            enqueue_email(
                to=[author.email],
                subject="Une réponse à votre besoin sur EPoP",
                body=body,
                dedup_key=f"directory.need_response:{response.pk}",
            )
    return response


def needs_for_peer(profile: PublishedProfile):
    """Open needs that fit this peer worker (their matches), soonest first."""
    return (
        Need.objects.open()
        .filter(matches__profile=profile)
        .select_related("commune")
        .order_by("date", "id")
    )


# The Celery tasks live beside the services; importing them here registers them wherever the
# services are loaded (DirectoryConfig.ready() imports this module, in web and worker processes).
from . import alert_tasks  # noqa: E402
