"""The peer worker's own profile pages: access, guided steps, commune resolution, availability,
confirmation, preview, charter and submission."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.profiles import services
from directory.profiles.charter_v1 import create_charter
from directory.profiles.charter_views import charter_blocks
from directory.profiles.models import (
    CharterAcceptance,
    CharterVersion,
    PeerProfile,
    ProfileEvent,
    PublishedProfile,
)
from epop.notifications.models import OutboxMessage
from epop.territories.models import Commune
from tests.factories import (
    CoordinatorFactory,
    EmployerFactory,
    PeerWorkerFactory,
    ProfileFactory,
    published_profile,
)

Status = PeerProfile.Status

OVERVIEW = reverse("directory:edit")
PREVIEW = reverse("directory:preview")
SUBMIT = reverse("directory:submit")
AVAILABILITY = reverse("directory:availability")
CONFIRM = reverse("directory:confirm")
CHARTER = reverse("directory:charter")
SCRIPT = '<script>alert("xss")</script>'


def step_url(slug):
    return reverse("directory:edit_step", args=[slug])


@pytest.fixture
def charter_v1():
    """The charter written by the data migration. Transactional tests empty every table when
    they finish, so it is written again here when missing."""

    if CharterVersion.current() is None:
        create_charter(CharterVersion)
    return CharterVersion.current()


@pytest.fixture
def peer(client):
    user = PeerWorkerFactory()
    client.force_login(user)
    return user


@pytest.fixture
def own_profile(peer):
    return ProfileFactory(user=peer)


@pytest.fixture
def validated(client, charter_v1):
    profile = published_profile()
    client.force_login(profile.user)
    return PeerProfile.objects.get(pk=profile.pk)


def presentation_data(**overrides):
    data = {
        "display_name": "Camille R.",
        "pitch": "Je forme les équipes à l'accueil des personnes sourdes.",
        "job_title": "Formatrice paire",
        "peer_roles": ["formateur_pair", "intervenant_pair"],
        "approaches": ["collective"],
        "action": "continue",
    }
    data.update(overrides)
    return data


def offer_data(**overrides):
    data = {
        "intervention_types": ["sensibilisation", "formation_professionnels"],
        "audiences": ["professionnels_accompagnement"],
        "sectors": ["medico_social"],
        "formats": ["presentiel", "distanciel"],
        "work_modes": ["micro_entreprise", "vacation"],
        "languages": ["fr", "lsf"],
        "communication": ["falc"],
        "training": "formation_epop",
        "other_trainings": "Prise de parole en public (2024).",
        "rate_kind": "indicatif",
        "rate_details": "550 € la journée",
        "action": "continue",
    }
    data.update(overrides)
    return data


def place_data(**overrides):
    data = {
        "commune": "Amiens",
        "travel_radius_km": "50",
        "zone_departments": ["80", "60"],
        "remote": "on",
        "action": "continue",
    }
    data.update(overrides)
    return data


def snapshot(profile) -> dict:
    profile = PeerProfile.objects.get(pk=profile.pk)
    return {**profile.content_values(), "status": profile.status}


def error_summary(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


# --- Access -----------------------------------------------------------------------------------

PAGES = [OVERVIEW, step_url("presentation"), step_url("lieu"), PREVIEW, AVAILABILITY]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("factory", [EmployerFactory, CoordinatorFactory], ids=["employer", "co"])
@pytest.mark.parametrize("url", PAGES)
def test_other_accounts_get_a_french_403(client, factory, url):
    client.force_login(factory())
    response = client.get(url)
    assert response.status_code == 403
    assert "Espace réservé aux intervenant·es-pairs" in response.content.decode()
    assert not PeerProfile.objects.exists()  # nothing created for them either


@pytest.mark.parametrize("url", [SUBMIT, CONFIRM, step_url("presentation")])
def test_other_accounts_cannot_post_either(client, url):
    client.force_login(CoordinatorFactory(is_staff=True))
    assert client.post(url, presentation_data()).status_code == 403
    assert not PeerProfile.objects.exists()


def test_national_coordinator_with_a_peer_profile_elsewhere_still_gets_403(client):
    other = ProfileFactory()
    coordinator = CoordinatorFactory(is_staff=True)
    client.force_login(coordinator)
    assert client.post(step_url("presentation"), presentation_data()).status_code == 403
    assert PeerProfile.objects.get(pk=other.pk).display_name == other.display_name


def test_a_peer_worker_only_ever_reaches_their_own_profile(client, peer):
    someone_else = ProfileFactory(display_name="Dominique Z.")
    response = client.get(OVERVIEW)
    assert "Dominique Z." not in response.content.decode()
    client.post(step_url("presentation"), presentation_data(display_name="Mine"))
    assert PeerProfile.objects.get(user=peer).display_name == "Mine"
    assert PeerProfile.objects.get(pk=someone_else.pk).display_name == "Dominique Z."


def test_unknown_step_is_404(client, peer):
    assert client.get(step_url("adresse")).status_code == 404


def test_submit_and_confirm_refuse_get(client, own_profile):
    client.force_login(own_profile.user)
    assert client.get(SUBMIT).status_code == 405
    assert client.get(CONFIRM).status_code == 405


# --- Steps: saving and moving between them --------------------------------------------------


def test_a_step_page_shows_the_step_list_and_the_three_buttons(client, peer):
    html = client.get(step_url("experience")).content.decode()
    nav = re.search(r'<nav class="steps-nav" aria-label="Étapes du profil">.*?</nav>', html, re.S)
    assert nav
    current = re.findall(r'<a href="([^"]+)"\s+aria-current="step"', nav.group(0))
    assert current == [step_url("experience")]
    # The state of each step is said in words.
    assert "à compléter" in nav.group(0) and "facultative" in nav.group(0)
    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"', html)
    assert buttons == ["continue", "save", "previous"]
    assert "Enregistrer et continuer" in html and "Étape précédente" in html


def test_save_and_continue_goes_to_the_next_step_and_keeps_the_values(client, peer):
    response = client.post(step_url("presentation"), presentation_data())
    assert response.status_code == 302
    assert response["Location"] == step_url("experience")
    profile = PeerProfile.objects.get(user=peer)
    assert profile.display_name == "Camille R."
    assert profile.peer_roles == ["intervenant_pair", "formateur_pair"]  # in the list's order
    assert profile.approaches == ["collective"]

    # Back on the first step, everything typed is there.
    html = client.get(step_url("presentation")).content.decode()
    assert 'value="Camille R."' in html
    assert "Je forme les équipes à l&#x27;accueil des personnes sourdes." in html
    assert re.search(r'value="formateur_pair"[^>]*checked', html)
    assert not re.search(r'value="pair_aidant"[^>]*checked', html)


def test_previous_step_button_saves_then_goes_back(client, peer):
    client.post(step_url("presentation"), presentation_data())
    response = client.post(
        step_url("experience"),
        {
            "experience_statement": "Vingt ans de vie en foyer.",
            "experience_visibility": "employeurs",
            "themes": ["vie_en_etablissement"],
            "action": "previous",
        },
    )
    assert response["Location"] == step_url("presentation")
    profile = PeerProfile.objects.get(user=peer)
    assert profile.experience_statement == "Vingt ans de vie en foyer."
    assert profile.experience_visibility == "employeurs"
    assert profile.themes == ["vie_en_etablissement"]
    assert profile.display_name == "Camille R."  # the earlier step is untouched


def test_save_stays_on_the_step_and_the_last_step_continues_to_the_preview(client, peer):
    response = client.post(step_url("offre"), offer_data(action="save"))
    assert response["Location"] == step_url("offre")
    profile = PeerProfile.objects.get(user=peer)
    assert profile.languages == ["fr", "lsf"]
    assert profile.training == "formation_epop"
    assert profile.rate_kind == "indicatif"
    response = client.post(step_url("lieu"), place_data())
    assert response["Location"] == PREVIEW


def test_the_experience_step_requires_nothing(client, peer):
    html = client.get(step_url("experience")).content.decode()
    assert "Rien n'est obligatoire sur cette page." in html
    assert "(obligatoire)" not in html
    assert "diagnostic" in html
    # The default reader of the statement is the coordination team only.
    assert re.search(r'value="coordination"[^>]*checked', html)
    response = client.post(step_url("experience"), {"action": "continue"})
    assert response.status_code == 302
    profile = PeerProfile.objects.get(user=peer)
    assert profile.experience_statement == ""
    assert profile.experience_visibility == "coordination"


def test_invalid_data_changes_nothing_and_shows_an_error_summary(client, own_profile):
    client.force_login(own_profile.user)
    before = snapshot(own_profile)
    response = client.post(
        step_url("presentation"),
        presentation_data(display_name="", pitch="Une toute nouvelle présentation."),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Erreur : " in html
    summary = error_summary(response)
    assert 'role="alert"' in summary and 'href="#id_display_name"' in summary
    assert "1 erreur à corriger" in summary
    assert 'aria-invalid="true"' in html
    assert snapshot(own_profile) == before
    # What was typed is still in the form, so nothing is lost.
    assert "Une toute nouvelle présentation." in html


@pytest.mark.parametrize(
    ("slug", "data", "field", "limit"),
    [
        ("presentation", presentation_data(display_name="A" * 61), "display_name", 60),
        ("presentation", presentation_data(pitch="p" * 601), "pitch", 600),
        ("presentation", presentation_data(job_title="t" * 121), "job_title", 120),
        ("experience", {"experience_statement": "e" * 3001}, "experience_statement", 3000),
        ("offre", offer_data(other_trainings="o" * 1501), "other_trainings", 1500),
        ("offre", offer_data(rate_details="r" * 201), "rate_details", 200),
    ],
)
def test_oversized_fields_get_a_french_message_and_change_nothing(
    client, own_profile, slug, data, field, limit
):
    client.force_login(own_profile.user)
    before = snapshot(own_profile)
    response = client.post(step_url(slug), data)
    assert response.status_code == 200
    errors = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.content.decode()
    )
    assert errors, response.content.decode()
    assert f"Erreur : raccourcissez ce texte à {limit} caractères au plus" in errors.group(1)
    assert snapshot(own_profile) == before


def test_an_unknown_choice_is_refused(client, own_profile):
    client.force_login(own_profile.user)
    before = snapshot(own_profile)
    response = client.post(step_url("offre"), offer_data(intervention_types=["diagnostic"]))
    assert response.status_code == 200
    assert "« diagnostic » ne fait pas partie de la liste" in response.content.decode()
    assert snapshot(own_profile) == before


def test_a_significant_edit_of_a_validated_profile_returns_to_draft_only_on_the_working_copy(
    client, validated
):
    published_before = PublishedProfile.objects.get(pk=validated.pk)
    response = client.post(
        step_url("presentation"), presentation_data(display_name="Nouveau nom", action="save")
    )
    assert response.status_code == 302
    profile = PeerProfile.objects.get(pk=validated.pk)
    assert profile.status == Status.DRAFT
    assert profile.display_name == "Nouveau nom"
    published = PublishedProfile.objects.get(pk=validated.pk)
    assert published.display_name == published_before.display_name != "Nouveau nom"
    assert published.validated_at == published_before.validated_at
    assert ProfileEvent.objects.filter(profile=profile, action="modification").count() == 1

    html = client.get(OVERVIEW).content.decode()
    assert (
        "Votre version validée reste visible ; envoyez vos modifications pour validation." in html
    )


def test_saving_unchanged_values_keeps_a_validated_profile_validated(client, validated):
    # Stored in another order than the checkboxes': the same boxes are no change.
    stored = ["sensibilisation", "accompagnement_individuel"]
    PeerProfile.objects.filter(pk=validated.pk).update(intervention_types=stored)
    data = offer_data(
        intervention_types=list(reversed(stored)),
        audiences=validated.audiences,
        sectors=validated.sectors,
        formats=validated.formats,
        work_modes=validated.work_modes,
        languages=validated.languages,
        communication=validated.communication,
        training=validated.training,
        other_trainings=validated.other_trainings,
        rate_kind=validated.rate_kind,
        rate_details=validated.rate_details,
        action="save",
    )
    client.post(step_url("offre"), data)
    assert PeerProfile.objects.get(pk=validated.pk).status == Status.VALIDATED


# --- Where: commune, radius, departments -------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["Amiens", "amiens", "  AMIENS ", "Amiens (80000)", "80000", "80080", "Amiens (80)", "80021"],
)
def test_a_commune_with_a_single_match_is_used(client, peer, typed):
    response = client.post(step_url("lieu"), place_data(commune=typed))
    assert response.status_code == 302, response.content.decode()
    profile = PeerProfile.objects.get(user=peer)
    assert profile.home_commune_id == "80021"
    assert profile.travel_radius_km == 50
    assert sorted(profile.zone_departments) == ["60", "80"]
    assert profile.remote is True


def test_an_ambiguous_commune_asks_which_one_then_saves_the_choice(client, own_profile):
    client.force_login(own_profile.user)
    before = snapshot(own_profile)
    response = client.post(step_url("lieu"), place_data(commune="Sainte-Marie"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plusieurs communes portent ce nom" in html
    radios = re.findall(r'<input type="radio" name="commune_code" value="(\w+)"', html)
    assert sorted(radios) == ["25523", "35294", "97228"]
    assert "Sainte-Marie (35600) – Ille-et-Vilaine" in html
    assert 'href="#id_commune_code_0"' in error_summary(response)
    assert snapshot(own_profile) == before

    response = client.post(
        step_url("lieu"), place_data(commune="Sainte-Marie", commune_code="35294")
    )
    assert response.status_code == 302
    assert PeerProfile.objects.get(pk=own_profile.pk).home_commune_id == "35294"
    # Afterwards the field shows the commune with its postcode, which is unique.
    assert 'value="Sainte-Marie (35600)"' in client.get(step_url("lieu")).content.decode()


def test_a_choice_that_does_not_match_the_typed_name_is_refused(client, own_profile):
    client.force_login(own_profile.user)
    before = snapshot(own_profile)
    response = client.post(
        step_url("lieu"), place_data(commune="Sainte-Marie", commune_code="80021")
    )
    assert response.status_code == 200
    assert snapshot(own_profile) == before


def test_a_near_miss_is_offered_as_a_choice_never_chosen_for_the_person(client, own_profile):
    client.force_login(own_profile.user)
    own_profile.home_commune = Commune.objects.get(code="33063")  # Bordeaux
    own_profile.save()
    response = client.post(step_url("lieu"), place_data(commune="Amien"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nous n&#x27;avons pas trouvé ce nom exact" in html
    assert '<input type="radio" name="commune_code" value="80021"' in html
    assert PeerProfile.objects.get(pk=own_profile.pk).home_commune_id == "33063"


def test_an_unknown_commune_is_a_french_error_and_changes_nothing(client, own_profile):
    client.force_login(own_profile.user)
    before = snapshot(own_profile)
    response = client.post(step_url("lieu"), place_data(commune="Xyzzyqwv"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erreur : aucune commune trouvée pour « Xyzzyqwv »" in html
    assert 'href="#id_commune"' in error_summary(response)
    assert "commune_code" not in html
    assert snapshot(own_profile) == before


def test_the_place_step_lists_101_departments_grouped_by_region(client, peer):
    html = client.get(step_url("lieu")).content.decode()
    assert len(re.findall(r'name="zone_departments"', html)) == 101
    assert html.count('<details class="region-group"') == 18
    assert "Somme (80)" in html and "Mayotte (976)" in html
    assert "Wallis" not in html  # overseas collectivities are not departments
    # The exact address is never asked.
    assert "adresse" not in html.lower().replace("jamais votre adresse", "").replace(
        "adresse e-mail", ""
    )
    # The travel radius is a select with the planned distances.
    radius = re.search(r'<select name="travel_radius_km".*?</select>', html, re.S).group(0)
    assert re.findall(r'value="(\d+)"', radius) == [
        "0", "10", "20", "30", "50", "80", "100", "150", "200"
    ]  # fmt: skip


def test_a_checked_department_opens_its_region(client, own_profile):
    client.force_login(own_profile.user)
    own_profile.zone_departments = ["80"]
    own_profile.save()
    html = client.get(step_url("lieu")).content.decode()
    opened = re.findall(r'<details class="region-group" open>\s*<summary>\s*([^<]+?)\s*<', html)
    assert opened == ["Hauts-de-France"]
    assert "(1 coché)" in html


def test_an_unknown_department_is_refused(client, own_profile):
    client.force_login(own_profile.user)
    before = snapshot(own_profile)
    response = client.post(step_url("lieu"), place_data(zone_departments=["999"]))
    assert "« 999 » n&#x27;est pas un département de la liste" in response.content.decode()
    assert snapshot(own_profile) == before


# --- Availability and confirmation (minor edits) ---------------------------------------------


def test_availability_applies_at_once_to_the_published_version(client, validated):
    back = timezone.localdate() + timedelta(days=40)
    response = client.post(
        AVAILABILITY,
        {"availability": "en_pause", "paused_until": back.isoformat(), "pause_display": "afficher"},
    )
    assert response.status_code == 302 and response["Location"] == OVERVIEW
    profile = PeerProfile.objects.get(pk=validated.pk)
    published = PublishedProfile.objects.get(pk=validated.pk)
    for record in (profile, published):
        assert (record.availability, record.paused_until, record.pause_display) == (
            "en_pause",
            back,
            "afficher",
        )
    assert profile.status == Status.VALIDATED  # no new validation for a pause
    assert PublishedProfile.objects.listed().filter(pk=profile.pk).exists()
    html = client.get(OVERVIEW).content.decode()
    assert "Votre disponibilité est enregistrée." in html
    assert f"En pause jusqu'au {back.day} " in html


def test_a_hidden_pause_takes_the_profile_out_of_the_directory(client, validated):
    client.post(AVAILABILITY, {"availability": "en_pause", "pause_display": "masquer"})
    assert not PublishedProfile.objects.listed().filter(pk=validated.pk).exists()
    html = client.get(OVERVIEW).content.decode()
    assert "masqué de l&#x27;annuaire pendant votre pause" in html


@pytest.mark.parametrize("days", [0, -3])
def test_a_return_date_must_be_in_the_future(client, validated, days):
    before = snapshot(validated)
    date = (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")
    response = client.post(
        AVAILABILITY, {"availability": "en_pause", "paused_until": date, "pause_display": "masquer"}
    )
    assert response.status_code == 200
    assert "la date de retour doit être après aujourd&#x27;hui" in response.content.decode()
    profile = PeerProfile.objects.get(pk=validated.pk)
    assert profile.availability == "disponible" and profile.paused_until is None
    assert snapshot(validated) == before


def test_a_return_date_without_a_pause_is_dropped(client, own_profile):
    client.force_login(own_profile.user)
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    client.post(
        AVAILABILITY,
        {
            "availability": "disponibilite_limitee",
            "paused_until": later,
            "pause_display": "masquer",
        },
    )
    profile = PeerProfile.objects.get(pk=own_profile.pk)
    assert profile.availability == "disponibilite_limitee"
    assert profile.paused_until is None


def test_confirm_restarts_the_freshness_clock_on_both_versions(client, validated):
    old = timezone.now() - timedelta(days=200)
    PeerProfile.objects.filter(pk=validated.pk).update(confirmed_at=old)
    PublishedProfile.objects.filter(pk=validated.pk).update(confirmed_at=old)
    html = client.get(OVERVIEW).content.decode()
    assert "Mon profil est toujours à jour" in html
    assert "est passée" in html  # 200 days > the 6-month rhythm

    response = client.post(CONFIRM)
    assert response["Location"] == OVERVIEW
    profile = PeerProfile.objects.get(pk=validated.pk)
    assert profile.confirmed_at > timezone.now() - timedelta(minutes=1)
    assert PublishedProfile.objects.get(pk=validated.pk).confirmed_at == profile.confirmed_at
    assert profile.events.filter(action="confirmation").exists()
    html = client.get(OVERVIEW).content.decode()
    assert "votre profil est confirmé à jour" in html
    assert "Profil confirmé à jour" in html  # in the history


def test_confirm_is_refused_for_a_profile_never_validated(client, own_profile):
    client.force_login(own_profile.user)
    assert "Mon profil est toujours à jour" not in client.get(OVERVIEW).content.decode()
    client.post(CONFIRM)
    profile = PeerProfile.objects.get(pk=own_profile.pk)
    assert profile.confirmed_at is None
    assert not profile.events.exists()


# --- Preview, escaping ---------------------------------------------------------------------------


def test_script_tags_are_stored_as_typed_and_shown_escaped(client, peer, charter_v1):
    client.post(
        step_url("presentation"),
        presentation_data(display_name=SCRIPT, pitch=SCRIPT, job_title=SCRIPT),
    )
    client.post(
        step_url("experience"),
        {"experience_statement": SCRIPT, "experience_visibility": "public", "action": "save"},
    )
    client.post(step_url("offre"), offer_data(other_trainings=SCRIPT, rate_details=SCRIPT))
    profile = PeerProfile.objects.get(user=peer)
    for name in ("display_name", "pitch", "job_title", "experience_statement", "rate_details"):
        assert getattr(profile, name) == SCRIPT

    escaped = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"
    for url in (PREVIEW, OVERVIEW, step_url("presentation"), step_url("offre")):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert escaped in html, url
    preview = client.get(PREVIEW).content.decode()
    assert preview.count(escaped) >= 6  # name, title, pitch, statement, trainings, rate


def test_preview_includes_the_public_partial_and_says_who_reads_the_statement(
    client, own_profile, charter_v1
):
    client.force_login(own_profile.user)
    PeerProfile.objects.filter(pk=own_profile.pk).update(
        experience_statement="Mon parcours en ESAT.", experience_visibility="employeurs"
    )
    html = client.get(PREVIEW).content.decode()
    assert '<div class="profile-body">' in html
    assert "Mon parcours en ESAT." not in html
    assert "seuls les employeurs connectés et l&#x27;équipe de coordination" in html
    assert "<h3>Présentation</h3>" in html  # headings nested under the name (h2)

    PeerProfile.objects.filter(pk=own_profile.pk).update(experience_visibility="public")
    html = client.get(PREVIEW).content.decode()
    assert "Mon parcours en ESAT." in html
    assert "tout le monde peut le lire" in html


def test_preview_shows_the_charter_checkbox_with_its_version(client, own_profile, charter_v1):
    client.force_login(own_profile.user)
    html = client.get(PREVIEW).content.decode()
    assert f"J&#x27;ai lu et j&#x27;accepte la charte EPoP (version {charter_v1.number})" in html
    assert f'href="{CHARTER}"' in html
    assert f'action="{SUBMIT}"' in html
    assert "Envoyer mon profil pour validation" in html


# --- Submission and charter acceptance ---------------------------------------------------------


def submit(client, charter, **extra):
    return client.post(SUBMIT, {"accept_charter": "on", "charter_version": charter.number, **extra})


def test_submission_without_the_charter_box_changes_nothing(client, own_profile, charter_v1):
    client.force_login(own_profile.user)
    response = client.post(SUBMIT, {"charter_version": charter_v1.number})
    assert response.status_code == 200
    assert "cochez la case pour accepter la charte" in error_summary(response)
    assert PeerProfile.objects.get(pk=own_profile.pk).status == Status.DRAFT
    assert not CharterAcceptance.objects.exists()


def test_submission_records_the_charter_once_and_notifies_the_regional_team(
    client, own_profile, charter_v1, django_capture_on_commit_callbacks
):
    amiens_team = CoordinatorFactory(regions=["32"])
    CoordinatorFactory(regions=["75"])  # another region: not told
    client.force_login(own_profile.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, charter_v1)
    assert response.status_code == 302 and response["Location"] == OVERVIEW
    profile = PeerProfile.objects.get(pk=own_profile.pk)
    assert profile.status == Status.SUBMITTED
    acceptance = CharterAcceptance.objects.get()
    assert (acceptance.user, acceptance.version) == (own_profile.user, charter_v1)
    assert [m.to for m in OutboxMessage.objects.order_by("pk")] == [
        [own_profile.user.email],  # the acknowledgement (issue 13)
        [amiens_team.email],
    ]

    html = client.get(OVERVIEW).content.decode()
    assert 'role="status"' in html
    assert "Votre profil est envoyé pour validation." in html
    assert "L&#x27;équipe de coordination EPoP de la région Hauts-de-France" in html
    assert "premier échange" in html
    assert "Profil envoyé pour validation" in html  # history

    # Sent back for changes, edited and sent again: still one acceptance of that version.
    services.request_changes(profile, amiens_team, "Précisez vos publics, s'il vous plaît.")
    html = client.get(OVERVIEW).content.decode()
    assert "Message de la coordination" in html
    assert "Précisez vos publics, s&#x27;il vous plaît." in html
    assert "La coordination demande des modifications" in html
    client.post(step_url("offre"), offer_data(action="save"))
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, charter_v1)
    assert PeerProfile.objects.get(pk=own_profile.pk).status == Status.SUBMITTED
    assert CharterAcceptance.objects.count() == 1


def test_outside_deployed_regions_the_national_team_is_named(client, charter_v1):
    profile = ProfileFactory(home_commune=Commune.objects.get(code="69123"))  # Lyon
    client.force_login(profile.user)
    submit(client, charter_v1)
    assert "L&#x27;équipe nationale EPoP" in client.get(OVERVIEW).content.decode()


def test_a_transition_error_is_shown_in_the_error_summary(client, peer, charter_v1):
    client.post(step_url("presentation"), presentation_data(pitch=""))
    response = submit(client, charter_v1)
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Il manque encore : la présentation courte, au moins un type d&#x27;intervention" in (
        summary
    )
    assert PeerProfile.objects.get(user=peer).status == Status.DRAFT
    assert not CharterAcceptance.objects.exists()


def test_a_charter_published_meanwhile_must_be_read_first(client, own_profile, charter_v1):
    client.force_login(own_profile.user)
    CharterVersion.objects.create(
        number=charter_v1.number + 1, title="Charte", body="## Nouveau", falc_summary="Phrase."
    )
    response = submit(client, charter_v1)  # the form showed the old version
    assert "la charte a changé depuis l&#x27;affichage de cette page" in error_summary(response)
    assert PeerProfile.objects.get(pk=own_profile.pk).status == Status.DRAFT
    assert not CharterAcceptance.objects.exists()


def test_a_submitted_profile_has_nothing_to_send(client, own_profile, charter_v1):
    client.force_login(own_profile.user)
    submit(client, charter_v1)
    html = client.get(PREVIEW).content.decode()
    assert "Envoyer mon profil pour validation" not in html
    response = submit(client, charter_v1)
    assert "déjà en attente de validation" in error_summary(response)


def test_a_new_charter_version_asks_for_a_new_acceptance(client, validated, charter_v1):
    assert "La charte EPoP a changé" not in client.get(OVERVIEW).content.decode()
    CharterVersion.objects.create(number=charter_v1.number + 1, title="Charte", body="Texte.")
    html = client.get(OVERVIEW).content.decode()
    assert f"c'est maintenant la version {charter_v1.number + 1}" in html
    assert f'href="{CHARTER}"' in html


# --- Overview ---------------------------------------------------------------------------------


def test_overview_of_a_new_profile_says_what_is_missing(client, peer):
    html = client.get(OVERVIEW).content.decode()
    assert "Brouillon" in html
    for missing in ("le nom affiché", "la présentation courte", "la commune de résidence"):
        assert missing in html
    assert f'href="{step_url("lieu")}">la commune de résidence</a>' in html
    assert f'href="{PREVIEW}"' in html
    assert "Rien pour l'instant" in html  # empty history


def test_overview_history_is_in_french_with_messages(client, charter_v1):
    profile = ProfileFactory()
    client.force_login(profile.user)
    services.submit_profile(profile, profile.user, charter_v1)
    coordinator = CoordinatorFactory(regions=["32"])
    services.refuse_profile(profile, coordinator, "Le projet ne relève pas de la pair-aidance.")
    html = client.get(OVERVIEW).content.decode()
    assert "Profil non retenu" in html
    assert "Profil non retenu par la coordination" in html
    assert "Le projet ne relève pas de la pair-aidance." in html
    assert "soumission" not in html and "refus<" not in html  # no raw action codes


# --- Charter page ----------------------------------------------------------------------------


def test_charter_page_shows_the_current_version_with_its_falc_summary(client, charter_v1):
    response = client.get(CHARTER)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Version {charter_v1.number}, en vigueur depuis le" in html
    falc = re.search(r'<section class="falc".*?</section>', html, re.S).group(0)
    assert "En bref, facile à lire" in falc
    assert "Vous avez le droit de faire une pause." in falc
    assert html.count("<h2>") >= 8


def test_the_migrated_charter_has_8_to_12_sections_and_a_plain_falc_summary(charter_v1):
    headings = [b["text"] for b in charter_blocks(charter_v1.body) if b["kind"] == "h2"]
    assert 8 <= len(headings) <= 12
    lines = charter_v1.falc_summary.splitlines()
    assert all(len(line.split()) <= 15 for line in lines)
    assert not any(char in charter_v1.falc_summary for char in ";()[]…%")
    assert "gratuit" in charter_v1.body and "diagnostic" in charter_v1.body


def test_charter_blocks_escape_nothing_themselves_and_group_lists():
    blocks = charter_blocks("Intro\nsuite\n\n## Titre <b>\n- un\n- deux\nFin")
    assert blocks == [
        {"kind": "p", "text": "Intro suite"},
        {"kind": "h2", "text": "Titre <b>"},
        {"kind": "ul", "items": ["un", "deux"]},
        {"kind": "p", "text": "Fin"},
    ]


def test_charter_page_escapes_an_admin_typo(client):
    CharterVersion.objects.all().delete()
    CharterVersion.objects.create(number=1, title="Charte", body="## <i>Titre</i>", falc_summary="")
    html = client.get(CHARTER).content.decode()
    assert "<h2>&lt;i&gt;Titre&lt;/i&gt;</h2>" in html
