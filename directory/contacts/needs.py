"""Answering a need opens a conversation (issue 13, decision 0016).

The peer worker's answer is kept as a `NeedResponse` and mailed to the employer by the needs'
own service; in the same transaction a thread like a contact request's starts, with the need as
its subject and the answer as its first message, so the employer answers in « Mes messages »
instead of filling the contact form again. The peer worker spoke first: the thread starts
« répondue », nothing waits for them, and the employer sees it unread.
"""

from django.db import transaction
from django.utils import timezone

from directory.alerts import services as need_services
from directory.alerts.models import Need
from directory.alerts.needs import responder_profile
from directory.profiles import choices
from epop.accounts.models import Organisation, OrganisationType

from .forms import SECTOR_FOR_ORGANISATION
from .models import ContactMessage, ContactRequest

NeedError = need_services.NeedError


def _format(need: Need) -> str:
    if need.commune_id and need.remote:
        return choices.Format.HYBRIDE
    return choices.Format.DISTANCIEL if need.remote else choices.Format.PRESENTIEL


def answer_need(user, need: Need, message: str) -> ContactRequest:
    """Keep and mail the answer, and open the thread; raises NeedError as the needs do."""
    with transaction.atomic():
        need_services.answer_need(user, need, message)
        published = responder_profile(user)
        need = Need.objects.select_related("author").get(pk=need.pk)
        organisation = Organisation.objects.filter(user=need.author).first()
        now = timezone.now()
        contact = ContactRequest.objects.create(
            employer=need.author,
            profile=published.profile,
            region_id=published.region,
            need=need,
            need_title=need.title,
            status=ContactRequest.Status.ANSWERED,
            intervention_type=need.intervention_types[0],
            description=need.description,
            sector=SECTOR_FOR_ORGANISATION.get(organisation.kind, "") if organisation else "",
            audiences=list(need.audiences),
            format=_format(need),
            place=ContactRequest.Place.COMMUNE if need.commune_id else ContactRequest.Place.REMOTE,
            commune_id=need.commune_id,
            date_start=need.date,
            date_end=need.date,
            organisation_name=organisation.name if organisation else need.author.get_full_name(),
            organisation_kind=organisation.kind if organisation else OrganisationType.AUTRE,
            organisation_siret=organisation.siret if organisation else "",
            created_at=now,
            answered_at=now,
            last_message_at=now,
            peer_seen_at=now,
        )
        ContactMessage.objects.create(
            request=contact,
            author=user,
            kind=ContactMessage.Kind.MESSAGE,
            body=message.strip(),
            created_at=now,
        )
    return contact
