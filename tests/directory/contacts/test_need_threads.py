"""Answering a need opens a conversation with the need as its subject (issue 13, decision 0016);
the need form reads its commune like every other form; a peer worker sees who asks."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.alerts.models import Need, NeedResponse
from directory.contacts.models import ContactMessage, ContactRequest
from directory.contacts.needs import NeedError, answer_need
from directory.contacts.waiting import Waiting
from epop.territories.models import Commune
from tests.directory.test_needs import publish_need
from tests.factories import make_employer, published_profile

pytestmark = pytest.mark.django_db


def test_answering_opens_a_thread_the_employer_reads_unread():
    employer = make_employer()
    need = publish_need(employer)
    peer = published_profile()
    client = Client()
    client.force_login(peer.user)
    page = client.get(reverse("directory:need", args=[need.pk])).content.decode()
    # Who asks: the organisation's name and type.
    assert "Foyer de vie Les Glycines (établissement ou service social ou médico-social)" in page
    response = client.post(
        reverse("directory:need_answer", args=[need.pk]), {"message": "Je suis disponible."}
    )
    contact = ContactRequest.objects.get()
    assert response.url == reverse("directory:contact_thread", args=[contact.pk])
    assert (contact.employer, contact.profile_id, contact.need) == (employer, peer.pk, need)
    assert contact.status == ContactRequest.Status.ANSWERED
    assert contact.need_title == need.title
    assert contact.organisation_name == "Foyer de vie Les Glycines"
    assert contact.sector == "medico_social"
    message = contact.messages.get()
    assert (message.author, message.body) == (peer.user, "Je suis disponible.")
    assert NeedResponse.objects.filter(need=need, profile_id=peer.pk).exists()
    # Nothing waits for the peer worker; the employer has one unread thread.
    assert Waiting(peer.user).total == 0
    assert Waiting(employer).total == 1

    thread = client.get(response.url).content.decode()
    assert "Objet : votre réponse au besoin « Témoignage en réunion d&#x27;équipe »" in thread
    client.force_login(employer)
    thread = client.get(response.url).content.decode()
    assert "à votre besoin « Témoignage en réunion d&#x27;équipe »" in thread
    assert "Je suis disponible." in thread


def test_a_second_answer_creates_nothing():
    need = publish_need(make_employer())
    peer = published_profile()
    answer_need(peer.user, need, "Oui")
    with pytest.raises(NeedError, match="déjà répondu"):
        answer_need(peer.user, need, "Encore")
    assert ContactRequest.objects.count() == 1
    assert ContactMessage.objects.count() == 1


def test_a_refused_answer_rolls_back_and_shows_the_page():
    need = publish_need(make_employer())
    Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)
    peer = published_profile()
    client = Client()
    client.force_login(peer.user)
    response = client.post(reverse("directory:need_answer", args=[need.pk]), {"message": "x"})
    assert response.status_code == 404
    assert not ContactRequest.objects.exists()


def test_an_employer_cannot_answer():
    employer = make_employer()
    need = publish_need(employer)
    client = Client()
    client.force_login(make_employer())
    assert (
        client.post(reverse("directory:need_answer", args=[need.pk]), {"message": "x"}).status_code
        == 404
    )
    assert not ContactRequest.objects.exists()


def test_need_form_offers_the_choice_and_publishes_the_chosen_commune():
    employer = make_employer()
    client = Client()
    client.force_login(employer)
    data = {
        "title": "Témoignage",
        "intervention_types": ["sensibilisation"],
        "description": "Une matinée.",
        "date": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "commune": "Sainte-Marie",
    }
    page = client.post(reverse("directory:need_create"), data).content.decode()
    assert "Erreur : choisissez la commune dans la liste" in page
    assert "Erreur : Erreur" not in page
    chosen = Commune.objects.filter(name="Sainte-Marie").order_by("code").first()
    response = client.post(reverse("directory:need_create"), {**data, "commune_code": chosen.code})
    assert response.status_code == 302
    assert Need.objects.get().commune == chosen
    # The autocomplete enhances the field, as on the contact form.
    page = client.get(reverse("directory:need_create")).content.decode()
    assert "data-commune-autocomplete" in page and "commune-autocomplete.js" in page
