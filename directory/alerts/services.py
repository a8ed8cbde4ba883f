"""Writes on alerts and needs, one transaction each; matching is scheduled after commit."""

import logging

from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone

from directory.profiles.notifications import absolute_url
from directory.profiles.services import profile_listed
from epop.accounts.models import User
from epop.accounts.permissions import is_employer
from epop.notifications.delivery import BROKER_ERRORS
from epop.notifications.preferences import wants
from epop.notifications.services import enqueue_email

from . import tasks as alert_tasks
from .criteria import Criteria
from .models import (
    Alert,
    AlertMatch,
    Need,
    NeedResponse,
)
from .needs import responder_profile
from .notifications import NEED_RESPONSES_KEY

logger = logging.getLogger(__name__)


MAX_ALERTS_PER_EMPLOYER = 50
MAX_OPEN_NEEDS_PER_EMPLOYER = 20


class NeedError(Exception):
    """A write on a need that is not allowed now; the message is French and shown to the person."""


class AlertError(Exception):
    """A write that is not allowed now; the message is French and shown to the person."""


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
    # Matches already mailed point at their digest with RESTRICT (a digest, the record of what
    # was sent, is never deleted while matches point at it): the alert's matches go first, with
    # the alert, in one transaction.
    with transaction.atomic():
        AlertMatch.objects.filter(alert=alert).delete()
        alert.delete()


@receiver(profile_listed, dispatch_uid="directory.alert_services.schedule_matching")
def schedule_matching(sender, profile_id, **kwargs):
    """The signal is sent after commit: hand the matching to a worker, never hold the request."""

    try:
        alert_tasks.match_profile.delay(profile_id)
    except BROKER_ERRORS as error:
        logger.warning("Alerts: matching of profile %s not scheduled (%s).", profile_id, error)


def create_need(author, data: dict) -> Need:
    """Publish a need; matching peer workers are found by a worker after commit."""
    if not is_employer(author):
        raise NeedError("Seuls les comptes employeurs peuvent publier un besoin.")
    commune = data.get("commune")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=author.pk).first()
        if Need.objects.filter(author=author).open().count() >= MAX_OPEN_NEEDS_PER_EMPLOYER:
            raise NeedError(
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


def answer_need(user, need: Need, message: str) -> NeedResponse:
    """A peer worker answers a need: the answer is kept and mailed to the author.

    The contact requests (directory/contacts/services.py) only open a thread from the employer's
    side today; once they can open one from a need, this is where to call it.
    """
    profile = responder_profile(user)
    if profile is None:
        raise NeedError("Seul·e un·e intervenant·e-pair dont le profil est publié peut répondre.")
    with transaction.atomic():
        need = Need.objects.select_for_update().select_related("author").get(pk=need.pk)
        if not need.is_open():
            raise NeedError("Ce besoin est fermé : il n'attend plus de réponse.")
        if NeedResponse.objects.filter(need=need, profile=profile).exists():
            raise NeedError("Vous avez déjà répondu à ce besoin.")
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
                    "need_url": absolute_url("directory:need", need.pk),
                    "profile_url": absolute_url("directory:profile", profile.pk),
                    "preferences_url": absolute_url("notifications:preferences"),
                },
            )
            enqueue_email(
                to=[author.email],
                subject="Une réponse à votre besoin sur EPoP",
                body=body,
                dedup_key=f"directory.need_response:{response.pk}",
            )
    return response
