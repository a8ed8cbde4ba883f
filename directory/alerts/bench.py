"""Benchmark: alerts on 100,000 demo profiles and 100,000 saved alerts.

Two figures, the ones the feature promises:

- `alerts.match_one_profile_ms`: matching one newly validated profile against every alert (the
  single `INSERT … SELECT` of matching.match_profile, committed), median over a sample of
  listed profiles; the 90th percentile and the maximum are printed too. Before each run the
  profile's matches are deleted, so every run does the full work, and they are deleted again
  after it. Budget: under 1 s.
- `alerts.weekly_digests_10k_s`: building the weekly digests of 10,000 employers (one transaction
  each: digest row, matches marked, outbox row), in one process as one worker would. Budget:
  under 2 minutes. Publishing each outbox row to the broker is left out (a no-op here): it is the
  outbox's own cost, and it would hand 10,000 mails to any development worker running.

Both run with DEBUG off, as in production (DEBUG keeps a copy of every SQL statement).

Data, created once and reused (rerunning is safe):

- `seed_demo --profiles 100000` if fewer profiles exist (the search benchmark does the same);
- 25,000 bench employers (`alertes.banc.NNNNN@example.org`, no usable password) and 100,000
  alerts: places around the programme's cities (60 %), elsewhere in France weighted by population
  (25 %) or none (15 %); radii from 5 to 200 km; remote accepted for 30 %; 0 to 2 filters;
  weekly for most, daily or immediate for the others. With this mix a profile matches about
  10,000 alerts (median), up to 25,000 for a peer worker who also works remotely;
- before the digest run, the bench employers' matches and digests are reset, and 1 to 5 unsent
  matches are given to one weekly alert of each of the first 10,000 employers (the nearest
  reachable profiles of the alert's place). After the run, the digests, their outbox rows and the
  "sent" marks it created are removed again.

It runs against the configured database (DATABASE_URL), never the test database.
"""

import random
import statistics
import time
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Func, Q, TextField
from django.db.models.functions import Cast
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.http import urlencode

from directory.profiles import choices
from directory.profiles.demo import DEPLOYED_HUBS, OTHER_HUBS
from directory.profiles.models import STALE_AFTER, PeerProfile
from directory.search.bench import ensure_profiles
from epop.accounts.models import User
from epop.core.bench import register
from epop.notifications.models import OutboxMessage
from epop.territories.bench import _ensure_full_table
from epop.territories.models import Commune

from . import digests, matching
from .models import Alert, AlertFrequency, AlertMatch, Digest


class Md5(Func):
    """md5() of a text: a stable shuffle for the bench's sample (too slow for the search)."""

    function = "md5"
    output_field = TextField()


ALERTS = 100_000
EMPLOYERS = 25_000
DIGEST_EMPLOYERS = 10_000
MATCH_SAMPLE = 40
SEED = 2026
EMAIL_PREFIX = "alertes.banc."
HUB_RADIUS_KM = 40
RADII = [5, 10, 20, 30, 30, 30, 50, 50, 100, 150, 200]
# (search parameter, alert column, enum, weight)
FILTERS = [
    ("intervention", "intervention_types", choices.InterventionType, 40),
    ("audience", "audiences", choices.Audience, 20),
    ("theme", "themes", choices.Theme, 10),
    ("format", "formats", choices.Format, 10),
    ("work_mode", "work_modes", choices.WorkMode, 8),
    ("language", "languages", choices.Language, 7),
    ("availability", "availabilities", choices.Availability, 5),
]


@register("alerts")
def bench_alerts(report):
    _ensure_full_table(report)
    ensure_profiles(report, "alerts.seed_profiles_s")
    _ensure_alerts(report)
    _bench_matching(report)
    _bench_weekly_digests(report)


# --- Data ---------------------------------------------------------------------------------------


def _bench_alerts():
    return Alert.objects.filter(owner__email__startswith=EMAIL_PREFIX)


def _ensure_alerts(report):
    if _bench_alerts().count() == ALERTS:
        return
    started = time.perf_counter()
    report.write(f"Création de {EMPLOYERS} employeurs et {ALERTS} alertes de banc…")
    employer_ids = _ensure_employers()
    with transaction.atomic():
        _reset_digests(employer_ids)
        AlertMatch.objects.filter(employer_id__in=employer_ids).delete()
        Alert.objects.filter(owner_id__in=employer_ids).delete()
        Alert.objects.bulk_create(_alert_rows(employer_ids), batch_size=5000)
        # Points and departments from the commune table in one statement, as the demo does.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE directory_alert a SET point = c.centre, department = c.department_id "
                "FROM territories_commune c, accounts_user u "
                "WHERE c.code = a.commune_id AND u.id = a.owner_id AND u.email LIKE %s",
                [EMAIL_PREFIX + "%"],
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) directory_alert")
    report.figure("alerts.create_alerts_s", time.perf_counter() - started, "s")


def _ensure_employers() -> list[int]:
    password = make_password(None)  # unusable: nobody logs in as a bench employer
    User.objects.bulk_create(
        [
            User(
                email=f"{EMAIL_PREFIX}{index:05d}@example.org",
                first_name="Banc",
                last_name=f"{index:05d}",
                kind=User.Kind.EMPLOYER,
                password=password,
            )
            for index in range(EMPLOYERS)
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )
    return list(
        User.objects.filter(email__startswith=EMAIL_PREFIX)
        .order_by("email")
        .values_list("pk", flat=True)
    )


def _places():
    """(weights, code lists): around the programme's cities, and big towns elsewhere."""
    hubs = []
    for name, weight in DEPLOYED_HUBS + OTHER_HUBS:
        hub = Commune.objects.with_centre().filter(name=name).order_by("-population").first()
        if hub is None:
            continue
        around = list(
            Commune.objects.with_centre()
            .filter(centre__dwithin=(hub.centre, HUB_RADIUS_KM * 1000.0))
            .values_list("code", flat=True)
        )
        hubs.append((weight, hub.code, around))
    towns = list(
        Commune.objects.with_centre().filter(population__gte=5000).values_list("code", "population")
    )
    return hubs, towns


def _alert_rows(employer_ids):
    rng = random.Random(SEED)
    hubs, towns = _places()
    hub_weights = [weight for weight, _, _ in hubs]
    town_codes = [code for code, _ in towns]
    town_weights = [population for _, population in towns]
    filter_weights = [weight for *_, weight in FILTERS]
    now = timezone.now()
    rows = []
    for index in range(ALERTS):
        owner = employer_ids[index % len(employer_ids)]
        roll = rng.random()
        code = None
        if roll < 0.60 and hubs:
            _, hub, around = rng.choices(hubs, weights=hub_weights)[0]
            code = hub if rng.random() < 0.5 else rng.choice(around)
        elif roll < 0.85 and towns:
            code = rng.choices(town_codes, weights=town_weights)[0]
        values = {name: [] for _, name, _, _ in FILTERS}
        query = []
        if code:
            radius = rng.choice(RADII)
            remote = rng.random() < 0.3
            query += [("commune", code), ("radius_km", radius)]
            query += [("remote", "on")] if remote else []
        else:
            radius, remote = None, False
        count = rng.choices([0, 1, 2], weights=[30, 45, 25])[0]
        chosen = set()
        while len(chosen) < count:
            chosen.add(rng.choices(range(len(FILTERS)), weights=filter_weights)[0])
        for position in sorted(chosen):
            parameter, name, enum, _ = FILTERS[position]
            picked = sorted(rng.sample(list(enum.values), rng.choice([1, 1, 2])))
            if parameter == "availability":
                picked = [choices.Availability.DISPONIBLE]
            values[name] = picked
            query += [(parameter, value) for value in picked]
        # The first alert of each of the first DIGEST_EMPLOYERS employers is weekly: the digest
        # benchmark mails exactly those.
        if index < DIGEST_EMPLOYERS:
            frequency = AlertFrequency.WEEKLY
        else:
            frequency = rng.choices(
                [AlertFrequency.WEEKLY, AlertFrequency.DAILY, AlertFrequency.IMMEDIATE],
                weights=[60, 25, 15],
            )[0]
        rows.append(
            Alert(
                owner_id=owner,
                name=f"Alerte de banc {index}",
                frequency=frequency,
                commune_id=code,
                radius_km=radius,
                remote=remote,
                query=urlencode(query),
                created_at=now,
                **values,
            )
        )
    return rows


# --- Matching one profile -----------------------------------------------------------------------


def _bench_matching(report):
    """Each sample profile as if just validated: its matches deleted, then matched, committed
    (the deferred foreign-key checks and the commit are part of the cost), then deleted again."""
    sample = list(
        matching.reachable_profiles()
        .filter(profile__status=PeerProfile.Status.VALIDATED)
        .order_by(Md5(Cast("pk", TextField())))
        .values_list("pk", flat=True)[:MATCH_SAMPLE]
    )
    timings, counts = [], []
    with override_settings(DEBUG=False):
        for profile_id in sample:
            AlertMatch.objects.filter(profile_id=profile_id).delete()
            started = time.perf_counter()
            matched = matching.match_profile(profile_id)
            timings.append((time.perf_counter() - started) * 1000)
            counts.append(matched.alerts)
            AlertMatch.objects.filter(profile_id=profile_id).delete()
    report.write(
        f"{len(sample)} profils ; alertes trouvées par profil : médiane "
        f"{statistics.median(counts):.0f}, max {max(counts)}"
    )
    report.figure("alerts.match_one_profile_ms", statistics.median(timings), "ms")
    report.figure("alerts.match_one_profile_p90_ms", _quantile(timings, 0.9), "ms")
    report.figure("alerts.match_one_profile_max_ms", max(timings), "ms")


def _quantile(values, fraction):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


# --- Weekly digests for 10,000 employers --------------------------------------------------------

# 1 to 5 reachable profiles per alert: the nearest ones (KNN on the home points' GiST index) for
# an alert with a place; for one without, a run of profiles from a point that depends on the alert.
# "Reachable" is spelt out (listed, never paused) so the KNN scan stays an index scan.
GIVE_MATCHES_SQL = """
INSERT INTO directory_alertmatch (alert_id, profile_id, employer_id, created_at)
SELECT a.id, p.profile_id, a.owner_id, %s
FROM directory_alert a
CROSS JOIN LATERAL (
    SELECT pp.profile_id FROM directory_publishedprofile pp
    WHERE pp.user_active AND pp.confirmed_at >= %s AND pp.availability <> 'en_pause'
        AND (a.point IS NOT NULL OR pp.profile_id >= (a.id * 7919) %% %s)
    ORDER BY {order}
    LIMIT 1 + a.id %% 5
) p
WHERE a.id = ANY(%s) AND a.point IS {point}
ON CONFLICT (alert_id, profile_id) DO NOTHING
"""


def _bench_weekly_digests(report):
    employer_ids = _ensure_employers()[:DIGEST_EMPLOYERS]
    _reset_digests(_ensure_employers())
    alert_ids = list(
        Alert.objects.filter(
            owner_id__in=employer_ids, frequency=AlertFrequency.WEEKLY, active=True
        )
        .order_by("owner_id", "id")
        .distinct("owner_id")
        .values_list("id", flat=True)
    )
    started = time.perf_counter()
    AlertMatch.objects.filter(employer_id__in=employer_ids).delete()
    now = timezone.now()
    fresh = now - STALE_AFTER
    top = PeerProfile.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    given = 0
    with connection.cursor() as cursor:
        for point, order in (("NOT NULL", "pp.home_point <-> a.point"), ("NULL", "pp.profile_id")):
            cursor.execute(
                GIVE_MATCHES_SQL.format(order=order, point=point),
                [now, fresh, top, alert_ids],
            )
            given += cursor.rowcount
        cursor.execute("VACUUM (ANALYZE) directory_alertmatch")
    report.write(
        f"{given} profils trouvés pour {len(alert_ids)} employeurs "
        f"({time.perf_counter() - started:.1f} s de préparation)"
    )

    with override_settings(DEBUG=False), mock.patch("epop.notifications.services.publish"):
        started = time.perf_counter()
        run = digests.send_digests(AlertFrequency.WEEKLY)
        elapsed = time.perf_counter() - started
    report.write(f"{run.alert_mails} résumés hebdomadaires mis dans la boîte d'envoi")
    report.figure("alerts.weekly_digests_10k_s", elapsed, "s")
    report.figure(
        "alerts.weekly_digests_per_employer_ms", elapsed * 1000 / max(run.alert_mails, 1), "ms"
    )
    _reset_digests(_ensure_employers())


def _reset_digests(employer_ids):
    """Forget the digests of the bench employers: their outbox rows, the "sent" marks, the rows."""
    digests = Digest.objects.filter(recipient_id__in=employer_ids)
    digest_ids = list(digests.values_list("pk", flat=True))
    if not digest_ids:
        return
    with transaction.atomic():
        OutboxMessage.objects.filter(
            dedup_key__in=[f"directory.digest:{pk}" for pk in digest_ids]
        ).delete()
        AlertMatch.objects.filter(digest_id__in=digest_ids).update(digest=None, sent_at=None)
        Digest.objects.filter(Q(pk__in=digest_ids)).delete()
