"""Demo needs and saved searches (issue 13): an employer's inboxes are not empty on a new site.

Deterministic for a seed (ctx.rng only), idempotent (natural keys: the owner and the name or
title), in every state: needs open and closed, with and without answers; alerts active and
paused, at each frequency. Runs after the profiles (order 30) and before the conversations.
"""

from datetime import timedelta

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from directory.profiles import choices
from directory.profiles.models import PublishedProfile
from epop.core.demo import DemoContext, seeder
from epop.territories.models import Commune

from .criteria import parse_search
from .models import Alert, AlertFrequency, Need, NeedResponse

# How many employers get demo needs and alerts: the first ones, whose addresses the README gives.
EMPLOYERS = 8
SEARCHES = [
    ("Sensibilisation près d'Amiens", "lieu=Amiens+%2880000%29&intervention=sensibilisation"),
    ("Formation des équipes à Lyon", "lieu=Lyon&intervention=formation_professionnels"),
    ("Témoignages à distance", "remote=true&intervention=conference_temoignage"),
]
NEEDS = [
    ("Témoignage lors de notre journée d'équipe", "conference_temoignage", "Une heure."),
    ("Sensibilisation des éducateurs", "sensibilisation", "Une matinée pour 15 personnes."),
    ("Co-animation d'un groupe de parole", "co_animation", "Six séances d'ici l'été."),
]
COMMUNES = ["80021", "69123", "33063", "59350", "13055"]
ANSWERS = [
    "Bonjour, je suis disponible à cette date et ce sujet me parle beaucoup.",
    "Bonjour, j'ai déjà fait ce type d'intervention en établissement. Parlons-en !",
]


def _valid(values, enum):
    known = {value for value, _ in enum.choices}
    return [value for value in values if value in known] or [enum.choices[0][0]]


@seeder(order=40)
@transaction.atomic
def seed_needs_and_alerts(ctx: DemoContext) -> None:
    from epop.accounts.models import User

    employers = list(User.objects.filter(pk__in=ctx.shared.get("employer_ids", [])[:EMPLOYERS]))
    communes = {c.code: c for c in Commune.objects.filter(code__in=COMMUNES)}
    published = list(PublishedProfile.objects.order_by("pk")[:40])
    if not employers or not communes:
        ctx.write("  besoins et alertes : ni employeur ni commune de référence, rien à créer")
        return
    rng = ctx.rng
    today = timezone.localdate()
    frequencies = list(AlertFrequency)
    made = {"alerts": 0, "needs": 0, "answers": 0}
    for index, employer in enumerate(sorted(employers, key=lambda user: user.pk)):
        for number, (name, query) in enumerate(SEARCHES):
            if Alert.objects.filter(owner=employer, name=name).exists():
                continue
            criteria, _ = parse_search(QueryDict(query))
            if criteria is None:
                continue
            Alert.objects.create(
                owner=employer,
                name=name,
                frequency=frequencies[(index + number) % len(frequencies)],
                active=(index + number) % 3 != 2,  # some paused
                query=criteria.query,
                **criteria.values,
            )
            made["alerts"] += 1
        for number, (title, kind, description) in enumerate(NEEDS):
            if Need.objects.filter(author=employer, title=title).exists():
                continue
            code = COMMUNES[(index + number) % len(COMMUNES)]
            commune = communes.get(code)
            state = (index + number) % 3  # 0: open, 1: open and answered, 2: closed (past)
            date = today + timedelta(days=rng.randint(10, 90))
            if state == 2:
                date = today - timedelta(days=rng.randint(5, 60))
            need = Need.objects.create(
                author=employer,
                title=title,
                intervention_types=_valid([kind], choices.InterventionType),
                audiences=[rng.choice(choices.Audience.choices)[0]],
                description=description,
                date=date,
                commune=commune,
                point=commune.centre if commune else None,
                department=commune.department_id if commune else "",
                remote=commune is None or number == 2,
                status=Need.Status.CLOSED if state == 2 else Need.Status.OPEN,
                closed_at=timezone.now() if state == 2 else None,
            )
            made["needs"] += 1
            if state != 0 and published:
                for profile in rng.sample(published, min(2, len(published))):
                    NeedResponse.objects.get_or_create(
                        need=need, profile=profile, defaults={"message": rng.choice(ANSWERS)}
                    )
                    made["answers"] += 1
    ctx.write(
        f"  besoins et alertes : {made['alerts']} alertes, {made['needs']} besoins, "
        f"{made['answers']} réponses"
    )
