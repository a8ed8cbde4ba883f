"""Matching (`match_profile`, `match_need`): one `INSERT … SELECT … ON CONFLICT DO NOTHING`
statement each, with the rules of the directory search (directory/search/filters.py): a peer
worker matches a search at P when P is inside their travel zone, or in one of their departments,
or when they work remotely and the search accepts it; the search radius also matches home points
within that distance; every non-empty filter must overlap. Alerts without a place match by
filters only. A paused peer worker matches nothing (domain rule 7), whether hidden or shown as
paused. A job module: tasks call it, services never need it.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from directory.profiles import choices
from directory.profiles.models import PeerProfile, PublishedProfile

from .models import (
    ALERT_MAX_RADIUS_KM,
    Alert,
    AlertMatch,
    Need,
    NeedMatch,
)

logger = logging.getLogger(__name__)


def quoted_table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _paused_q(today) -> Q:
    return Q(availability=choices.Availability.EN_PAUSE) & (
        Q(paused_until__isnull=True) | Q(paused_until__gte=today)
    )


def reachable_profiles(now=None):
    """Listed and not paused: the only peer workers that matching and mail ever mention."""
    now = now or timezone.now()
    return PublishedProfile.objects.listed(now).exclude(_paused_q(timezone.localdate(now)))


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
    return {
        "profiles": quoted_table(PublishedProfile),
        "peer_profiles": quoted_table(PeerProfile),
        "alerts": quoted_table(Alert),
        "matches": quoted_table(AlertMatch),
        "needs": quoted_table(Need),
        "need_matches": quoted_table(NeedMatch),
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
        cursor.execute(
            MATCH_NEED_SQL.format(reachable=reachable, **_tables()),
            [need_id, Need.Status.OPEN, timezone.localdate(now), now, *reachable_params],
        )
        return cursor.rowcount


# Longer than the hour between runs, so one failed run is caught by the next.
NEED_REMATCH_WINDOW = timedelta(hours=3)


def rematch_recent_needs(now=None) -> int:
    """The needs' hourly safety net, like `rematch_recent_profiles`: publishing a need schedules
    its matching after commit, and a task lost to a broker outage would leave it unheard of.
    Matching is `INSERT … ON CONFLICT DO NOTHING`, so nobody gets a second mail."""
    now = now or timezone.now()
    ids = list(
        Need.objects.open()
        .filter(created_at__gte=now - NEED_REMATCH_WINDOW)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for need_id in ids:
        match_need(need_id, now)
    return len(ids)
