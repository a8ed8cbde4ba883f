"""Mails of the validation workflow; each goes through the outbox. Subjects never carry personal
data (names, health): only what the mail is about.

Notification type (epop.notifications.registry), with the users' preferences respected:
``annuaire.profil_soumis``, for coordinators: a mail as soon as a profile of their queue is
submitted (default), or nothing but the Monday digest (« Un résumé par semaine », sent by
directory.coordination.digests), or never.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from epop.accounts.models import User
from epop.accounts.permissions import coordinators_for_region
from epop.notifications import registry
from epop.notifications.preferences import preference_for
from epop.notifications.registry import Frequency, NotificationType
from epop.notifications.services import enqueue_email

from .models import PeerProfile

SUBMITTED = registry.register(
    NotificationType(
        key="annuaire.profil_soumis",
        label="Coordination : nouveau profil à valider",
        description=(
            "Pour les équipes de coordination. Un e-mail dès qu'un·e intervenant·e-pair de vos "
            "régions envoie son profil. Avec « Un résumé par semaine », vous ne recevez que le "
            "résumé du lundi."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.WEEKLY, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.COORDINATOR,),
    )
)


def absolute_url(name, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def send_mail(
    to: list[str], subject: str, template: str, context: dict, dedup_key: str | None = None
):
    body = render_to_string(f"directory/emails/{template}.txt", context)
    return enqueue_email(to=to, subject=subject, body=body, dedup_key=dedup_key)


# --- Validation workflow -------------------------------------------------------------------------


def profile_submitted(profile_id: int) -> None:
    profile = PeerProfile.objects.select_related("home_commune__region").get(pk=profile_id)
    region = profile.home_commune.region
    context = {
        "profile": profile,
        "region": region,
        "review_url": absolute_url("directory:coordination_profile", profile.pk),
        "queue_url": absolute_url("directory:coordination"),
    }
    for coordinator in coordinators_for_region(region).only("pk", "email"):
        # « Un résumé par semaine » and « Jamais » both mean: no mail now.
        if preference_for(coordinator, SUBMITTED.key) != Frequency.IMMEDIATE:
            continue
        email = coordinator.email
        send_mail(
            [email],
            "Un profil attend votre validation",
            "profile_submitted",
            context,
            dedup_key=f"profile-submitted:{profile.pk}:{profile.submitted_at:%Y%m%d%H%M%S}:{email}",
        )


def profile_validated(profile_id: int) -> None:
    profile = PeerProfile.objects.select_related("user").get(pk=profile_id)
    send_mail(
        [profile.user.email],
        "Votre profil est publié dans l'annuaire EPoP",
        "profile_validated",
        {"profile": profile, "profile_url": absolute_url("directory:profile", profile.pk)},
    )


def profile_sent_back(profile_id: int, action: str, message: str) -> None:
    profile = PeerProfile.objects.select_related("user").get(pk=profile_id)
    refused = action == "refus"
    send_mail(
        [profile.user.email],
        "Votre profil n'a pas été retenu"
        if refused
        else "Des modifications sont demandées sur votre profil",
        "profile_refused" if refused else "profile_changes_requested",
        {"profile": profile, "message": message, "edit_url": absolute_url("directory:edit")},
    )
