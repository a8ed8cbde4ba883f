"""Demo conversations (issue 13): contact requests in every state, so that the demo's employers
and peer workers find their inboxes, dashboards and the header's count filled.

Deterministic for a seed (ctx.rng only) and idempotent: each request has a token derived from
its employer's address and its rank, and the (employer, token) constraint finds it again. The
demo employers get an organisation, required to write to a peer worker. Runs after the needs.
"""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from directory.profiles import choices
from directory.profiles.models import PublishedProfile
from epop.accounts.models import Organisation, OrganisationType, User
from epop.core.demo import DemoContext, seeder

from .forms import SECTOR_FOR_ORGANISATION
from .models import ContactMessage, ContactRequest, DeclineReason

EMPLOYERS = 8
ORGANISATIONS = [
    ("Foyer de vie Les Tilleuls", OrganisationType.ESSMS),
    ("ESAT du Val", OrganisationType.ESAT),
    ("Centre hospitalier de la Côte", OrganisationType.ETABLISSEMENT_SANTE),
    ("Mairie de Saint-Aubin", OrganisationType.COLLECTIVITE),
    ("IRTS du Nord", OrganisationType.ORGANISME_FORMATION),
    ("Association Les Passerelles", OrganisationType.ESSMS),
    ("Entreprise adaptée Horizon", OrganisationType.ENTREPRISE_ADAPTEE),
    ("Cap emploi du Sud", OrganisationType.SERVICE_PUBLIC),
]
Status = ContactRequest.Status
# Every state a conversation can be in; each demo employer gets one of each.
STATES = [
    Status.SENT,
    Status.READ,
    Status.ANSWERED,
    Status.ACCEPTED,
    Status.DECLINED,
    Status.EXPIRED,
]
REQUESTS = [
    "Bonjour, nous aimerions vous inviter pour une matinée avec notre équipe.",
    "Bonjour, votre profil correspond à notre projet : pouvons-nous en parler ?",
    "Bonjour, seriez-vous disponible pour co-animer un atelier ce trimestre ?",
]
ANSWERS = [
    "Bonjour, merci pour votre message. Pouvez-vous me dire combien de personnes seront là ?",
    "Bonjour, avec plaisir. Je vous propose d'en parler au téléphone.",
]


def _organisation(employer, index) -> Organisation:
    name, kind = ORGANISATIONS[index % len(ORGANISATIONS)]
    organisation, _ = Organisation.objects.get_or_create(
        user=employer, defaults={"name": name, "kind": kind}
    )
    return organisation


@seeder(order=50)
@transaction.atomic
def seed_contact_requests(ctx: DemoContext) -> None:
    employer_ids = ctx.shared.get("employer_ids", [])[:EMPLOYERS]
    employers = sorted(User.objects.filter(pk__in=employer_ids), key=lambda user: user.pk)
    published = list(PublishedProfile.objects.select_related("profile__user").order_by("pk")[:30])
    if not employers or not published:
        ctx.write("  mises en relation : ni employeur ni profil publié, rien à créer")
        return
    rng = ctx.rng
    now = timezone.now()
    created = 0
    for index, employer in enumerate(employers):
        organisation = _organisation(employer, index)
        for rank, state in enumerate(STATES):
            token = uuid.uuid5(uuid.NAMESPACE_URL, f"epop-demo-contact:{employer.email}:{rank}")
            if ContactRequest.objects.filter(employer=employer, token=token).exists():
                continue
            # The first profiles get most requests: their inboxes are the ones to try.
            published_profile = published[(index + rank * 3) % len(published)]
            profile = published_profile.profile
            sent = now - timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 23))
            answered = sent + timedelta(hours=rng.randint(2, 48))
            commune_id = profile.home_commune_id
            contact = ContactRequest.objects.create(
                employer=employer,
                profile=profile,
                region_id=published_profile.region,
                token=token,
                status=state,
                intervention_type=rng.choice(profile.intervention_types)
                if profile.intervention_types
                else choices.InterventionType.SENSIBILISATION,
                description="Une intervention auprès de notre équipe, à préciser ensemble.",
                sector=SECTOR_FOR_ORGANISATION.get(organisation.kind, ""),
                audiences=list(profile.audiences[:1]),
                format=choices.Format.PRESENTIEL,
                place=ContactRequest.Place.COMMUNE,
                commune_id=commune_id,
                date_start=timezone.localdate() + timedelta(days=rng.randint(15, 60)),
                budget_amount=rng.choice([None, 300, 550]),
                organisation_name=organisation.name,
                organisation_kind=organisation.kind,
                created_at=sent,
                last_message_at=sent,
                employer_seen_at=sent,
                read_at=None if state == Status.SENT else answered,
                peer_seen_at=None if state == Status.SENT else answered,
            )
            ContactMessage.objects.create(
                request=contact,
                author=employer,
                kind=ContactMessage.Kind.REQUEST,
                body=rng.choice(REQUESTS),
                created_at=sent,
            )
            _follow_up(contact, state, answered, rng)
            created += 1
    ctx.write(f"  mises en relation : {created} demandes, dans chaque état")


def _follow_up(contact, state, answered, rng) -> None:
    """The peer worker's side of the thread, as the state says."""
    peer = contact.profile.user
    fields = {}
    if state in (Status.ANSWERED, Status.ACCEPTED, Status.DECLINED):
        kind = {
            Status.ANSWERED: ContactMessage.Kind.MESSAGE,
            Status.ACCEPTED: ContactMessage.Kind.ACCEPT,
            Status.DECLINED: ContactMessage.Kind.DECLINE,
        }[state]
        ContactMessage.objects.create(
            request=contact, author=peer, kind=kind, body=rng.choice(ANSWERS), created_at=answered
        )
        fields.update(answered_at=answered, last_message_at=answered)
        if state != Status.ANSWERED:
            fields["decided_at"] = answered
        if state == Status.DECLINED:
            fields["decline_reason"] = DeclineReason.TOO_BUSY
    if state == Status.EXPIRED:
        ContactMessage.objects.create(
            request=contact,
            author=None,
            kind=ContactMessage.Kind.SYSTEM,
            body="Cette demande est restée sans réponse pendant 30 jours : elle est expirée.",
            created_at=answered,
        )
        fields.update(expired_at=answered, last_message_at=answered)
    if fields:
        ContactRequest.objects.filter(pk=contact.pk).update(**fields)
