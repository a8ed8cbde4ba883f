"""Who reads the forum (domain rule 6): validated peer workers only, never staff, employers or
coordinators; refusal, deactivation and suspension take access away, a pause does not."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.profiles import services as directory_services
from directory.profiles.models import PeerProfile
from epop.accounts.permissions import can_access_forum
from forum.models import ForumMember
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    EmployerFactory,
    PeerWorkerFactory,
    ProfileFactory,
)

from .conftest import log_in, make_member


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: EmployerFactory(),
        lambda: CoordinatorFactory(regions=["32"]),
        lambda: CoordinatorFactory(is_staff=True),
        lambda: PeerWorkerFactory(),  # no validated profile
    ],
    ids=["employer", "regional-coordinator", "national-coordinator", "unvalidated-peer"],
)
def test_others_get_the_reserved_page(client, category, make_user):
    user = make_user()
    client.login(email=user.email, password=PASSWORD)
    response = client.get(reverse("forum:category", args=[category.slug]))
    assert response.status_code == 403
    assert "Forum réservé aux intervenant·es-pairs" in response.content.decode()
    # The public page explains instead of listing anything.
    home = client.get(reverse("forum:home")).content.decode()
    assert "Votre compte n'a pas accès au forum" in home
    assert not ForumMember.objects.filter(user=user).exists()


def test_anonymous_is_sent_to_login(client, category):
    response = client.get(reverse("forum:category", args=[category.slug]))
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_validated_peer_reads(client, member, category):
    log_in(client, member)
    response = client.get(reverse("forum:home"))
    assert response.status_code == 200
    assert f"/forum/categorie/{category.slug}/" in response.content.decode()


def test_staff_peer_worker_is_refused(member):
    member.user.is_staff = True
    member.user.save()
    assert not can_access_forum(member.user)


def test_deactivated_account_loses_access(member):
    member.user.is_active = False
    member.user.save()
    assert not can_access_forum(member.user)


def test_refused_resubmission_loses_access_but_edit_in_progress_keeps_it(member):
    profile = member.user.peer_profile
    directory_services.save_content(profile, {"pitch": "Une présentation revue."}, member.user)
    profile.refresh_from_db()
    assert profile.status == PeerProfile.Status.DRAFT
    assert can_access_forum(member.user)  # validated once, editing: still a member
    PeerProfile.objects.filter(pk=profile.pk).update(status=PeerProfile.Status.REFUSED)
    assert not can_access_forum(member.user)


def test_pause_keeps_access(member):
    PeerProfile.objects.filter(user=member.user).update(availability="en_pause")
    assert can_access_forum(member.user)


def test_never_validated_profile_has_no_access(db):
    profile = ProfileFactory()
    assert not can_access_forum(profile.user)


def test_suspended_member_sees_the_end_and_reason(client, member):
    member.suspended_until = timezone.now() + timedelta(days=3)
    member.suspension_reason = "Propos blessants répétés."
    member.save()
    log_in(client, member)
    response = client.get(reverse("forum:home"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Votre accès au forum est suspendu" in body
    assert "Propos blessants répétés." in body


def test_moderation_pages_need_the_role(client, member):
    log_in(client, member)
    response = client.get(reverse("forum:moderation"))
    assert response.status_code == 403
    assert "réservée aux modérateur·rices" in response.content.decode()


def test_moderator_role_without_access_gives_nothing(client, db):
    moderator = make_member(moderator=True)
    moderator.user.kind = "employeur"
    moderator.user.save()
    log_in(client, moderator)
    assert client.get(reverse("forum:moderation")).status_code == 403
