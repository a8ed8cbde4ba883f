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

from .models import PeerProfile, PublishedProfile

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

RECEIVED = registry.register(
    NotificationType(
        key="annuaire.profil_recu",
        label="Accusé de réception de mon profil",
        description=(
            "Pour les intervenant·es-pairs. Un e-mail quand votre profil ou vos modifications "
            "sont bien arrivés à la coordination, avec la suite du parcours."
        ),
        frequencies=(Frequency.IMMEDIATE, Frequency.NEVER),
        default=Frequency.IMMEDIATE,
        audiences=(User.Kind.PEER_WORKER,),
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
    profile = PeerProfile.objects.select_related("home_commune__region", "user").get(pk=profile_id)
    region = profile.home_commune.region
    _acknowledge(profile, region)
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


def _acknowledge(profile, region) -> None:
    """The peer worker's acknowledgement of a submission (issue 13), unless switched off."""
    user = profile.user
    if not user.is_active or preference_for(user, RECEIVED.key) == Frequency.NEVER:
        return
    first = not PublishedProfile.objects.filter(pk=profile.pk).exists()
    send_mail(
        [user.email],
        "Votre profil est bien envoyé" if first else "Vos modifications sont bien envoyées",
        "profile_received",
        {
            "profile": profile,
            "first": first,
            "region": region,
            "edit_url": absolute_url("directory:edit"),
            "preferences_url": absolute_url("notifications:preferences"),
        },
        dedup_key=f"profile-received:{profile.pk}:{profile.submitted_at:%Y%m%d%H%M%S}",
    )
