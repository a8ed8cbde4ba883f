"""Demo toolbox content: trainings, events and experience reports (the starter resources and
paths come from a data migration). Idempotent: natural keys and get-or-create."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from epop.accounts.models import User
from epop.core.demo import DemoContext, seeder
from epop.territories.models import Region

from .community_models import Event, ExperienceReport, ReportStatus, Training

TRAININGS = [
    ("Formation socle EPoP des intervenant·es-pairs", True, "Équipe nationale EPoP", "32", False,
     40, 89, "Gratuite pour les personnes accompagnées par le programme"),
    ("Prendre la parole en public", False, "Association Voix Partagées", "75", False, 60, 61,
     "350 € ; prise en charge possible"),
    ("La relation d'aide entre pairs", False, "Institut de la pair-aidance", None, True, 30, 32,
     "280 €"),
    ("Écrire en facile à lire et à comprendre (FALC)", False, "Atelier Lire Ensemble", "27",
     True, 50, 51, "200 €"),
]  # fmt: skip

EVENTS = [
    ("colloque-national-pair-aidance", "Colloque national de l'intervention par les pairs", None,
     "Paris", 45),
    ("journee-regionale-hauts-de-france", "Journée régionale des intervenant·es-pairs", "32",
     "Amiens", 20),
    ("journee-regionale-nouvelle-aquitaine", "Rencontre régionale : travailler avec des pairs",
     "75", "Bordeaux", 70),
]  # fmt: skip


@seeder(order=60)
def seed_toolbox(ctx: DemoContext) -> None:
    today = timezone.localdate()
    regions = {region.code: region for region in Region.objects.all()}
    for title, foundation, provider, code, remote, start, end, cost in TRAININGS:
        Training.objects.get_or_create(
            title=title,
            defaults={
                "is_foundation": foundation,
                "provider": provider,
                "description": "Une formation pour les intervenant·es-pairs et leurs futurs "
                "employeurs.",
                "region": regions.get(code),
                "remote": remote,
                "starts_on": today + timedelta(days=start),
                "ends_on": today + timedelta(days=end),
                "cost": cost,
                "accessibility": "Salle accessible en fauteuil, documents en FALC, interprète "
                "LSF sur demande.",
                "registration_url": "https://epop.example.org/inscription",
            },
        )
    for slug, title, code, place, days in EVENTS:
        start = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(9, 30)))
        Event.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": "Une journée d'échanges entre intervenant·es-pairs, employeurs et "
                "équipes.",
                "body": "Au programme : témoignages, ateliers et table ronde.",
                "starts_at": start,
                "ends_at": start + timedelta(hours=8),
                "place": place,
                "region": regions.get(code),
            },
        )
    peer_ids = ctx.shared.get("peer_worker_ids") or []
    if not peer_ids or ExperienceReport.objects.exists():
        return
    now = timezone.now()
    reviewer = User.objects.filter(kind=User.Kind.COORDINATOR, is_staff=True).first()
    for index, (title, sector, kind) in enumerate(
        [
            ("Un groupe de parole en foyer d'hébergement", "social_precarite", "animation_groupe"),
            ("Sensibiliser une équipe d'ESAT", "travail_protege_adapte", "sensibilisation"),
            (
                "Co-animer une formation d'infirmiers",
                "formation_enseignement",
                "formation_professionnels",
            ),
        ]  # fmt: skip
    ):
        ExperienceReport.objects.create(
            author_id=peer_ids[index % len(peer_ids)],
            title=title,
            sector=sector,
            intervention_type=kind,
            context="Une structure m'a demandé d'intervenir auprès de son équipe.",
            actions="J'ai préparé la séance avec la référente, puis je l'ai animée.",
            worked="Les exemples concrets ont lancé la discussion.",
            would_change="Je prévoirais plus de temps pour les questions.",
            consent_at=now,
            status=ReportStatus.PUBLISHED if index < 2 and reviewer else ReportStatus.SUBMITTED,
            reviewed_by=reviewer if index < 2 else None,
            reviewed_at=now if index < 2 and reviewer else None,
        )
