"""Demo peer-worker profiles in every state, across the country (domain.md §5).

About three quarters live around the cities of the four regions with a regional team, so that a
50 km search around each finds several; the rest are spread over other regions so the national
queue has work. Rows go in with COPY: `seed_demo --profiles 100000` takes a minute or two.
"""

from datetime import timedelta
from functools import cache

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.measure import D
from django.db import connection
from django.utils import timezone

from epop.core.demo import DemoContext, seeder
from epop.territories.models import Commune

from . import choices
from .models import CharterAcceptance, CharterVersion, PeerProfile, ProfileEvent, PublishedProfile
from .services import ZONE_SQL

# (city, weight): the programme's territories first, then a minority elsewhere.
DEPLOYED_HUBS = [
    ("Amiens", 6), ("Montdidier", 1), ("Péronne", 1), ("Roubaix", 3), ("Tourcoing", 2),
    ("Lille", 6), ("Bordeaux", 7), ("Poitiers", 4), ("Agen", 3), ("Toulouse", 7),
    ("Tarbes", 3), ("Carcassonne", 3), ("Dijon", 5), ("Vesoul", 2), ("Chalon-sur-Saône", 3),
]  # fmt: skip
OTHER_HUBS = [
    ("Rouen", 1), ("Lyon", 2), ("Grenoble", 1), ("Marseille", 2), ("Paris", 2), ("Nantes", 1),
    ("Strasbourg", 1),
]  # fmt: skip
HUB_RADIUS_KM = 40

PITCHES = [
    "J'interviens auprès des équipes pour parler de ce que j'ai appris de mon parcours, avec des "
    "exemples concrets et des outils qu'elles peuvent reprendre.",
    "Je co-anime des formations avec des professionnels : je fais le lien entre ce que vivent "
    "les personnes accompagnées et les pratiques des équipes.",
    "J'accompagne des personnes qui vivent des situations proches de celles que j'ai connues, "
    "pour les aider à trouver leurs propres solutions.",
    "Je témoigne lors de conférences et de tables rondes, et j'aide les organisateurs à rendre "
    "leurs événements accessibles.",
    "Je participe à des groupes de travail pour que les services soient pensés avec les "
    "personnes concernées, pas seulement pour elles.",
    "J'anime des groupes de parole et des ateliers d'entraide, en présentiel ou en visio.",
]
STATEMENTS = [
    "J'ai passé plusieurs années en établissement. Aujourd'hui je partage ce que cette "
    "expérience m'a appris sur l'autonomie et le choix.",
    "Mon parcours de travail en ESAT puis en entreprise m'a appris à faire valoir mes droits : "
    "c'est ce que je transmets.",
    "J'ai appris à vivre avec des troubles qui ne se voient pas. J'en parle pour changer le "
    "regard des équipes.",
    "Parent en situation de handicap, je parle de parentalité et de soutien aux familles.",
    "",
    "",
]
RATES = [
    (choices.RateKind.INDICATIVE, "66 € HT de l'heure pour concevoir une formation"),
    (choices.RateKind.INDICATIVE, "550 € la journée de formation"),
    (choices.RateKind.INDICATIVE, "150 € pour une intervention en colloque, frais compris"),
    (choices.RateKind.QUOTE, ""),
    (choices.RateKind.QUOTE, "Devis selon la durée et le déplacement"),
    (choices.RateKind.VOLUNTEER, "Frais de déplacement remboursés"),
]
JOB_TITLES = ["Intervenante-paire", "Intervenant-pair", "Formatrice paire", "Pair-aidant",
              "Médiatrice de santé paire", "Consultant en expertise d'usage", ""]  # fmt: skip

# Share of each state among the demo profiles (the rest are validated).
STATE_MIX = [
    ("submitted", 0.10),
    ("changes", 0.03),
    ("draft", 0.05),
    ("paused", 0.04),
    ("stale", 0.04),
    ("refused", 0.01),
]


def _pick(rng, enum, low, high):
    return sorted(rng.sample(_values(enum), rng.randint(low, high)))


@cache
def _values(enum) -> list:
    # `enum.choices` rebuilds its list on every access: a million times for 100,000 profiles.
    return [value for value, _ in enum.choices]


def _hub_communes(hubs):
    """For each hub city, the communes within HUB_RADIUS_KM (one query per hub)."""
    found = []
    for name, weight in hubs:
        hub = Commune.objects.with_centre().filter(name=name).order_by("-population").first()
        if hub is None:
            continue
        around = list(
            Commune.objects.with_centre()
            .filter(centre__dwithin=(hub.centre, D(km=HUB_RADIUS_KM)))
            .values_list("code", "department_id")
        )
        # Half of the people live in the hub itself: cities are where peer work happens most.
        found.append((weight, (hub.code, hub.department_id), around))
    return found


def _state(rng) -> str:
    roll, total = rng.random(), 0.0
    for state, share in STATE_MIX:
        total += share
        if roll < total:
            return state
    return "validated"


@seeder(order=30)
def seed_profiles(ctx: DemoContext) -> None:
    charter = CharterVersion.current()
    user_ids = ctx.shared.get("peer_worker_ids", [])
    names = ctx.shared.get("peer_worker_names", [])
    deployed, others = _hub_communes(DEPLOYED_HUBS), _hub_communes(OTHER_HUBS)
    if not user_ids or not (deployed or others):
        ctx.write("  profils : aucune commune de référence, rien à créer")
        return
    existing = set(
        PeerProfile.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    now = timezone.now()
    rng = ctx.rng

    profiles, states = [], []
    for index, (user_id, (first, last)) in enumerate(zip(user_ids, names, strict=True)):
        pool = deployed if (rng.random() < 0.75 or not others) and deployed else others
        _, (hub_code, hub_dep), around = rng.choices(pool, weights=[w for w, _, _ in pool])[0]
        code, department = (hub_code, hub_dep) if rng.random() < 0.5 else rng.choice(around)
        state = _state(rng)
        rate_kind, rate_details = rng.choice(RATES)
        statement = rng.choice(STATEMENTS)
        radius = rng.choice([10, 20, 30, 30, 50, 80, 100])
        confirmed_days = rng.randint(300, 400) if state == "stale" else rng.randint(1, 170)
        submitted_days = rng.randint(1, 40)
        profile = PeerProfile(
            user_id=user_id,
            display_name=f"{first} {last[0]}.",
            pitch=rng.choice(PITCHES),
            job_title=rng.choice(JOB_TITLES),
            peer_roles=_pick(rng, choices.PeerRole, 1, 2),
            approaches=_pick(rng, choices.Approach, 1, 2),
            experience_statement=statement,
            experience_visibility=rng.choice(_values(choices.Visibility)),
            themes=_pick(rng, choices.Theme, 0, 2),
            intervention_types=_pick(rng, choices.InterventionType, 1, 4),
            audiences=_pick(rng, choices.Audience, 1, 3),
            sectors=_pick(rng, choices.Sector, 1, 3),
            formats=_pick(rng, choices.Format, 1, 2),
            work_modes=_pick(rng, choices.WorkMode, 1, 3),
            languages=["fr"]
            + (["lsf"] if rng.random() < 0.08 else [])
            + (["en"] if rng.random() < 0.15 else []),
            communication=_pick(rng, choices.Communication, 0, 1),
            training=rng.choice(
                [choices.Training.EPOP] * 3
                + [choices.Training.EQUIVALENT, choices.Training.PLANNED]
            ),
            rate_kind=rate_kind,
            rate_details=rate_details,
            home_commune_id=code,
            travel_radius_km=radius,
            zone_departments=[department] if rng.random() < 0.3 else [],
            remote=rng.random() < 0.3,
            availability=choices.Availability.EN_PAUSE
            if state == "paused"
            else rng.choice([choices.Availability.DISPONIBLE] * 3 + [choices.Availability.LIMITEE]),
            paused_until=(now + timedelta(days=rng.randint(20, 120))).date()
            if state == "paused"
            else None,
            status={
                "submitted": PeerProfile.Status.SUBMITTED,
                "changes": PeerProfile.Status.CHANGES_REQUESTED,
                "draft": PeerProfile.Status.DRAFT,
                "refused": PeerProfile.Status.REFUSED,
            }.get(state, PeerProfile.Status.VALIDATED),
            submitted_at=now - timedelta(days=submitted_days, hours=index % 24)
            if state != "draft"
            else None,
            confirmed_at=now - timedelta(days=confirmed_days) if state in _PUBLISHED else None,
            first_exchange_on=(now - timedelta(days=submitted_days + 5)).date()
            if state in _PUBLISHED or state == "changes"
            else None,
            training_status=choices.Training.EPOP if state in _PUBLISHED else "",
        )
        if user_id not in existing:
            profiles.append(profile)
            states.append(state)

    # COPY rather than INSERT: building and parsing multi-row INSERT statements of some forty
    # columns was most of the time of `seed_demo --profiles 100000`.
    copy_rows(PeerProfile, profiles)
    ids = dict(
        PeerProfile.objects.filter(user_id__in=[p.user_id for p in profiles]).values_list(
            "user_id", "id"
        )
    )
    for profile in profiles:
        profile.pk = ids[profile.user_id]
        profile._state.adding, profile._state.db = False, connection.alias
    published = [
        _published_from(profile, now)
        for profile, state in zip(profiles, states, strict=True)
        if state in _PUBLISHED
    ]
    # Home points, departments and zones are written with the rows (no UPDATE afterwards, which
    # left two dead versions of every row and of its ten index entries); PostGIS still does the
    # geometry, once per commune and travel radius.
    places = _places(published)
    for record in published:
        centre, record.department, record.region = places[record.home_commune_id]
        record.home_point = centre
        record.zone = places.get((record.home_commune_id, record.travel_radius_km))
    copy_rows(PublishedProfile, published)
    copy_rows(
        ProfileEvent,
        [
            ProfileEvent(
                profile=profile,
                action="soumission",
                from_status=PeerProfile.Status.DRAFT,
                to_status=PeerProfile.Status.SUBMITTED,
                created_at=profile.submitted_at,
            )
            for profile in profiles
            if profile.submitted_at
        ],
    )
    if charter:
        copy_rows(
            CharterAcceptance,
            [
                CharterAcceptance(user_id=profile.user_id, version=charter)
                for profile in profiles
                if profile.submitted_at
            ],
            ignore_conflicts=True,
        )
    # Fresh planner statistics for the tables just filled (autovacuum may be off in development).
    with connection.cursor() as cursor:
        for model in (PeerProfile, PublishedProfile, ProfileEvent):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    counts = {state: states.count(state) for state in sorted(set(states))}
    ctx.write(f"  profils créés : {len(profiles)} {counts}")


_PUBLISHED = {"validated", "paused", "stale"}


def _places(published) -> dict:
    """For the communes of these records: (centre, department, region) by code, and the travel
    zone by (code, radius), as services.publish computes it."""
    codes = sorted({record.home_commune_id for record in published})
    radii = sorted({record.travel_radius_km for record in published})
    places = {}
    with connection.cursor() as cursor:
        # Geographies and geometries travel as hex EWKB text, straight back into COPY.
        cursor.execute(
            "SELECT code, centre::text, department_id, region_id FROM territories_commune "
            "WHERE code = ANY(%s)",
            [codes],
        )
        for code, centre, department, region in cursor.fetchall():
            places[code] = (centre, department, region)
        # services.ZONE_SQL itself, on each commune centre and each radius used.
        cursor.execute(
            f"SELECT code, travel_radius_km, ({ZONE_SQL})::text "  # noqa: S608 constant
            "FROM (SELECT code, centre AS home_point FROM territories_commune "
            "WHERE code = ANY(%s)) AS c CROSS JOIN unnest(%s::smallint[]) AS r(travel_radius_km)",
            [codes, radii],
        )
        for code, radius, zone in cursor.fetchall():
            places[(code, radius)] = zone
    return places


def copy_rows(model, objects, *, ignore_conflicts=False) -> None:
    """Insert model instances with PostgreSQL's COPY, as bulk_create would (auto_now and
    defaults applied, auto primary keys left to the database, which numbers rows in order).
    Geometry values may be hex EWKB text. With ignore_conflicts, rows that would violate a
    unique constraint are skipped (through a temporary table: COPY cannot skip them)."""
    if not objects:
        return
    fields = [field for field in model._meta.concrete_fields if field is not model._meta.auto_field]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        target = table
        if ignore_conflicts:
            target = quote(f"copy_{model._meta.db_table}")
            # Names come from the model's metadata, never from users.
            cursor.execute(f"DROP TABLE IF EXISTS {target}")
            cursor.execute(
                f"CREATE TEMP TABLE {target} AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
            )
        with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for instance in objects:
                copy.write_row([_db_value(field, instance) for field in fields])
        if ignore_conflicts:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"DROP TABLE {target}")


def _db_value(field, instance):
    if isinstance(field, GeometryField):
        # The raw attribute: reading it through the model would parse hex EWKB into GEOS.
        value = instance.__dict__.get(field.attname)
        return value.hexewkb.decode() if hasattr(value, "hexewkb") else value
    return field.get_db_prep_save(field.pre_save(instance, add=True), connection)


def _published_from(profile: PeerProfile, now) -> PublishedProfile:
    values = {
        name: getattr(profile, PeerProfile._meta.get_field(name).attname)
        for name in (*PeerProfile.SIGNIFICANT_FIELDS, *PeerProfile.AVAILABILITY_FIELDS)
    }
    values["home_commune_id"] = values.pop("home_commune")
    values["photo"] = ""
    return PublishedProfile(
        profile=profile,
        home_point=None,  # the commune centre, department and region: see _places()
        department="",
        region="",
        validated_at=profile.submitted_at or now,
        confirmed_at=profile.confirmed_at,
        **values,
    )
