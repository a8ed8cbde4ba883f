"""Who may send a contact request to whom, and the limits (domain.md §4, rules 4, 5 and 7):

- only an active employer account with a verified address and an organisation sends requests,
  only to a publicly listed profile, never to a paused one or one that stopped this employer;
- at most `DAILY_LIMIT` requests per employer in 24 hours and `PER_PEER_LIMIT` to the same peer
  worker in 30 days; a refused request creates nothing.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import formats

from directory.profiles.models import PublishedProfile
from epop.accounts.models import Organisation
from epop.accounts.permissions import is_employer

from .models import (
    ContactBlock,
    ContactMessage,
    ContactRequest,
)

Status = ContactRequest.Status
Kind = ContactMessage.Kind

logger = logging.getLogger(__name__)


Status = ContactRequest.Status
Kind = ContactMessage.Kind

DAILY_LIMIT = 10
DAILY_WINDOW = timedelta(hours=24)
PER_PEER_LIMIT = 3
PER_PEER_WINDOW = timedelta(days=30)
REMIND_AFTER = timedelta(days=7)
EXPIRE_AFTER = timedelta(days=30)
# The follow-up goes this long after the last desired date, or FOLLOW_UP_AFTER_ACCEPTANCE after
# the acceptance when the employer gave no date.
FOLLOW_UP_AFTER_DATE = timedelta(days=7)
FOLLOW_UP_AFTER_ACCEPTANCE = timedelta(days=30)
SUGGESTIONS = 3


def retention() -> timedelta:
    """How long a conversation is kept after its last activity (audit trail, then deletion)."""
    return timedelta(days=getattr(settings, "EPOP_CONTACT_RETENTION_DAYS", 3 * 365))


# --- Errors ---------------------------------------------------------------------------------------


class ContactError(Exception):
    """An action that is not possible now; the message is French and shown to the user."""


class ContactUnavailable(ContactError):
    """This viewer cannot send a request to this profile; `code` says why (see `CallState`)."""

    def __init__(self, state: "CallState"):
        super().__init__(state.message)
        self.state = state


class LimitReached(ContactError):
    """A rate limit; nothing was created."""


# --- Who may send ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallState:
    code: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.code == "ok"


NOT_ACCEPTING = (
    "Cette personne n'accepte pas de nouvelles demandes pour le moment. Vous pouvez chercher "
    "un·e autre intervenant·e-pair dans l'annuaire."
)


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def is_blocked(peer_user_id, employer) -> bool:
    return ContactBlock.objects.filter(peer_worker_id=peer_user_id, employer=employer).exists()


def call_state(user, published: PublishedProfile, today=None) -> CallState:
    """What this viewer may do about contacting this (listed) profile.

    Codes: « anonymous », « not_employer », « unverified », « no_organisation », « paused »,
    « not_accepting » and « ok ». The template `directory/contact/contact_call.html` turns each
    into a call to action.
    """
    # A pause concerns every visitor: nobody needs to sign in to learn it (domain rule 7).
    if published.is_paused(today):
        until = published.paused_until
        when = f" jusqu'au {formats.date_format(until, 'j F Y')}" if until else ""
        return CallState(
            "paused",
            f"Cette personne a mis son activité en pause{when}. Elle ne reçoit pas de demande "
            "pendant sa pause.",
        )
    if not getattr(user, "is_authenticated", False):
        return CallState("anonymous", "Connectez-vous avec un compte employeur pour écrire.")
    if not is_employer(user):
        return CallState(
            "not_employer",
            "Les demandes de mise en relation sont réservées aux comptes employeur : "
            "structures, entreprises, collectivités, familles ou particuliers.",
        )
    if not has_verified_email(user):
        return CallState(
            "unverified",
            "Confirmez d'abord votre adresse e-mail : cliquez sur le lien du message que nous "
            "vous avons envoyé, ou demandez un nouveau lien.",
        )
    if not Organisation.objects.filter(user=user).exists():
        return CallState(
            "no_organisation",
            "Présentez d'abord votre structure (son nom et son type) : ces informations sont "
            "jointes à chaque demande. Vous ne le faites qu'une fois.",
        )
    if is_blocked(published.profile.user_id, user):
        return CallState("not_accepting", NOT_ACCEPTING)
    return CallState("ok")


def listed_profile(profile_id) -> PublishedProfile:
    """The public profile, or PublishedProfile.DoesNotExist exactly as the public page answers
    for a profile that is unvalidated, hidden by a pause, stale or missing."""
    return (
        PublishedProfile.objects.listed()
        .select_related("profile__user", "home_commune")
        .get(pk=profile_id)
    )
