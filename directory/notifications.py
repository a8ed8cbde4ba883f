"""Mails of the validation workflow. Called after commit; each goes through the outbox.

Subjects never carry personal data (names, health): only what the mail is about.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from epop.notifications.services import enqueue_email

from .models import PeerProfile
from .queue import coordinators_for_region


def _url(name, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send(to: list[str], subject: str, template: str, context: dict, dedup_key: str | None = None):
    body = render_to_string(f"directory/emails/{template}.txt", context)
    enqueue_email(to=to, subject=subject, body=body, dedup_key=dedup_key)


def profile_submitted(profile_id: int) -> None:
    profile = PeerProfile.objects.select_related("home_commune__region").get(pk=profile_id)
    region = profile.home_commune.region
    context = {
        "profile": profile,
        "region": region,
        "review_url": _url("directory:coordination_profile", profile.pk),
        "queue_url": _url("directory:coordination"),
    }
    for email in coordinators_for_region(region).values_list("email", flat=True):
        _send(
            [email],
            "Un profil attend votre validation",
            "profile_submitted",
            context,
            dedup_key=f"profile-submitted:{profile.pk}:{profile.submitted_at:%Y%m%d%H%M%S}:{email}",
        )


def profile_validated(profile_id: int) -> None:
    profile = PeerProfile.objects.select_related("user").get(pk=profile_id)
    _send(
        [profile.user.email],
        "Votre profil est publié dans l'annuaire EPoP",
        "profile_validated",
        {"profile": profile, "profile_url": _url("directory:profile", profile.pk)},
    )


def profile_sent_back(profile_id: int, action: str, message: str) -> None:
    profile = PeerProfile.objects.select_related("user").get(pk=profile_id)
    refused = action == "refus"
    _send(
        [profile.user.email],
        "Votre profil n'a pas été retenu"
        if refused
        else "Des modifications sont demandées sur votre profil",
        "profile_refused" if refused else "profile_changes_requested",
        {"profile": profile, "message": message, "edit_url": _url("directory:edit")},
    )
