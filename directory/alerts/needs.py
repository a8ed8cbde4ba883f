"""Reads about needs (their place and audience in words, who may answer, what fits a peer
worker) and the daily job that closes past needs."""

import logging

from django.utils import timezone

from directory.profiles import choices
from directory.profiles.models import PublishedProfile
from epop.accounts.permissions import is_peer_worker

from .criteria import joined_labels
from .models import (
    Need,
)

logger = logging.getLogger(__name__)


# --- Needs --------------------------------------------------------------------------------------


def need_place(need: Need) -> str:
    if need.commune is not None:
        place = f"à {need.commune.name} ({need.commune.department_id})"
        return place + (", ou à distance" if need.remote else "")
    return "à distance"


def need_types(need: Need) -> str:
    return joined_labels(choices.InterventionType, need.intervention_types, joiner=", ")


def need_audiences(need: Need) -> str:
    return joined_labels(choices.Audience, need.audiences, joiner=", ")


def close_past_needs(now=None) -> int:
    """Needs whose date has passed are closed (the daily job); `Need.objects.open()` already
    leaves them out in between."""
    now = now or timezone.now()
    return Need.objects.filter(status=Need.Status.OPEN, date__lt=timezone.localdate(now)).update(
        status=Need.Status.CLOSED, closed_at=now
    )


def responder_profile(user) -> PublishedProfile | None:
    """The listed profile a peer worker answers needs with, or None."""
    if not is_peer_worker(user):
        return None
    return PublishedProfile.objects.listed().of_user(user).select_related("home_commune").first()


def needs_for_peer(profile: PublishedProfile):
    """Open needs that fit this peer worker (their matches), soonest first."""
    return (
        Need.objects.open()
        .filter(matches__profile=profile)
        .select_related("commune")
        .order_by("date", "id")
    )
