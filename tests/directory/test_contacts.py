"""Contact requests (« mises en relation »): who may send and read, limits, validation, statuses,
message rendering, daily jobs, indicators, reports, and the broker outage with a real worker."""

import html
import re
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from directory.contacts import eligibility as contact_eligibility
from directory.contacts import jobs as contact_jobs
from directory.contacts import services
from directory.contacts import stats as contact_stats
from directory.contacts import tasks as contact_tasks
from directory.contacts.forms import ContactRequestForm
from directory.contacts.models import (
    ContactBlock,
    ContactMessage,
    ContactReminder,
    ContactReport,
    ContactRequest,
)
from directory.profiles import services as profile_services
from directory.profiles.models import PublishedProfile
from epop.accounts.forms import OrganisationForm
from epop.accounts.models import Organisation, siret_is_valid
from epop.notifications.models import NotificationPreference, OutboxMessage
from epop.notifications.registry import Frequency
from epop.territories.models import Commune, Region
from tests.factories import (
    CoordinatorFactory,
    EmployerFactory,
    PeerWorkerFactory,
    ProfileFactory,
    make_employer,
    published_profile,
)
from tests.helpers import TaskBarrier
from tests.helpers import mails_to as workflow_free_mails_to

Status = ContactRequest.Status
AMIENS, LYON, BORDEAUX = "80021", "69123", "33063"


# --- Helpers -------------------------------------------------------------------------------------


@pytest.fixture
def peer():
    """A published, listed peer worker in Amiens (Hauts-de-France has a regional team)."""
    return published_profile(display_name="Inès A.")


def form_data(**overrides) -> dict:
    data = {
        "token": str(uuid.uuid4()),
        "intervention_type": "sensibilisation",
        "description": "Une matinée de sensibilisation pour 15 éducateurs.",
        "sector": "medico_social",
        "audiences": ["professionnels_accompagnement"],
        "format": "presentiel",
        "place": "commune",
        "commune": "Amiens",
        "date_start": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "date_end": "",
        "dates_text": "",
        "budget_kind": "montant",
        "budget_amount": "550",
        "message": "Bonjour, nous aimerions travailler avec vous.",
    }
    data.update(overrides)
    return data


def cleaned(profile, **overrides) -> dict:
    form = ContactRequestForm(form_data(**overrides), profile=profile)
    assert form.is_valid(), form.errors
    return form.cleaned_data


def send(employer, profile, **overrides) -> ContactRequest:
    data = cleaned(profile, **overrides)
    return services.send_request(employer, profile.pk, data, data["token"]).request


def contact_url(profile):
    return reverse("directory:contact_request", args=[profile.pk])


def thread_url(contact):
    return reverse("directory:contact_thread", args=[contact.pk])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def old_requests(employer, profile, count, age=timedelta(hours=1)):
    """Requests already sent `age` ago, written directly (the limits only count them)."""
    created = timezone.now() - age
    for _ in range(count):
        ContactRequest.objects.create(
            employer=employer,
            profile=profile,
            region_id="32",
            intervention_type="sensibilisation",
            description="…",
            sector="medico_social",
            audiences=["grand_public"],
            format="presentiel",
            place="distance",
            organisation_name="Foyer",
            organisation_kind="essms",
            created_at=created,
        )


def text(response) -> str:
    """The page as a person reads it (entities decoded), to look for French sentences."""
    return html.unescape(response.content.decode())


def mails_to(user):
    # Contact mails only: the fixture's submission and validation write their own mails.
    return workflow_free_mails_to(user.email)


# --- Who may send --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_form_and_come_back(client, peer):
    response = client.get(contact_url(peer))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={contact_url(peer)}" in response["Location"].replace("%2F", "/")


def test_a_peer_worker_cannot_send_a_request(peer):
    other = PeerWorkerFactory()
    client = client_for(other)
    assert client.get(contact_url(peer)).status_code == 403
    response = client.post(contact_url(peer), form_data())
    assert response.status_code == 403
    assert "réservées aux comptes employeur" in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_an_employer_with_an_unverified_address_is_told_what_to_do(peer):
    unverified = make_employer(verified=False)
    client = client_for(unverified)
    response = client.post(contact_url(peer), form_data())
    assert response.status_code == 403
    page = text(response)
    assert "Confirmez d'abord votre adresse e-mail" in page
    assert reverse("account_email") in page
    assert not ContactRequest.objects.exists()


def test_an_employer_without_organisation_fills_it_first_then_comes_back(peer):
    user = EmployerFactory()
    client = client_for(user)
    response = client.get(contact_url(peer))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:organisation"))

    page = client.get(response["Location"])
    assert page.status_code == 200
    response = client.post(
        reverse("accounts:organisation"),
        {
            "name": "Mairie d'Amiens",
            "kind": "collectivite",
            "siret": "732 829 320 00074",
            "next": contact_url(peer),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == contact_url(peer)
    organisation = Organisation.objects.get(user=user)
    assert organisation.siret == "73282932000074"
    assert client.get(contact_url(peer)).status_code == 200


def test_hidden_unvalidated_and_missing_profiles_answer_the_same_404(employer):
    client = client_for(employer)
    draft = ProfileFactory()
    hidden = published_profile()
    profile_services.update_availability(
        hidden,
        {"availability": "en_pause", "paused_until": None, "pause_display": "masquer"},
        hidden.user,
    )
    missing_pk = max(draft.pk, hidden.pk) + 100
    answers = []
    for pk in (draft.pk, hidden.pk, missing_pk):
        url = reverse("directory:contact_request", args=[pk])
        get, post = client.get(url), client.post(url, form_data())
        assert get.status_code == post.status_code == 404
        # Only the per-response nonce and CSRF token differ.
        answers.append(re.sub(r'(nonce|value)="[^"]*"', "", get.content.decode()))
    assert answers[0] == answers[1] == answers[2]
    assert not ContactRequest.objects.exists()


def test_a_paused_profile_that_stays_visible_explains_the_pause(employer):
    paused = published_profile()
    until = timezone.localdate() + timedelta(days=20)
    profile_services.update_availability(
        paused,
        {"availability": "en_pause", "paused_until": until, "pause_display": "afficher"},
        paused.user,
    )
    response = client_for(employer).post(contact_url(paused), form_data())
    assert response.status_code == 403
    assert "a mis son activité en pause jusqu'au" in text(response)
    assert not ContactRequest.objects.exists()


# --- Who may read --------------------------------------------------------------------------------


def test_only_the_two_participants_read_a_thread(peer, employer):
    contact = send(employer, peer)
    assert client_for(employer).get(thread_url(contact)).status_code == 200
    assert client_for(peer.user).get(thread_url(contact)).status_code == 200

    intruders = [
        make_employer(),
        PeerWorkerFactory(),
        CoordinatorFactory(regions=["32"]),
        CoordinatorFactory(is_staff=True),
    ]
    for intruder in intruders:
        client = client_for(intruder)
        assert client.get(thread_url(contact)).status_code == 404
        reply = reverse("directory:contact_reply", args=[contact.pk])
        assert (
            client.post(
                reply, {"message-token": uuid.uuid4(), "message-body": "Coucou"}
            ).status_code
            == 404
        )
        report = reverse("directory:contact_report", args=[contact.pk, contact.messages.get().pk])
        assert client.post(report, {"reason": "autre"}).status_code == 404
        assert client.post(reverse("directory:contact_block", args=[contact.pk])).status_code == 404
        inbox = client.get(reverse("directory:contact_inbox"))
        assert "Foyer de vie" not in inbox.content.decode()
    assert contact.messages.count() == 1
    assert not ContactReport.objects.exists() and not ContactBlock.objects.exists()
    contact.refresh_from_db()
    assert contact.status == Status.READ  # opened by the peer worker above, by nobody else


def test_an_employer_cannot_accept_or_decline_their_own_request(peer, employer):
    contact = send(employer, peer)
    client = client_for(employer)
    accept = reverse("directory:contact_accept", args=[contact.pk])
    decline = reverse("directory:contact_decline", args=[contact.pk])
    assert client.post(accept, {"accepter-token": uuid.uuid4()}).status_code == 404
    assert (
        client.post(
            decline,
            {"decliner-token": uuid.uuid4(), "decliner-reason": "autre", "decliner-body": "x"},
        ).status_code
        == 404
    )
    contact.refresh_from_db()
    assert contact.status == Status.SENT


# --- Sending -------------------------------------------------------------------------------------


def test_sending_a_request_through_the_form(peer, employer, django_capture_on_commit_callbacks):
    client = client_for(employer)
    page = client.get(contact_url(peer))
    assert page.status_code == 200
    assert 'name="token"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(contact_url(peer), form_data())
    contact = ContactRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread_url(contact)
    assert contact.status == Status.SENT
    assert contact.region_id == "32"
    assert contact.commune_id == AMIENS
    assert contact.organisation_name == "Foyer de vie Les Glycines"
    assert contact.budget_amount == 550
    assert contact.messages.get().kind == ContactMessage.Kind.REQUEST

    (mail,) = mails_to(peer.user)
    assert mail.subject == "Nouvelle demande de mise en relation sur EPoP"
    assert "Bonjour, nous aimerions" not in mail.subject + mail.body
    assert thread_url(contact) in mail.body
    assert employer.email not in mail.body
    assert mail.dedup_key == f"contact.nouvelle_demande:{contact.pk}"


def test_remote_requests_need_no_commune_and_budget_can_be_discussed(peer, employer):
    contact = send(
        employer, peer, place="distance", commune="", budget_kind="a_discuter", budget_amount=""
    )
    assert contact.commune is None and contact.place == "distance"
    assert contact.budget_amount is None


def test_a_double_post_with_the_same_token_creates_one_request(peer, employer):
    client = client_for(employer)
    data = form_data()
    first = client.post(contact_url(peer), data)
    second = client.post(contact_url(peer), data)
    assert ContactRequest.objects.count() == 1
    assert first["Location"] == second["Location"] == thread_url(ContactRequest.objects.get())
    assert len(mails_to(peer.user)) == 1


def test_concurrent_posts_with_the_same_token_create_one_request(transactional_db):
    peer = published_profile()
    employer = make_employer()
    data = form_data()
    barrier = threading.Barrier(2)
    answers = []

    def post():
        client = client_for(employer)
        barrier.wait()
        answers.append(client.post(contact_url(peer), data))
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ContactRequest.objects.count() == 1
    assert [answer.status_code for answer in answers] == [302, 302]
    assert {answer["Location"] for answer in answers} == {thread_url(ContactRequest.objects.get())}


# --- Limits --------------------------------------------------------------------------------------


def test_at_most_ten_requests_in_24_hours(peer, employer):
    old_requests(employer, peer, 10)
    response = client_for(employer).post(contact_url(peer), form_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vous avez déjà envoyé 10 demandes en 24 heures" in page
    assert "<title>Erreur :" in page
    assert ContactRequest.objects.count() == 10


def test_the_daily_limit_is_a_rolling_24_hours(peer, employer):
    other = published_profile()
    old_requests(employer, peer, 10, age=timedelta(hours=25))
    assert send(employer, other)


def test_at_most_three_requests_to_the_same_peer_worker_in_30_days(peer, employer):
    old_requests(employer, peer, 3, age=timedelta(days=20))
    response = client_for(employer).post(contact_url(peer), form_data())
    assert "Vous avez déjà envoyé 3 demandes à cette personne en 30 jours" in (
        response.content.decode()
    )
    assert ContactRequest.objects.count() == 3
    # Another peer worker is still reachable, and the first one again after 30 days.
    assert send(employer, published_profile())
    ContactRequest.objects.filter(profile=peer).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert send(employer, peer)


def test_a_blocked_employer_is_told_the_person_accepts_no_request(peer, employer):
    contact = send(employer, peer)
    response = client_for(peer.user).post(reverse("directory:contact_block", args=[contact.pk]))
    assert response.status_code == 302
    assert ContactBlock.objects.filter(peer_worker=peer.user, employer=employer).exists()

    client = client_for(employer)
    for response in (client.get(contact_url(peer)), client.post(contact_url(peer), form_data())):
        page = text(response)
        assert response.status_code == 403
        assert "n'accepte pas de nouvelles demandes pour le moment" in page
        assert "bloqu" not in page.lower()
    assert ContactRequest.objects.count() == 1

    reply = reverse("directory:contact_reply", args=[contact.pk])
    response = client.post(reply, {"message-token": uuid.uuid4(), "message-body": "Relance"})
    assert "n'accepte pas de nouvelles demandes" in text(response)
    assert contact.messages.count() == 1

    # Other employers are not affected, and the peer worker can change their mind.
    assert send(make_employer(), peer)
    client_for(peer.user).post(reverse("directory:contact_unblock", args=[contact.pk]))
    assert client.get(contact_url(peer)).status_code == 200


# --- Validation ----------------------------------------------------------------------------------


def post_invalid(employer, peer, **overrides):
    response = client_for(employer).post(contact_url(peer), form_data(**overrides))
    assert response.status_code == 200
    assert not ContactRequest.objects.exists()
    page = response.content.decode()
    assert "<title>Erreur :" in page
    assert 'role="alert"' in page
    return page


def test_past_dates_are_refused(peer, employer):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = post_invalid(employer, peer, date_start=yesterday)
    assert "cette date est déjà passée" in page
    page = post_invalid(employer, peer, date_end=yesterday)
    assert "cette date est déjà passée" in page


def test_end_before_start_and_missing_dates_are_refused(peer, employer):
    start = timezone.localdate() + timedelta(days=10)
    page = post_invalid(
        employer,
        peer,
        date_start=start.isoformat(),
        date_end=(start - timedelta(days=2)).isoformat(),
    )
    assert "la date de fin doit être le même jour ou après le début" in page
    page = post_invalid(employer, peer, date_start="", date_end="", dates_text="")
    assert "indiquez une date, ou décrivez les dates souhaitées" in page
    # Free text alone is enough.
    assert send(employer, peer, date_start="", dates_text="Un mardi matin en mars")


def test_empty_fields_get_french_messages(peer, employer):
    page = post_invalid(
        employer,
        peer,
        intervention_type="",
        description="   ",
        audiences=[],
        format="",
        place="",
        budget_kind="",
        message="",
    )
    for text in (
        "Erreur : choisissez le type d&#x27;intervention dans la liste.",
        "Erreur : décrivez l&#x27;intervention en quelques phrases.",
        "Erreur : choisissez un format.",
        "Erreur : indiquez si l&#x27;intervention a lieu dans une commune ou à distance.",
        "Erreur : écrivez un message pour vous présenter.",
    ):
        assert text in page, text


def test_only_what_the_peer_worker_needs_is_required(peer, employer):
    """Sector, public and budget are optional and say so; the request goes without them."""
    form = ContactRequestForm(profile=peer)
    for name in ("sector", "audiences", "budget_kind", "budget_amount", "dates_text"):
        assert not form.fields[name].required, name
    assert form.fields["sector"].help_text.startswith("Facultatif")
    assert form.fields["audiences"].help_text.startswith("Facultatif")
    contact = send(employer, peer, sector="", audiences=[], budget_kind="", budget_amount="")
    assert (contact.sector, contact.audiences, contact.budget_amount) == ("", [], None)
    client = Client()
    client.force_login(peer.user)
    page = client.get(reverse("directory:contact_thread", args=[contact.pk])).content.decode()
    assert "Non précisé" in page


def test_oversized_fields_are_refused(peer, employer):
    page = post_invalid(employer, peer, message="x" * 3001, description="y" * 2001)
    assert "ce texte est trop long : 3000 caractères au plus (il en compte 3001)" in page
    assert "ce texte est trop long : 2000 caractères au plus (il en compte 2001)" in page


def test_commune_and_budget_are_required_when_chosen(peer, employer):
    page = post_invalid(employer, peer, commune="")
    assert "indiquez la commune, par exemple Amiens." in page
    page = post_invalid(employer, peer, commune="Xyzzyville")
    assert "aucune commune trouvée pour" in page
    page = post_invalid(employer, peer, budget_amount="")
    assert "indiquez un montant en euros" in page


def test_an_ambiguous_commune_gets_a_list_to_choose_from(peer, employer):
    page = post_invalid(employer, peer, commune="Montdidier")
    assert "Plusieurs communes portent ce nom : laquelle ?" in html.unescape(page)
    somme = Commune.objects.get(name="Montdidier", department_id="80")
    assert f'value="{somme.code}"' in page
    contact = send(employer, peer, commune="Montdidier", commune_code=somme.code)
    assert contact.commune == somme
    # The autocomplete's labels and postcodes resolve directly.
    assert send(employer, peer, commune=somme.label).commune == somme
    assert send(employer, published_profile(), commune="80000").commune_id == AMIENS


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("73282932000074", True),
        ("35600000000048", True),  # La Poste's head office passes Luhn
        ("35600000049837", True),  # La Poste's own rule: digits sum to a multiple of 5
        ("35600000000019", False),
        ("73282932000075", False),
        ("7328293200007", False),
        ("7328293200007a", False),
    ],
)
def test_siret_check(siret, valid):
    assert siret_is_valid(siret) is valid


def test_organisation_form_messages():
    form = OrganisationForm({"name": "", "kind": "", "siret": "123 456"})
    assert not form.is_valid()
    assert "un numéro SIRET compte 14 chiffres ; vous en avez saisi 6" in form.errors["siret"][0]
    assert form.errors["name"][0].startswith("indiquez le nom de votre structure")
    form = OrganisationForm({"name": "Mairie", "kind": "collectivite", "siret": "73282932000075"})
    assert "un chiffre est sans doute mal recopié" in form.errors["siret"][0]


def test_the_organisation_page_is_for_employers_only():
    assert client_for(PeerWorkerFactory()).get(reverse("accounts:organisation")).status_code == 404
    employer = EmployerFactory()
    client = client_for(employer)
    response = client.post(reverse("accounts:organisation"), {"name": "", "kind": ""})
    assert "<title>Erreur : Ma structure" in response.content.decode()
    assert not Organisation.objects.exists()
    response = client.post(
        reverse("accounts:organisation"),
        {"name": "Famille Martin", "kind": "particulier_famille", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:organisation")


# --- Statuses ------------------------------------------------------------------------------------


def test_opening_the_thread_marks_it_read_for_the_peer_worker_only(peer, employer):
    contact = send(employer, peer)
    client_for(employer).get(thread_url(contact))
    contact.refresh_from_db()
    assert contact.status == Status.SENT and contact.read_at is None

    client_for(peer.user).get(thread_url(contact))
    contact.refresh_from_db()
    assert contact.status == Status.READ and contact.read_at is not None


def test_a_question_then_acceptance(peer, employer):
    contact = send(employer, peer)
    client = client_for(peer.user)
    reply = reverse("directory:contact_reply", args=[contact.pk])
    response = client.post(
        reply, {"message-token": uuid.uuid4(), "message-body": "Combien de personnes ?"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == Status.ANSWERED and contact.answered_at is not None
    (answer,) = mails_to(employer)
    assert answer.subject == "Nouveau message sur votre demande de mise en relation"
    assert "Combien" not in answer.subject + answer.body

    services.post_message(employer, contact.pk, "Quinze personnes.", uuid.uuid4())
    accept = reverse("directory:contact_accept", args=[contact.pk])
    client.post(accept, {"accepter-token": uuid.uuid4(), "accepter-body": "Avec plaisir."})
    contact.refresh_from_db()
    assert contact.status == Status.ACCEPTED and contact.decided_at is not None
    assert contact.messages.last().kind == ContactMessage.Kind.ACCEPT
    assert mails_to(employer)[-1].subject == "Votre demande de mise en relation est acceptée"
    page = client_for(employer).get(thread_url(contact)).content.decode()
    assert "acceptée" in page
    # Both sides can go on writing after an acceptance.
    assert services.post_message(employer, contact.pk, "Merci !", uuid.uuid4())
    with pytest.raises(contact_eligibility.ContactError):
        services.decline(peer.user, contact.pk, "autre", "Changement", uuid.uuid4())


def test_declining_with_a_reason_closes_the_thread(peer, employer):
    contact = send(employer, peer)
    client = client_for(peer.user)
    decline = reverse("directory:contact_decline", args=[contact.pk])
    response = client.post(decline, {"decliner-token": uuid.uuid4(), "decliner-reason": "autre"})
    assert "précisez la raison en quelques mots" in response.content.decode()
    contact.refresh_from_db()
    assert contact.status == Status.SENT

    client.post(
        decline,
        {
            "decliner-token": uuid.uuid4(),
            "decliner-reason": "indisponible",
            "decliner-body": "Désolée.",
        },
    )
    contact.refresh_from_db()
    assert contact.status == Status.DECLINED and contact.decline_reason == "indisponible"
    assert contact.messages.last().body.startswith("Je ne suis pas disponible à ces dates.")
    with pytest.raises(contact_eligibility.ContactError, match="close"):
        services.post_message(employer, contact.pk, "Et en juin ?", uuid.uuid4())
    page = client_for(employer).get(thread_url(contact)).content.decode()
    assert "Cette demande est close" in page


def test_a_double_click_on_accept_is_harmless(peer, employer):
    contact = send(employer, peer)
    token = uuid.uuid4()
    services.accept(peer.user, contact.pk, "Oui", token)
    services.accept(peer.user, contact.pk, "Oui", token)
    assert contact.messages.filter(kind=ContactMessage.Kind.ACCEPT).count() == 1
    token = uuid.uuid4()
    services.post_message(peer.user, contact.pk, "Un seul", token)
    services.post_message(peer.user, contact.pk, "Un seul", token)
    assert contact.messages.filter(body="Un seul").count() == 1


# --- Rendering -----------------------------------------------------------------------------------


def test_links_become_clickable_only_after_the_first_answer(peer, employer):
    contact = send(employer, peer, message="Notre programme : https://exemple.org/programme")
    page = client_for(peer.user).get(thread_url(contact)).content.decode()
    assert "https://exemple.org/programme" in page
    assert 'href="https://exemple.org/programme"' not in page
    assert "ne sont pas cliquables tant que vous n" in page

    services.post_message(
        peer.user, contact.pk, "Mon site : https://pair.example.org", uuid.uuid4()
    )
    page = client_for(employer).get(thread_url(contact)).content.decode()
    assert '<a href="https://exemple.org/programme" rel="nofollow noopener">' in page
    assert '<a href="https://pair.example.org" rel="nofollow noopener">' in page


def test_messages_are_escaped(peer, employer):
    contact = send(
        employer,
        peer,
        message='<script>alert("x")</script> <a href="https://evil.example">clic</a>',
        description="<b>gras</b>",
    )
    services.post_message(peer.user, contact.pk, "<img src=x onerror=alert(1)>", uuid.uuid4())
    page = client_for(peer.user).get(thread_url(contact)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>gras</b>" not in page and "&lt;b&gt;gras&lt;/b&gt;" in page
    assert "<img src=x" not in page
    assert '<a href="https://evil.example">' not in page


def test_inbox_lists_conversations_with_unread_counts(
    peer, employer, django_assert_max_num_queries
):
    first = send(employer, peer)
    second = send(employer, published_profile(display_name="Léo B."))
    services.post_message(peer.user, first.pk, "Question 1", uuid.uuid4())
    services.post_message(peer.user, first.pk, "Question 2", uuid.uuid4())

    client = client_for(employer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("directory:contact_inbox")).content.decode()
    assert "Votre demande à Inès A." in page and "Votre demande à Léo B." in page
    assert "2 messages non lus" in page
    assert page.index("Inès A.") < page.index("Léo B.")  # latest activity first
    assert second.pk

    peer_page = client_for(peer.user).get(reverse("directory:contact_inbox")).content.decode()
    assert "Demande de Foyer de vie Les Glycines" in peer_page
    assert "Léo B." not in peer_page
    assert "non lu" not in peer_page  # the peer worker wrote last

    client.get(thread_url(first))
    page = client.get(reverse("directory:contact_inbox")).content.decode()
    assert "non lu" not in page


def test_one_mail_between_two_visits(peer, employer):
    contact = send(employer, peer)
    services.post_message(employer, contact.pk, "Précision 1", uuid.uuid4())
    services.post_message(employer, contact.pk, "Précision 2", uuid.uuid4())
    # The new request mail, then nothing: the peer worker has not visited yet.
    assert len(mails_to(peer.user)) == 1
    services.open_thread(peer.user, contact.pk)
    services.post_message(employer, contact.pk, "Précision 3", uuid.uuid4())
    assert len(mails_to(peer.user)) == 2


def test_preferences_stop_the_mail_but_never_the_inbox_entry(peer, employer):
    NotificationPreference.objects.create(
        user=peer.user, key="contact.nouvelle_demande", frequency=Frequency.NEVER
    )
    contact = send(employer, peer)
    assert mails_to(peer.user) == []
    page = client_for(peer.user).get(reverse("directory:contact_inbox")).content.decode()
    assert thread_url(contact) in page


def test_each_side_sees_its_own_contact_notification_types(peer, employer):
    url = reverse("notifications:preferences")
    page = text(client_for(employer).get(url))
    assert "Réponses à mes demandes de mise en relation" in page
    assert "Suivi après une demande acceptée" in page
    assert "Nouvelles demandes de mise en relation" not in page
    page = text(client_for(peer.user).get(url))
    assert "Nouvelles demandes de mise en relation" in page
    assert "Nouveaux messages des employeurs" in page
    assert "Réponses à mes demandes de mise en relation" not in page
    page = text(client_for(CoordinatorFactory(regions=["32"])).get(url))
    assert "Coordination : messages signalés" in page


# --- The call to action on the profile page ------------------------------------------------------


def render_call(user, published):
    request = RequestFactory().get("/")
    request.user = user
    return html.unescape(
        render_to_string(
            "directory/contact/contact_call.html", {"profile": published}, request=request
        )
    )


def test_the_call_to_action_fits_the_viewer(peer, employer):
    from django.contrib.auth.models import AnonymousUser

    published = PublishedProfile.objects.get(pk=peer.pk)
    html = render_call(AnonymousUser(), published)
    assert f"next={contact_url(peer)}".replace("/", "%2F") in html
    assert contact_url(peer) in render_call(employer, published)
    assert reverse("account_email") in render_call(make_employer(verified=False), published)
    assert reverse("accounts:organisation") in render_call(EmployerFactory(), published)
    assert "réservées aux comptes employeur" in render_call(PeerWorkerFactory(), published)
    assert "C'est votre profil" in render_call(peer.user, published)
    ContactBlock.objects.create(peer_worker=peer.user, employer=employer)
    html = render_call(employer, published)
    assert "n'accepte pas de nouvelles demandes" in html and contact_url(peer) not in html


# --- Reports -------------------------------------------------------------------------------------


def test_reporting_a_message_reaches_the_regional_coordinators(peer, employer):
    team = CoordinatorFactory(regions=["32"])
    elsewhere = CoordinatorFactory(regions=["75"])
    contact = send(employer, peer, message="Un message déplacé")
    message = contact.messages.get()
    client = client_for(peer.user)
    url = reverse("directory:contact_report", args=[contact.pk, message.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "irrespect", "details": "Ton agressif"}, follow=True)
    assert "Votre signalement est transmis" in text(response)

    report = ContactReport.objects.get()
    assert report.region_id == "32" and report.message_text == "Un message déplacé"
    (mail,) = mails_to(team)
    assert mail.subject == "Un message a été signalé dans une mise en relation"
    assert "déplacé" not in mail.subject + mail.body
    assert mails_to(elsewhere) == []
    # Reporting again keeps one report; one's own message cannot be reported.
    client.post(url, {"reason": "autre"})
    assert ContactReport.objects.count() == 1
    own = reverse("directory:contact_report", args=[contact.pk, message.pk])
    assert client_for(employer).get(own).status_code == 404

    # The team reads the reported message, not the thread.
    page = client_for(team).get(reverse("directory:contact_reports")).content.decode()
    assert "Un message déplacé" in page
    assert (
        "Un message déplacé"
        not in client_for(elsewhere).get(reverse("directory:contact_reports")).content.decode()
    )
    assert client_for(team).get(thread_url(contact)).status_code == 404


# --- Daily jobs ----------------------------------------------------------------------------------


def test_reminder_after_seven_days_once(peer, employer):
    contact = send(employer, peer)
    assert contact_jobs.send_reminders(now=timezone.now() + timedelta(days=6)) == 0
    later = timezone.now() + timedelta(days=8)
    assert contact_jobs.send_reminders(now=later) == 1
    assert contact_jobs.send_reminders(now=later) == 0
    assert contact_tasks.send_contact_reminders() == 0  # the task is the same, thin call
    subjects = [mail.subject for mail in mails_to(peer.user)]
    assert subjects.count("Une demande de mise en relation attend votre réponse") == 1
    assert ContactReminder.objects.filter(request=contact, kind="relance").count() == 1


def test_no_reminder_once_answered(peer, employer):
    contact = send(employer, peer)
    services.post_message(peer.user, contact.pk, "Je regarde.", uuid.uuid4())
    assert contact_jobs.send_reminders(now=timezone.now() + timedelta(days=8)) == 0


def test_expiry_after_thirty_days_suggests_similar_profiles(peer, employer):
    near = [published_profile(display_name=f"Proche {n}") for n in range(4)]
    published_profile(display_name="Autre type", intervention_types=["recherche"])
    far = published_profile(
        display_name="Bordelais", home_commune=Commune.objects.get(code=BORDEAUX)
    )
    paused = near[0]
    profile_services.update_availability(
        paused,
        {"availability": "en_pause", "paused_until": None, "pause_display": "afficher"},
        paused.user,
    )
    contact = send(employer, peer)
    later = timezone.now() + timedelta(days=31)
    assert contact_jobs.expire_requests(now=later) == 1
    assert contact_jobs.expire_requests(now=later) == 0
    contact.refresh_from_db()
    assert contact.status == Status.EXPIRED
    assert contact.messages.last().kind == ContactMessage.Kind.SYSTEM

    (mail,) = [m for m in mails_to(employer) if "expiré" in m.subject]
    assert mail.subject == "Votre demande de mise en relation a expiré"
    suggested = re.findall(r"^- (.+?),", mail.body, re.M)
    assert len(suggested) == 3
    assert set(suggested) <= {"Proche 1", "Proche 2", "Proche 3"}
    assert "Inès A." not in suggested and far.display_name not in suggested
    # Expired: the peer worker can no longer answer.
    with pytest.raises(contact_eligibility.ContactError):
        services.accept(peer.user, contact.pk, "", uuid.uuid4())


def test_follow_up_after_the_desired_date_once(peer, employer):
    start = timezone.localdate() + timedelta(days=10)
    contact = send(employer, peer, date_start=start.isoformat())
    services.accept(peer.user, contact.pk, "", uuid.uuid4())
    assert contact_jobs.send_followups(now=timezone.now() + timedelta(days=12)) == 0
    later = timezone.now() + timedelta(days=18)
    assert contact_jobs.send_followups(now=later) == 1
    assert contact_jobs.send_followups(now=later) == 0
    assert [m.subject for m in mails_to(employer)].count("L'intervention a-t-elle eu lieu ?") == 1

    client = client_for(employer)
    page = client.get(thread_url(contact)).content.decode()
    assert "L&#x27;intervention a-t-elle eu lieu ?" in page
    client.post(reverse("directory:contact_outcome", args=[contact.pk]), {"suivi-outcome": "oui"})
    contact.refresh_from_db()
    assert contact.outcome == "oui"
    # The peer worker cannot answer it.
    response = client_for(peer.user).post(
        reverse("directory:contact_outcome", args=[contact.pk]), {"suivi-outcome": "non"}
    )
    assert response.status_code == 404


def test_follow_up_thirty_days_after_acceptance_without_dates(peer, employer):
    contact = send(employer, peer, date_start="", dates_text="Au printemps")
    services.accept(peer.user, contact.pk, "", uuid.uuid4())
    assert contact_jobs.send_followups(now=timezone.now() + timedelta(days=29)) == 0
    assert contact_jobs.send_followups(now=timezone.now() + timedelta(days=31)) == 1


def test_conversations_are_deleted_after_the_retention_period(peer, employer, settings):
    settings.EPOP_CONTACT_RETENTION_DAYS = 365
    contact = send(employer, peer)
    assert contact_jobs.purge_old_requests(now=timezone.now() + timedelta(days=300)) == 0
    contact_jobs.purge_old_requests(now=timezone.now() + timedelta(days=400))
    assert not ContactRequest.objects.filter(pk=contact.pk).exists()


# --- Indicators ----------------------------------------------------------------------------------


def test_indicators_are_aggregated_and_scoped(employer):
    amiens_peer = published_profile()
    lyon_peer = published_profile(home_commune=Commune.objects.get(code=LYON))
    accepted = send(employer, amiens_peer)
    services.accept(amiens_peer.user, accepted.pk, "", uuid.uuid4())
    services.record_outcome(employer, accepted.pk, "oui")
    declined = send(employer, amiens_peer, sector="sante_mentale")
    services.decline(amiens_peer.user, declined.pk, "indisponible", "", uuid.uuid4())
    send(employer, amiens_peer)
    send(employer, lyon_peer)
    # Last year's request is outside the 12 months shown.
    old = send(make_employer(), lyon_peer)
    ContactRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))

    team = CoordinatorFactory(regions=["32"])
    rows = contact_stats.indicator_rows(team)
    assert [
        (r.region_code, r.sector, r.requests, r.answered, r.accepted, r.held) for r in rows
    ] == [
        ("32", "medico_social", 2, 1, 1, 1),
        ("32", "sante_mentale", 1, 1, 0, 0),
    ]
    national = CoordinatorFactory(is_staff=True)
    lyon_region = Region.objects.get(code=Commune.objects.get(code=LYON).region_id)
    assert [(r.region_code, r.requests) for r in contact_stats.indicator_rows(national)] == [
        (lyon_region.code, 1)
    ]
    assert contact_stats.indicator_rows(employer) == []

    page = client_for(team).get(reverse("directory:contact_indicators")).content.decode()
    assert "<caption" in page and "Mises en relation par mois, région et secteur" in page
    assert "Foyer de vie" not in page and amiens_peer.display_name not in page
    assert client_for(employer).get(reverse("directory:contact_indicators")).status_code == 404
    assert client_for(amiens_peer.user).get(reverse("directory:contact_reports")).status_code == 404


# --- With the real broker and worker -------------------------------------------------------------


@pytest.mark.worker
def test_a_broker_outage_keeps_the_request_and_the_mail_leaves_once_after(
    celery_worker, mailoutbox
):
    from epop.notifications import tasks
    from tests.notifications.helpers import broker_unreachable, wait_for

    peer = published_profile()
    employer = make_employer()
    # The validation mail of the set-up goes first, so only the request's mail is counted below.
    assert wait_for(
        lambda: not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
    )
    mailoutbox.clear()
    client = client_for(employer)
    data = form_data()
    with broker_unreachable():
        started = time.monotonic()
        response = client.post(contact_url(peer), data)
        assert time.monotonic() - started < 5
        assert response.status_code == 302
        # The thread answers normally while Redis is still down.
        assert client.get(response["Location"]).status_code == 200

    contact = ContactRequest.objects.get()
    row = OutboxMessage.objects.get(dedup_key=f"contact.nouvelle_demande:{contact.pk}")
    assert row.status == OutboxMessage.Status.PENDING
    assert mailoutbox == []  # nothing was published, so no worker can have sent it

    # Redis is back; the periodic flush publishes rows older than a minute.
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    with TaskBarrier() as barrier:
        assert tasks.flush_outbox() == 1
        assert barrier.wait(tasks.send_message, 1)
    assert OutboxMessage.objects.get(pk=row.pk).status == OutboxMessage.Status.SENT
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [peer.user.email]
    assert thread_url(contact) in mailoutbox[0].body
    # A second flush and a repeated post change nothing.
    assert tasks.flush_outbox() == 0
    client.post(contact_url(peer), data)
    assert ContactRequest.objects.count() == 1
    assert OutboxMessage.objects.filter(dedup_key=row.dedup_key).count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.worker
def test_the_daily_tasks_run_on_the_worker(celery_worker):

    peer = published_profile()
    contact = send(make_employer(), peer)
    ContactRequest.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    with TaskBarrier() as barrier:
        contact_tasks.send_contact_reminders.delay()
        contact_tasks.send_contact_reminders.delay()
        assert barrier.wait(contact_tasks.send_contact_reminders, 2)
    assert ContactReminder.objects.filter(request=contact).count() == 1
    assert OutboxMessage.objects.filter(dedup_key=f"contact.relance:{contact.pk}").count() == 1
