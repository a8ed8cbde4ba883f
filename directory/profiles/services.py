"""Every write on profiles that has rules or side effects. One transaction each; mails and other
side effects are scheduled with `transaction.on_commit`, so a rollback sends nothing."""

from django.contrib.gis.db.models import PolygonField
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.dispatch import Signal
from django.utils import timezone

from epop.accounts.permissions import can_coordinate_region
from epop.territories.models import Commune

from . import notifications, ranking
from .experience_withdrawal import withdraw_from_published
from .models import CharterAcceptance, CharterVersion, PeerProfile, ProfileEvent, PublishedProfile

Status = PeerProfile.Status

# Sent after commit whenever a profile becomes publicly listed (validated, or back from a pause):
# the alerts feature listens to it. Arguments: profile_id.
profile_listed = Signal()


class TransitionError(Exception):
    """A workflow step that is not allowed now; the message is French and shown to the user."""


def _event(profile, actor, action, from_status, message=""):
    ProfileEvent.objects.create(
        profile=profile,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=profile.status,
        message=message,
    )


def _locked(profile) -> PeerProfile:
    return (
        PeerProfile.objects.select_for_update(of=("self",))
        .select_related("home_commune__region", "user")
        .get(pk=profile.pk)
    )


def get_or_create_profile(user) -> PeerProfile:
    profile, _ = PeerProfile.objects.get_or_create(user=user)
    return profile


# --- Peer worker ----------------------------------------------------------------------------


# What must be filled before submitting, by field, with its name in the messages. Nothing about
# disability is ever required.
REQUIRED_TO_SUBMIT = {
    "display_name": "le nom affiché",
    "pitch": "la présentation courte",
    "intervention_types": "au moins un type d'intervention",
    "home_commune": "la commune de résidence",
}


def missing_for_submission(profile) -> dict[str, str]:
    """The fields still empty that submitting needs: {field name: words for the person}."""
    filled = {
        "display_name": bool(profile.display_name.strip()),
        "pitch": bool(profile.pitch.strip()),
        "intervention_types": bool(profile.intervention_types),
        "home_commune": profile.home_commune_id is not None,
    }
    return {field: words for field, words in REQUIRED_TO_SUBMIT.items() if not filled[field]}


@transaction.atomic
def save_content(profile, values: dict, actor) -> PeerProfile:
    """Save part of the profile (one step of the form). Editing a validated or submitted profile
    takes it back to draft: the validated version stays public until the new one is validated."""
    profile = _locked(profile)
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    for name, value in values.items():
        setattr(profile, name, value)
    previous = profile.status
    significant = set(changed) & set(PeerProfile.SIGNIFICANT_FIELDS)
    # Erasing or narrowing lived experience applies to the public version now (issue 7, item 2).
    significant -= withdraw_from_published(profile)
    if significant and previous in (Status.VALIDATED, Status.SUBMITTED, Status.REFUSED):
        profile.status = Status.DRAFT
    profile.save()
    if profile.status != previous:
        _event(profile, actor, "modification", previous)
    return profile


@transaction.atomic
def submit_profile(profile, actor, charter: CharterVersion) -> PeerProfile:
    profile = _locked(profile)
    if profile.status not in (Status.DRAFT, Status.CHANGES_REQUESTED):
        raise TransitionError("Ce profil est déjà en attente de validation ou à jour.")
    missing = missing_for_submission(profile)
    if missing:
        raise TransitionError("Il manque encore : " + ", ".join(missing.values()) + ".")
    if charter is None or charter != CharterVersion.current():
        raise TransitionError("Acceptez la version actuelle de la charte pour envoyer le profil.")
    CharterAcceptance.objects.get_or_create(user=profile.user, version=charter)
    previous = profile.status
    profile.status = Status.SUBMITTED
    profile.submitted_at = timezone.now()
    profile.save(update_fields=["status", "submitted_at", "updated_at"])
    _event(profile, actor, "soumission", previous)
    # The mail is an outbox row written in this transaction (issue 7, item 9).
    notifications.profile_submitted(profile.pk)
    return profile


@transaction.atomic
def update_availability(profile, values: dict, actor) -> PeerProfile:
    """Availability is a minor edit: it applies at once, to the public version too."""
    profile = _locked(profile)
    was_listed = _is_listed(profile)
    for name in PeerProfile.AVAILABILITY_FIELDS:
        setattr(profile, name, values[name])
    profile.save()
    PublishedProfile.objects.filter(pk=profile.pk).update(
        **{name: values[name] for name in PeerProfile.AVAILABILITY_FIELDS}
    )
    if not was_listed and _is_listed(profile):
        transaction.on_commit(lambda: profile_listed.send(PeerProfile, profile_id=profile.pk))
    return profile


@transaction.atomic
def confirm_up_to_date(profile, actor) -> PeerProfile:
    """The one-click « toujours à jour »: restarts the 6-month freshness clock."""
    profile = _locked(profile)
    was_listed = _is_listed(profile)
    now = timezone.now()
    profile.confirmed_at = now
    profile.save(update_fields=["confirmed_at", "updated_at"])
    PublishedProfile.objects.filter(pk=profile.pk).update(confirmed_at=now)
    _event(profile, actor, "confirmation", profile.status)
    if not was_listed and _is_listed(profile):
        transaction.on_commit(lambda: profile_listed.send(PeerProfile, profile_id=profile.pk))
    return profile


def _is_listed(profile) -> bool:
    return PublishedProfile.objects.listed().filter(pk=profile.pk).exists()


# --- Coordinators ---------------------------------------------------------------------------


def _check_coordinator(profile, coordinator):
    region = profile.home_commune.region if profile.home_commune_id else None
    if region is None or not can_coordinate_region(coordinator, region):
        # Same answer as a missing profile: a coordinator never learns about other regions.
        raise PeerProfile.DoesNotExist


@transaction.atomic
def record_first_exchange(profile, coordinator, *, date, notes, training_status) -> PeerProfile:
    profile = _locked(profile)
    _check_coordinator(profile, coordinator)
    profile.first_exchange_on = date
    profile.first_exchange_notes = notes
    profile.training_status = training_status
    profile.save(
        update_fields=["first_exchange_on", "first_exchange_notes", "training_status", "updated_at"]
    )
    _event(profile, coordinator, "premier_echange", profile.status)
    return profile


@transaction.atomic
def validate_profile(profile, coordinator) -> PeerProfile:
    profile = _locked(profile)
    _check_coordinator(profile, coordinator)
    if profile.status != Status.SUBMITTED:
        raise TransitionError("Seul un profil en attente de validation peut être validé.")
    if profile.first_exchange_on is None:
        raise TransitionError(
            "Enregistrez d'abord le premier échange avec la personne : "
            "c'est une étape du parcours de recrutement."
        )
    now = timezone.now()
    previous = profile.status
    profile.status = Status.VALIDATED
    profile.confirmed_at = now
    profile.save(update_fields=["status", "confirmed_at", "updated_at"])
    publish(profile, validated_at=now)
    _event(profile, coordinator, "validation", previous)
    # The mail is an outbox row written in this transaction (issue 7, item 9).
    notifications.profile_validated(profile.pk)
    if _is_listed(profile):
        transaction.on_commit(lambda: profile_listed.send(PeerProfile, profile_id=profile.pk))
    return profile


@transaction.atomic
def request_changes(profile, coordinator, message: str) -> PeerProfile:
    return _send_back(profile, coordinator, message, Status.CHANGES_REQUESTED, "demande_modifs")


@transaction.atomic
def refuse_profile(profile, coordinator, reason: str) -> PeerProfile:
    return _send_back(profile, coordinator, reason, Status.REFUSED, "refus")


def _send_back(profile, coordinator, message, status, action) -> PeerProfile:
    profile = _locked(profile)
    _check_coordinator(profile, coordinator)
    if profile.status != Status.SUBMITTED:
        raise TransitionError("Ce profil n'est pas en attente de validation.")
    if not message.strip():
        raise TransitionError("Écrivez un message à la personne pour lui expliquer.")
    previous = profile.status
    profile.status = status
    profile.save(update_fields=["status", "updated_at"])
    _event(profile, coordinator, action, previous, message)
    # The mail is an outbox row written in this transaction (issue 7, item 9).
    notifications.profile_sent_back(profile.pk, action, message)
    return profile


# --- Publication ----------------------------------------------------------------------------

ZONE_SQL = (
    "CASE WHEN travel_radius_km > 0 THEN "
    "ST_Buffer(home_point, travel_radius_km * 1000.0, 'quad_segs=8')::geometry END"
)


def publish(profile, *, validated_at) -> PublishedProfile:
    """Copy the validated working copy into the public record."""
    commune = profile.home_commune
    values = {
        field: getattr(profile, PeerProfile._meta.get_field(field).attname)
        for field in (*PeerProfile.SIGNIFICANT_FIELDS, *PeerProfile.AVAILABILITY_FIELDS)
    }
    values.update(
        home_point=commune.centre,
        department=commune.department_id,
        region=commune.region_id,
        validated_at=validated_at,
        confirmed_at=profile.confirmed_at,
        user_active=profile.user.is_active,
    )
    values["home_commune_id"] = values.pop("home_commune")
    values["photo"] = profile.photo.name or ""
    published, _ = PublishedProfile.objects.update_or_create(profile=profile, defaults=values)
    # The zone is computed by PostGIS on the spheroid (a true circle of the travel radius).
    # ZONE_SQL is a constant with no parameter: nothing from users reaches it.
    PublishedProfile.objects.filter(pk=profile.pk).update(
        zone=RawSQL(ZONE_SQL, [], output_field=PolygonField(srid=4326))  # noqa: S611
    )
    ranking.rank_new_row(profile.pk)
    return published


def follow_commune_centres(codes) -> int:
    """Every home point is its commune's centre (the search relies on it: decision 0015). When
    the official data moves a centre, the public records of that commune move with it, travel
    zone included. Returns the records moved."""
    moved = PublishedProfile.objects.filter(home_commune_id__in=codes)
    centre = Commune.objects.filter(code=OuterRef("home_commune_id")).values("centre")[:1]
    count = moved.update(home_point=Subquery(centre))
    moved.update(zone=RawSQL(ZONE_SQL, [], output_field=PolygonField(srid=4326)))  # noqa: S611
    return count


def sync_account_state(user) -> None:
    """Keep the public record in step with the account (deactivation hides at once). Called on
    every save of a user (receivers.py); writes only when the copy is out of date."""
    PublishedProfile.objects.of_user(user).exclude(user_active=user.is_active).update(
        user_active=user.is_active
    )
