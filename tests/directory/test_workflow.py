"""Submission, routing to the right coordinators, validation and publication."""

import pytest
from django.utils import timezone

from directory.coordination.queues import queue_for
from directory.profiles import services
from directory.profiles.models import PeerProfile, ProfileEvent, PublishedProfile
from epop.accounts.permissions import coordinators_for_region
from epop.notifications.models import NotificationPreference, OutboxMessage
from epop.notifications.registry import Frequency
from epop.territories.models import Commune
from tests.factories import CoordinatorFactory, ProfileFactory, charter, published_profile

Status = PeerProfile.Status


@pytest.fixture
def amiens_coordinator():
    return CoordinatorFactory(regions=["32"])  # Hauts-de-France has a regional team


@pytest.fixture
def national():
    return CoordinatorFactory(is_staff=True)


def test_submission_routes_to_the_regional_team_where_there_is_one(
    amiens_coordinator, national, django_capture_on_commit_callbacks
):
    profile = ProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_profile(profile, profile.user, charter())
    assert list(queue_for(amiens_coordinator)) == [profile]
    assert list(queue_for(national)) == []
    # The coordinators' mail, and the peer worker's acknowledgement (issue 13).
    coordinators = OutboxMessage.objects.exclude(to=[profile.user.email])
    assert [m.to for m in coordinators] == [[amiens_coordinator.email]]
    assert profile.display_name not in coordinators.get().subject
    ack = OutboxMessage.objects.get(to=[profile.user.email])
    assert ack.subject == "Votre profil est bien envoyé"
    assert "premier échange" in ack.body


def test_submission_routes_to_national_coordinators_elsewhere(amiens_coordinator, national):
    profile = ProfileFactory(home_commune=Commune.objects.get(code="69123"))  # Lyon
    services.submit_profile(profile, profile.user, charter())
    assert list(queue_for(national)) == [profile]
    assert list(queue_for(amiens_coordinator)) == []
    assert list(coordinators_for_region(profile.home_commune.region)) == [national]


def test_queue_follows_the_region_when_it_gets_a_team(national):
    profile = ProfileFactory(home_commune=Commune.objects.get(code="69123"))
    services.submit_profile(profile, profile.user, charter())
    region = profile.home_commune.region
    region.has_regional_team = True
    region.save()
    lyon_team = CoordinatorFactory(regions=[region.code])
    assert list(queue_for(lyon_team)) == [profile]
    assert list(queue_for(national)) == []


def test_submission_requires_the_basics_and_the_current_charter():
    profile = ProfileFactory(pitch="", intervention_types=[])
    with pytest.raises(services.TransitionError, match="présentation courte"):
        services.submit_profile(profile, profile.user, charter())
    profile = ProfileFactory()
    with pytest.raises(services.TransitionError, match="charte"):
        services.submit_profile(profile, profile.user, None)
    assert PeerProfile.objects.filter(status=Status.SUBMITTED).count() == 0


def test_validation_needs_the_first_exchange(amiens_coordinator):
    profile = ProfileFactory()
    services.submit_profile(profile, profile.user, charter())
    with pytest.raises(services.TransitionError, match="premier échange"):
        services.validate_profile(profile, amiens_coordinator)
    assert not PublishedProfile.objects.exists()


def test_coordinator_of_another_region_cannot_act():
    profile = ProfileFactory()
    services.submit_profile(profile, profile.user, charter())
    bordeaux_team = CoordinatorFactory(regions=["75"])
    with pytest.raises(PeerProfile.DoesNotExist):
        services.record_first_exchange(
            profile, bordeaux_team, date=timezone.localdate(), notes="", training_status=""
        )
    with pytest.raises(PeerProfile.DoesNotExist):
        services.validate_profile(profile, bordeaux_team)


def test_validation_publishes_and_records_history(amiens_coordinator):
    profile = published_profile(display_name="Nora K.", travel_radius_km=40)
    published = PublishedProfile.objects.get(pk=profile.pk)
    assert published.display_name == "Nora K."
    assert published.home_point == profile.home_commune.centre
    assert published.department == "80" and published.region == "32"
    assert published.zone is not None and published.zone.contains(profile.home_commune.centre)
    actions = list(profile.events.order_by("created_at", "id").values_list("action", flat=True))
    assert actions == ["soumission", "premier_echange", "validation"]


def test_significant_edit_waits_for_validation_while_the_old_version_stays_public():
    profile = published_profile(pitch="Première version")
    profile = services.save_content(profile, {"pitch": "Nouvelle version"}, profile.user)
    assert profile.status == Status.DRAFT
    assert PublishedProfile.objects.get(pk=profile.pk).pitch == "Première version"
    assert ProfileEvent.objects.filter(profile=profile, action="modification").exists()


def test_availability_is_a_minor_edit_applied_at_once():
    profile = published_profile()
    services.update_availability(
        profile,
        {"availability": "disponibilite_limitee", "paused_until": None, "pause_display": "masquer"},
        profile.user,
    )
    profile.refresh_from_db()
    assert profile.status == Status.VALIDATED
    assert PublishedProfile.objects.get(pk=profile.pk).availability == "disponibilite_limitee"


def test_request_changes_needs_a_message_and_notifies_the_peer_worker(
    amiens_coordinator, django_capture_on_commit_callbacks
):
    profile = ProfileFactory()
    services.submit_profile(profile, profile.user, charter())
    with pytest.raises(services.TransitionError):
        services.request_changes(profile, amiens_coordinator, "   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(profile, amiens_coordinator, "Précisez vos publics, merci.")
    profile.refresh_from_db()
    assert profile.status == Status.CHANGES_REQUESTED
    # The acknowledgement of the submission came first; then the request for changes.
    mail = OutboxMessage.objects.filter(to=[profile.user.email]).latest("pk")
    assert "Précisez vos publics" in mail.body


def test_the_acknowledgement_has_an_off_switch_and_tells_a_modification_apart(
    amiens_coordinator, django_capture_on_commit_callbacks
):
    profile = published_profile()
    OutboxMessage.objects.all().delete()
    profile.refresh_from_db()
    profile.pitch = "Une présentation revue."
    profile.status = PeerProfile.Status.DRAFT
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_profile(profile, profile.user, charter())
    ack = OutboxMessage.objects.get(to=[profile.user.email])
    assert ack.subject == "Vos modifications sont bien envoyées"
    assert "premier échange" not in ack.body

    OutboxMessage.objects.all().delete()
    NotificationPreference.objects.create(
        user=profile.user, key="annuaire.profil_recu", frequency=Frequency.NEVER
    )
    profile.refresh_from_db()
    profile.status = PeerProfile.Status.DRAFT
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_profile(profile, profile.user, charter())
    assert not OutboxMessage.objects.filter(to=[profile.user.email]).exists()


def test_the_queue_says_new_profile_or_modification_and_what_changed(
    client, amiens_coordinator, django_capture_on_commit_callbacks
):
    new = ProfileFactory()
    services.submit_profile(new, new.user, charter())
    changed = published_profile(display_name="Inès A.")
    changed.refresh_from_db()
    changed.pitch = "Une présentation revue."
    changed.travel_radius_km = 80
    changed.status = PeerProfile.Status.DRAFT
    changed.save()
    services.submit_profile(changed, changed.user, charter())
    client.force_login(amiens_coordinator)
    html = client.get("/annuaire/coordination/").content.decode()
    assert "<strong>Nouveau profil</strong>" in html
    assert "<strong>Modification d'un profil publié</strong>" in html
    assert "Présentation courte, " in html and "Distance de déplacement" in html
