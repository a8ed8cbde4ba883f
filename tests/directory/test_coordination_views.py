"""The coordinators' dashboard: scope, queue, review page, recruitment path and decisions."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.coordination.diff import FIELD_LABELS, profile_diff
from directory.coordination.digests import waited_words
from directory.coordination.review_version import fingerprint
from directory.profiles import services
from directory.profiles.models import CharterVersion, PeerProfile, ProfileEvent, PublishedProfile
from epop.territories.models import Commune, Region
from tests.factories import (
    CoordinatorFactory,
    EmployerFactory,
    PeerWorkerFactory,
    ProfileFactory,
    charter,
    published_profile,
)
from tests.helpers import mails_to

Status = PeerProfile.Status
QUEUE = reverse("directory:coordination")


def review_url(profile):
    return reverse("directory:coordination_profile", args=[profile.pk])


def exchange_url(profile):
    return reverse("directory:coordination_exchange", args=[profile.pk])


def decision_url(profile):
    return reverse("directory:coordination_decision", args=[profile.pk])


def version_of(profile) -> str:
    """The version the review page puts in the decision form (directory/review_version.py)."""
    return fingerprint(PeerProfile.objects.get(pk=profile.pk))


def submitted(commune="80021", days_ago=None, **kwargs):
    """A profile sent for validation (Amiens, Hauts-de-France, by default)."""
    profile = ProfileFactory(home_commune=Commune.objects.get(code=commune), **kwargs)
    services.submit_profile(profile, profile.user, charter())
    if days_ago is not None:
        PeerProfile.objects.filter(pk=profile.pk).update(
            submitted_at=timezone.now() - timedelta(days=days_ago)
        )
    profile.refresh_from_db()
    return profile


def text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed, for plain assertions."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).strip()


@pytest.fixture
def hdf():
    """A regional coordinator of Hauts-de-France (32), which has a regional team."""
    return CoordinatorFactory(regions=["32"], first_name="Inès", last_name="Lefebvre")


@pytest.fixture
def nouvelle_aquitaine():
    return CoordinatorFactory(regions=["75"])


@pytest.fixture
def national():
    return CoordinatorFactory(is_staff=True, first_name="Noé", last_name="Martin")


# --- Who may enter -------------------------------------------------------------------------------


def all_urls(profile):
    return [QUEUE, review_url(profile), exchange_url(profile), decision_url(profile)]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    profile = submitted()
    for url in all_urls(profile):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{reverse('account_login')}?next="), url


@pytest.mark.parametrize(
    "make_user",
    [
        PeerWorkerFactory,
        EmployerFactory,
        # A coordination account the national team has given no region: no power yet.
        CoordinatorFactory,
    ],
    ids=["intervenant-pair", "employeur", "coordination-sans-region"],
)
def test_accounts_without_coordination_powers_get_a_french_403(client, make_user):
    profile = submitted()
    client.force_login(make_user())
    for url in all_urls(profile):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Accès réservé aux équipes de coordination" in text(response)
        assert '<html lang="fr"' in response.content.decode().replace("\n", " ")
    response = client.post(
        decision_url(profile), {"version": version_of(profile), "decision": "valider"}
    )
    assert response.status_code == 403
    assert PeerProfile.objects.get(pk=profile.pk).status == Status.SUBMITTED


# --- Queue scope ---------------------------------------------------------------------------------


def test_a_regional_coordinator_sees_only_the_queue_of_their_region(
    client, hdf, nouvelle_aquitaine, national
):
    amiens = submitted("80021", display_name="Awa K.")
    bordeaux = submitted("33063", display_name="Bruno L.")
    lyon = submitted("69123", display_name="Chloé M.")

    client.force_login(hdf)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert [p.pk for p in queue.context["queue_page"]] == [amiens.pk]
    assert "Awa K." in text(queue)
    assert "Bruno L." not in text(queue) and "Chloé M." not in text(queue)

    client.force_login(nouvelle_aquitaine)
    assert [p.pk for p in client.get(QUEUE).context["queue_page"]] == [bordeaux.pk]

    # National coordinators play the regional role only where there is no regional team.
    client.force_login(national)
    queue = client.get(QUEUE)
    assert [p.pk for p in queue.context["queue_page"]] == [lyon.pk]
    assert "régions qui n'ont pas d'équipe régionale" in text(queue)


def test_a_region_getting_a_team_moves_its_queue(client, national):
    lyon = submitted("69123")
    client.force_login(national)
    assert [p.pk for p in client.get(QUEUE).context["queue_page"]] == [lyon.pk]
    assert client.get(review_url(lyon)).status_code == 200

    region = Region.objects.get(code="84")
    region.has_regional_team = True
    region.regional_team_since = timezone.localdate()
    region.save()
    lyon_team = CoordinatorFactory(regions=["84"])

    assert list(client.get(QUEUE).context["queue_page"]) == []
    assert client.get(review_url(lyon)).status_code == 404
    client.force_login(lyon_team)
    assert [p.pk for p in client.get(QUEUE).context["queue_page"]] == [lyon.pk]
    # The history stays with the profile.
    assert "Envoi pour validation" in text(client.get(review_url(lyon)))


@pytest.mark.parametrize("method", ["get", "post", "put", "delete", "head"])
@pytest.mark.parametrize("url_of", [review_url, exchange_url, decision_url])
def test_every_profile_url_answers_404_outside_the_scope(
    client, hdf, nouvelle_aquitaine, national, method, url_of
):
    amiens = submitted("80021")
    lyon = submitted("69123")
    cases = [(nouvelle_aquitaine, amiens), (national, amiens), (hdf, lyon)]
    missing = PeerProfile(pk=amiens.pk + lyon.pk + 1000)
    for coordinator, profile in cases:
        client.force_login(coordinator)
        data = {
            "decision": "valider",
            "first_exchange_on": "01/01/2026",
            "training_status": "prevue",
        }
        response = getattr(client, method)(url_of(profile), data if method == "post" else None)
        assert response.status_code == 404, (coordinator, profile, method)
        # Exactly what a profile that does not exist answers: nothing leaks.
        assert getattr(client, method)(url_of(missing)).status_code == 404
    for profile in (amiens, lyon):
        profile.refresh_from_db()
        assert profile.status == Status.SUBMITTED
        assert profile.first_exchange_on is None
    assert not ProfileEvent.objects.exclude(action="soumission").exists()


def test_other_methods_in_scope_are_not_allowed_but_get_leads_back(client, hdf):
    profile = submitted()
    client.force_login(hdf)
    assert client.put(review_url(profile)).status_code == 405
    assert client.delete(exchange_url(profile)).status_code == 405
    response = client.get(decision_url(profile))
    assert response.status_code == 302
    assert response["Location"] == review_url(profile)


# --- The queue page ------------------------------------------------------------------------------


def test_waited_time_in_plain_words():
    now = timezone.now()
    assert waited_words(now, now) == "en attente depuis aujourd'hui"
    assert waited_words(now - timedelta(days=1), now) == "en attente depuis hier"
    assert waited_words(now - timedelta(days=12), now) == "en attente depuis 12 jours"
    assert waited_words(now - timedelta(days=95), now) == "en attente depuis 3 mois"


def test_queue_lists_oldest_first_with_waited_time_commune_region_training_and_charter(client, hdf):
    recent = submitted("59350", days_ago=2, display_name="Dina R.", training="prevue")
    oldest = submitted("80021", days_ago=12, display_name="Élie S.", training="formation_epop")
    client.force_login(hdf)

    response = client.get(QUEUE)

    assert [p.pk for p in response.context["queue_page"]] == [oldest.pk, recent.pk]
    page = main_text(response)
    assert "Profils en attente de validation (2)" in page
    assert page.index("Élie S.") < page.index("Dina R.")
    assert "En attente depuis 12 jours" in page
    assert "En attente depuis 2 jours" in page
    assert "Amiens (80)" in page and "Lille (59)" in page
    assert "Hauts-de-France" in page
    assert "Formation EPoP suivie" in page and "Formation prévue" in page
    assert "Acceptée (version 1)" in page
    assert "Premier échange À faire" in page


def test_queue_says_when_the_current_charter_is_not_accepted_yet(client, hdf):
    submitted()
    CharterVersion.objects.create(number=2, title="Charte EPoP", body="Nouveau texte.")
    client.force_login(hdf)
    assert "Version 1 acceptée, pas encore la version 2" in main_text(client.get(QUEUE))


def test_follow_up_lists_profiles_by_status_with_counts(client, hdf):
    submitted()
    changes = submitted(display_name="Fanny T.")
    services.request_changes(changes, hdf, "Précisez votre zone.")
    refused = submitted(display_name="Gaspard U.")
    services.refuse_profile(refused, hdf, "Profil en double.")
    validated = published_profile(display_name="Hugo V.")
    ProfileFactory(display_name="Iris W.")  # a draft, never sent
    ProfileFactory(home_commune=Commune.objects.get(code="33063"))  # another region
    client.force_login(hdf)

    response = client.get(QUEUE)
    page = main_text(response)
    for label in (
        "Modifications demandées (1)",
        "Refusés (1)",
        "Validés (1)",
        "Brouillons (1)",
    ):
        assert label in page
    # Changes requested first: what coordinators follow up most.
    assert [p.pk for p in response.context["follow_page"]] == [changes.pk]

    for status, expected in (
        ("refuse", refused),
        ("valide", validated),
        ("brouillon", PeerProfile.objects.get(display_name="Iris W.")),
    ):
        response = client.get(QUEUE, {"suivi": status})
        assert [p.pk for p in response.context["follow_page"]] == [expected.pk]
        assert 'aria-current="true"' in response.content.decode()
    # An unknown status falls back to the default list rather than failing.
    assert client.get(QUEUE, {"suivi": "n'importe"}).context["follow_status"] == (
        Status.CHANGES_REQUESTED
    )


def test_follow_up_is_paginated_and_keeps_the_other_parameters(client, hdf):
    for _ in range(23):
        ProfileFactory()
    client.force_login(hdf)

    first = client.get(QUEUE, {"suivi": "brouillon"})
    assert len(first.context["follow_page"]) == 20
    assert "Page 1 sur 2" in main_text(first)
    assert "?suivi=brouillon&amp;page_suivi=2#suivi" in first.content.decode()
    second = client.get(QUEUE, {"suivi": "brouillon", "page_suivi": 2})
    assert len(second.context["follow_page"]) == 3


@pytest.mark.parametrize("count", [3, 30])
def test_queue_page_query_count_does_not_grow_with_the_queue(
    client, hdf, django_assert_max_num_queries, count
):
    for index in range(count):
        submitted(commune=("80021", "59350", "80620")[index % 3])
    for _ in range(5):
        ProfileFactory()
    client.force_login(hdf)
    client.get(QUEUE)  # warm the session

    # session, user, regions, counts, queue count + page, charter, follow-up count + page, the
    # header's queue size: the same bound with 3 or 30 waiting profiles.
    with django_assert_max_num_queries(10):
        response = client.get(QUEUE, {"suivi": "brouillon"})
    assert response.context["waiting_count"] == count
    assert len(response.context["follow_page"]) == 5


# --- Review page ---------------------------------------------------------------------------------


def test_review_page_shows_the_profile_the_recruitment_path_and_the_history(client, hdf):
    profile = submitted(
        days_ago=3,
        display_name="Jade X.",
        experience_statement="Je parle de mon parcours en ESAT.",
        experience_visibility="coordination",
        training="equivalence",
    )
    client.force_login(hdf)

    response = client.get(review_url(profile))

    assert response.status_code == 200
    html = response.content.decode()
    page = main_text(response)
    assert "<title>Profil de Jade X. – Coordination – Annuaire – EPoP</title>" in html
    assert page.count("Profil de Jade X.") >= 1
    assert "En attente de validation (depuis 3 jours)" in page
    # Coordinators may read every statement, whatever its visibility.
    assert "Je parle de mon parcours en ESAT." in page
    assert "Nouveau profil : il n'a jamais été validé." in page
    assert "Premier échange avec la coordination" in page
    assert "Déclaré par la personne : Formation équivalente reconnue" in page
    assert "Version 1 acceptée le" in page
    assert '<caption id="history-caption">Historique du profil' in html
    assert "Envoi pour validation" in page and "La personne elle-même" in page
    assert 'href="/static/css/coordination.css"' in html


def test_first_exchange_then_validation_through_the_views(
    client, hdf, django_capture_on_commit_callbacks
):
    profile = submitted(display_name="Karim Y.")
    client.force_login(hdf)
    today = timezone.localdate()

    response = client.post(
        exchange_url(profile),
        {
            "first_exchange_on": today.strftime("%d/%m/%Y"),
            "first_exchange_notes": "Projet clair, joignable par téléphone.",
            "training_status": "formation_epop",
        },
        follow=True,
    )
    assert response.redirect_chain == [(review_url(profile), 302)]
    assert 'role="status"' in response.content.decode()
    assert f"Premier échange du {today:%d/%m/%Y} enregistré" in text(response)
    profile.refresh_from_db()
    assert profile.first_exchange_on == today
    assert profile.first_exchange_notes == "Projet clair, joignable par téléphone."
    assert profile.training_status == "formation_epop"
    assert "Projet clair, joignable par téléphone." in main_text(response)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decision_url(profile),
            {"version": version_of(profile), "decision": "valider"},
            follow=True,
        )

    assert response.redirect_chain == [(review_url(profile), 302)]
    assert "Profil validé : il est publié dans l'annuaire" in text(response)
    profile.refresh_from_db()
    assert profile.status == Status.VALIDATED
    assert PublishedProfile.objects.listed().filter(pk=profile.pk).exists()
    (mail,) = mails_to(profile.user.email, published=True)
    assert mail.subject == "Votre profil est publié dans l'annuaire EPoP"
    assert "Karim Y." not in mail.subject
    actions = list(profile.events.values_list("action", "actor"))
    assert actions[:2] == [("validation", hdf.pk), ("premier_echange", hdf.pk)]
    page = main_text(response)
    assert "Ce profil n'attend pas de décision" in page
    assert "Validation et publication" in page and "Inès Lefebvre" in page


def test_validation_before_the_first_exchange_is_refused_and_changes_nothing(client, hdf):
    profile = submitted()
    client.force_login(hdf)

    response = client.post(
        decision_url(profile), {"version": version_of(profile), "decision": "valider"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Erreur : Profil de" in html
    assert 'role="alert"' in html and "1 erreur à corriger" in html
    assert "Enregistrez d'abord le premier échange avec la personne" in text(response)
    profile.refresh_from_db()
    assert profile.status == Status.SUBMITTED
    assert not PublishedProfile.objects.exists()
    assert mails_to(profile.user.email) == []


@pytest.mark.parametrize(
    ("decision", "expected"),
    [("modifications", "ce qu'elle doit modifier"), ("refuser", "pourquoi son profil est refusé")],
)
def test_asking_for_changes_or_refusing_needs_a_message(client, hdf, decision, expected):
    profile = submitted()
    client.force_login(hdf)

    response = client.post(
        decision_url(profile),
        {"version": version_of(profile), "decision": decision, "message": "   "},
    )

    assert response.status_code == 200
    page = text(response)
    assert "1 erreur à corriger" in page
    assert f"Message à la personne : écrivez à la personne {expected}" in page
    assert 'aria-invalid="true"' in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("decision", "status", "subject"),
    [
        ("modifications", Status.CHANGES_REQUESTED, "Des modifications sont demandées"),
        ("refuser", Status.REFUSED, "Votre profil n'a pas été retenu"),
    ],
)
def test_asking_for_changes_or_refusing_sends_the_message(
    client, hdf, django_capture_on_commit_callbacks, decision, status, subject
):
    profile = submitted(display_name="Léa d'Almeida")
    client.force_login(hdf)
    message = "Pourriez-vous préciser l'intitulé de votre activité ?"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decision_url(profile),
            {"version": version_of(profile), "decision": decision, "message": message},
            follow=True,
        )

    assert 'role="status"' in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == status
    (mail,) = mails_to(profile.user.email)
    assert mail.subject.startswith(subject)
    # Plain-text mail: apostrophes stay apostrophes.
    assert message in mail.body and "Bonjour Léa d'Almeida," in mail.body
    assert message in main_text(response)  # in the history


def test_no_decision_chosen_is_a_clear_error(client, hdf):
    profile = submitted()
    client.force_login(hdf)
    response = client.post(
        decision_url(profile), {"version": version_of(profile), "message": "Bonjour"}
    )
    assert "Votre décision : choisissez une décision." in text(response)
    assert 'href="#id_decision_0"' in response.content.decode()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", "indiquez la date de l'échange"),
        ("31/02/2026", "écrivez la date sous la forme jour/mois/année"),
        ("demain", "écrivez la date sous la forme jour/mois/année"),
        (None, "la date ne peut pas être dans le futur"),
    ],
)
def test_bad_first_exchange_dates_are_refused_in_french(client, hdf, value, error):
    profile = submitted()
    client.force_login(hdf)
    if value is None:
        value = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")

    response = client.post(
        exchange_url(profile), {"first_exchange_on": value, "training_status": "prevue"}
    )

    assert response.status_code == 200
    page = text(response)
    assert "1 erreur à corriger" in page
    assert f"Date du premier échange : {error}" in page
    assert "<title>Erreur : " in response.content.decode()
    profile.refresh_from_db()
    assert profile.first_exchange_on is None and profile.training_status == ""
    assert not profile.events.filter(action="premier_echange").exists()


def test_first_exchange_needs_a_training_situation(client, hdf):
    profile = submitted()
    client.force_login(hdf)
    response = client.post(
        exchange_url(profile), {"first_exchange_on": "01/03/2025", "training_status": "diplome"}
    )
    assert "Situation de formation : choisissez une des situations proposées." in text(response)
    profile.refresh_from_db()
    assert profile.first_exchange_on is None


# --- What changed since the last validation ------------------------------------------------------


def test_every_significant_field_has_a_label_for_coordinators():
    assert set(FIELD_LABELS) == set(PeerProfile.SIGNIFICANT_FIELDS)


def test_diff_of_a_profile_never_validated_says_new():
    diff = profile_diff(submitted())
    assert diff.is_new and diff.changes == []


def test_diff_lists_changes_with_human_labels_before_and_after():
    profile = published_profile(
        intervention_types=["sensibilisation", "animation_groupe"], rate_kind="sur_devis"
    )
    profile.refresh_from_db()
    services.save_content(
        profile,
        {
            "pitch": "Une nouvelle présentation.",
            "intervention_types": ["animation_groupe", "conference_temoignage"],
            "rate_kind": "benevolat",
            "home_commune": Commune.objects.get(code="80620"),
            "remote": True,
            "languages": ["lsf", "fr"],  # same choices, other order: no change
        },
        profile.user,
    )
    profile = PeerProfile.objects.select_related("published__home_commune", "home_commune").get(
        pk=profile.pk
    )

    diff = profile_diff(profile)

    assert not diff.is_new
    by_label = {change.label: change for change in diff.changes}
    assert list(by_label) == [
        "Présentation courte",
        "Types d'intervention",
        "Langues",
        "Conditions",
        "Commune de résidence",
        "Intervient à distance",
    ]
    types = by_label["Types d'intervention"]
    assert types.added == ["Conférence, table ronde, témoignage en colloque"]
    assert types.removed == ["Sensibilisation (équipes, élèves, grand public)"]
    assert by_label["Conditions"].before == ["Sur devis"]
    assert by_label["Conditions"].after == ["Bénévolat"]
    assert by_label["Commune de résidence"].before == ["Amiens (80000)"]
    assert by_label["Commune de résidence"].after == ["Péronne (80200)"]
    assert by_label["Intervient à distance"].after == ["Oui"]
    assert by_label["Langues"].added == ["Langue des signes française (LSF)"]


def test_diff_ignores_the_order_of_choices():
    profile = published_profile(languages=["fr", "lsf"])
    PeerProfile.objects.filter(pk=profile.pk).update(languages=["lsf", "fr"])
    profile = PeerProfile.objects.select_related("published").get(pk=profile.pk)
    diff = profile_diff(profile)
    assert not diff.is_new and diff.changes == []


def test_review_page_shows_the_diff_in_a_table(client, hdf):
    profile = published_profile()
    services.save_content(profile, {"job_title": "Formatrice pair"}, profile.user)
    services.submit_profile(profile, profile.user, charter())
    client.force_login(hdf)

    response = client.get(review_url(profile))

    html = response.content.decode()
    assert "1 champ modifié depuis la validation du" in text(response)
    row = re.search(r'<th scope="row">Intitulé de l\'activité</th>(.*?)</tr>', unescape(html), re.S)
    assert row and "Non renseigné" in row.group(1) and "Formatrice pair" in row.group(1)


# --- the decision names the version reviewed (issue 7, item 3) -----------------------------------


def test_a_version_changed_since_the_review_is_not_published(client, hdf):
    profile = submitted()
    services.record_first_exchange(
        profile, hdf, date=timezone.localdate(), notes="", training_status="formation_epop"
    )
    client.force_login(hdf)
    page = client.get(review_url(profile)).content.decode()
    reviewed = re.search(r'name="version" value="([^"]+)"', page)[1]

    # The peer worker edits and resubmits while the coordinator reads version A.
    services.save_content(profile, {"pitch": "Version B, jamais relue."}, profile.user)
    services.submit_profile(
        PeerProfile.objects.get(pk=profile.pk), profile.user, CharterVersion.current()
    )

    response = client.post(decision_url(profile), {"version": reviewed, "decision": "valider"})

    assert response.status_code == 200
    content = unescape(response.content.decode())
    assert "a modifié son profil pendant que vous le lisiez" in content
    assert "Version B, jamais relue." in content  # the new diff
    assert not PublishedProfile.objects.filter(pk=profile.pk).exists()
    assert PeerProfile.objects.get(pk=profile.pk).status == PeerProfile.Status.SUBMITTED
    # The form now carries version B: a second click decides on what was just shown.
    assert f'value="{reviewed}"' not in content


def test_a_decision_without_a_version_is_refused(client, hdf):
    profile = submitted()
    client.force_login(hdf)
    response = client.post(decision_url(profile), {"decision": "refuser", "message": "Non."})
    assert "a modifié son profil" in unescape(response.content.decode())
    assert PeerProfile.objects.get(pk=profile.pk).status == PeerProfile.Status.SUBMITTED
