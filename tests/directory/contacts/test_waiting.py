"""What waits for a signed-in person: the header's count, the dashboard's list, the coordinator's
queue size; one query each, none for visitors."""

import pytest
from django.test import Client
from django.urls import reverse

from directory.contacts import services
from directory.contacts.models import ContactRequest
from directory.contacts.waiting import Waiting
from tests.directory.test_contacts import send
from tests.directory.test_coordination_views import submitted
from tests.factories import CoordinatorFactory, make_employer, published_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer():
    return published_profile(display_name="Inès A.")


def test_a_new_request_waits_for_the_peer_worker_not_for_the_employer(peer):
    employer = make_employer()
    contact = send(employer, peer)
    assert Waiting(peer.user).counts == {"total": 1, "to_answer": 1}
    # The employer wrote the only message: nothing waits for them.
    assert Waiting(employer).total == 0
    assert [t.pk for t in Waiting(peer.user).threads] == [contact.pk]


def test_an_answer_waits_for_the_employer_until_read(peer):
    employer = make_employer()
    contact = send(employer, peer)
    services.open_thread(peer.user, contact.pk)
    services.post_message(peer.user, contact.pk, "Bonjour, quelles dates ?")
    # Answered: no longer « to answer » for the peer worker, who wrote last.
    assert Waiting(peer.user).counts == {"total": 0, "to_answer": 0}
    assert Waiting(employer).total == 1
    services.open_thread(employer, contact.pk)
    assert Waiting(employer).total == 0


def test_a_declined_request_no_longer_waits(peer):
    contact = send(make_employer(), peer)
    services.decline(peer.user, contact.pk, "charge")
    assert ContactRequest.objects.get(pk=contact.pk).status == ContactRequest.Status.DECLINED
    assert Waiting(peer.user).total == 0


def test_header_shows_the_count_in_one_query(peer, django_assert_num_queries):
    send(make_employer(), peer)
    client = Client()
    client.force_login(peer.user)
    response = client.get(reverse("core:help"))
    html = response.content.decode()
    assert 'class="count-badge">1<span class="sr-only"> élément en attente</span>' in html
    # Session + user + the one aggregate query of the header.
    with django_assert_num_queries(3):
        client.get(reverse("core:help"))


def test_visitors_and_quiet_accounts_have_no_badge_and_no_extra_query(
    peer, django_assert_num_queries
):
    client = Client()
    with django_assert_num_queries(0):
        response = client.get(reverse("core:help"))
    assert "count-badge" not in response.content.decode()
    client.force_login(peer.user)
    assert "count-badge" not in client.get(reverse("core:help")).content.decode()


def test_dashboard_lists_what_waits(peer):
    employer = make_employer()
    send(employer, peer)
    client = Client()
    client.force_login(peer.user)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "En attente de vous" in html
    assert "dont 1 demande de contact à accepter ou décliner" in html
    assert "Demande de Foyer de vie Les Glycines" in html


def test_no_one_else_sees_a_thread_in_their_count(peer):
    send(make_employer(), peer)
    other = published_profile(display_name="Autre B.")
    assert Waiting(other.user).total == 0
    assert Waiting(make_employer()).total == 0


def test_coordinator_sees_the_queue_size():
    coordinator = CoordinatorFactory(regions=["32"])
    submitted()
    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("accounts:dashboard"))
    html = response.content.decode()
    assert "1 profil attend votre validation." in html
    assert 'class="count-badge">1<' in html
