"""The directory search page, the public profile page and the sitemap: what visitors and
employers see, escaping, errors in French, and a constant number of queries."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.profiles import services
from directory.profiles.models import PeerProfile, PublishedProfile
from epop.accounts.models import User
from epop.territories.models import Commune
from tests.factories import (
    CoordinatorFactory,
    EmployerFactory,
    PeerWorkerFactory,
    ProfileFactory,
    charter,
    published_profile,
)

AMIENS, ABBEVILLE, ALBERT, BORDEAUX = "80021", "80001", "80016", "33063"
URL = "/annuaire/"


def commune(code):
    return Commune.objects.get(code=code)


def get(client, params=None, **headers):
    return client.get(URL, params or {}, headers=headers)


def text(response) -> str:
    """The page's text with entities decoded and whitespace collapsed, for sentence checks."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def status_text(response) -> str:
    html = response.content.decode()
    match = re.search(r'id="statut-recherche".*?>(.*?)</div>', html, re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", match.group(1)))).strip()


def card_names(response) -> list[str]:
    html = response.content.decode()
    return [
        unescape(name)
        for name in re.findall(r'class="result-name">\s*<a href="[^"]+">([^<]*)</a>', html)
    ]


def pause(profile, until=None, display="afficher"):
    services.update_availability(
        profile,
        {"availability": "en_pause", "paused_until": until, "pause_display": display},
        profile.user,
    )


# --- The form and the results ---------------------------------------------------------------


def test_empty_search_shows_the_form_and_everyone_in_france(client):
    published_profile(display_name="Inès A.")
    published_profile(display_name="Léo B.", home_commune=commune(BORDEAUX))
    response = get(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form id="formulaire-recherche"' in html and 'method="get"' in html
    assert '<label for="id_lieu">Commune ou code postal</label>' in html
    assert 'name="radius_km"' in html and '<option value="30" selected>30 km</option>' in html
    assert "Inclure les personnes qui interviennent à distance" in html
    for group in ("Types d'intervention", "Thèmes", "Publics", "Formats", "Langues"):
        assert group in unescape(html)
    assert "<details" in html and 'type="submit"' in html
    assert status_text(response) == "2 intervenant·es-pairs trouvé·es dans toute la France."
    assert "l'ordre change chaque jour" in text(response)
    assert "Aucun résultat n'est sponsorisé" in text(response)
    assert sorted(card_names(response)) == ["Inès A.", "Léo B."]


def test_results_around_a_commune_say_where_how_far_and_how_they_are_sorted(client):
    near = published_profile(
        display_name="Inès A.",
        intervention_types=["sensibilisation", "mediation"],
        formats=["presentiel", "distanciel"],
    )
    published_profile(display_name="Zoé C.", home_commune=commune(ABBEVILLE), travel_radius_km=60)
    published_profile(display_name="Léo B.", home_commune=commune(BORDEAUX))
    response = get(client, {"commune": AMIENS, "radius_km": "30"})
    assert response.status_code == 200
    assert status_text(response) == (
        "2 intervenant·es-pairs trouvé·es à moins de 30 km d'Amiens (80)."
    )
    assert card_names(response) == ["Inès A.", "Zoé C."]
    page = text(response)
    assert "Classement : du plus proche au plus loin" in page
    assert "À distance égale, l'ordre change chaque jour" in page
    assert "Amiens, Somme (80) · à moins de 1 km" in page
    assert "Abbeville, Somme (80) · à 40 km" in page
    assert "Sensibilisation (équipes, élèves, grand public), Médiation" in page
    assert "En présentiel, À distance, en visio" in page
    # The profile link carries the search, for « Retour à l'annuaire » (tests/directory/test_look).
    profile_url = reverse("directory:profile", args=[near.pk])
    assert f'href="{profile_url}?commune={AMIENS}&amp;radius_km=30"' in response.content.decode()
    assert "<title>Autour d&#x27;Amiens (80) – Annuaire" in response.content.decode()


def test_a_paused_but_visible_profile_is_listed_with_its_return_date(client):
    profile = published_profile(display_name="Inès A.")
    pause(profile, until=timezone.localdate() + timedelta(days=30))
    response = get(client, {"commune": AMIENS})
    assert card_names(response) == ["Inès A."]
    assert "En pause jusqu'au" in text(response)


def test_hidden_stale_and_unvalidated_profiles_are_not_listed(client):
    published_profile(display_name="Visible")
    hidden = published_profile(display_name="Pause masquée")
    pause(hidden, display="masquer")
    stale = published_profile(display_name="Ancien")
    PublishedProfile.objects.filter(pk=stale.pk).update(
        confirmed_at=timezone.now() - timedelta(days=300)
    )
    draft = ProfileFactory(display_name="Brouillon")
    services.submit_profile(draft, draft.user, charter())
    assert card_names(get(client)) == ["Visible"]
    assert card_names(get(client, {"commune": AMIENS})) == ["Visible"]


def test_remote_workers_appear_only_when_asked(client):
    published_profile(
        display_name="Léo B.", home_commune=commune(BORDEAUX), travel_radius_km=10, remote=True
    )
    assert card_names(get(client, {"commune": AMIENS})) == []
    response = get(client, {"commune": AMIENS, "remote": "on"})
    assert card_names(response) == ["Léo B."]
    assert "intervient aussi à distance" in text(response)
    assert status_text(response).endswith("d'Amiens (80), ou à distance.")


def test_filters_keep_their_choices_in_the_form(client):
    published_profile(display_name="A", intervention_types=["mediation"])
    published_profile(display_name="B", intervention_types=["recherche"])
    response = get(client, {"intervention": ["mediation"], "format": ["presentiel"]})
    assert card_names(response) == ["A"]
    html = response.content.decode()
    assert re.search(r'value="mediation"[^>]*checked', html)
    assert re.search(r'<details class="filter-group"\s+open>\s*<summary>\s*Types', html)


def test_no_result_gives_next_steps(client):
    response = get(client, {"commune": BORDEAUX, "radius_km": "5"})
    assert status_text(response) == (
        "Aucun·e intervenant·e-pair trouvé·e à moins de 5 km de Bordeaux (33)."
    )
    assert "Choisissez une distance plus grande" in text(response)
    assert 'class="result-cards"' not in response.content.decode()


# --- The place typed as text (no JavaScript) ------------------------------------------------


def test_a_unique_commune_name_is_resolved_by_the_server(client):
    published_profile(display_name="Inès A.", travel_radius_km=50)
    response = get(client, {"lieu": "abbeville", "radius_km": "10"})
    assert card_names(response) == ["Inès A."]
    assert status_text(response) == (
        "1 intervenant·e-pair trouvé·e à moins de 10 km d'Abbeville (80)."
    )
    html = response.content.decode()
    assert re.search(r'name="commune"\s+id="id_commune"\s+value="80001"', html)
    assert 'value="Abbeville (80100)"' in html


@pytest.mark.parametrize("typed", ["80100", "Abbeville (80100)", "80001", "ABBEVILLE"])
def test_postcodes_labels_and_codes_resolve_too(client, typed):
    response = get(client, {"lieu": typed})
    assert "d'Abbeville (80)" in status_text(response)


def test_an_ambiguous_name_offers_a_choice_of_communes_with_their_codes(client):
    published_profile(display_name="Inès A.")
    response = get(client, {"lieu": "Montdidier", "radius_km": "50", "remote": "on"})
    assert response.status_code == 200
    assert card_names(response) == []
    assert "Plusieurs communes correspondent à « Montdidier »" in status_text(response)
    links = re.findall(r'<a href="(/annuaire/\?[^"]+)">Montdidier', response.content.decode())
    codes = sorted(parse_qs(urlparse(unescape(link)).query)["commune"][0] for link in links)
    assert codes == ["57478", "80561"]
    query = parse_qs(urlparse(unescape(links[0])).query)
    assert query["radius_km"] == ["50"] and query["remote"] == ["on"]
    assert "Moselle" in text(response) and "Somme" in text(response)


def test_an_unknown_place_is_an_error_on_the_field(client):
    response = get(client, {"lieu": "Xyzzyville"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "aucune commune ne correspond à « Xyzzyville »" in unescape(html)
    assert 'href="#id_lieu"' in html
    assert "<title>Erreur : " in html
    assert 'class="result-cards"' not in html


def test_a_changed_place_wins_over_the_previous_code(client):
    published_profile(display_name="Inès A.", home_commune=commune(ABBEVILLE), travel_radius_km=0)
    # The form still carries Amiens' code, but the person typed Abbeville (no JavaScript).
    response = get(client, {"lieu": "Abbeville", "commune": AMIENS, "radius_km": "5"})
    assert "d'Abbeville (80)" in status_text(response)
    assert card_names(response) == ["Inès A."]


def test_an_emptied_place_searches_the_whole_country(client):
    published_profile(display_name="Léo B.", home_commune=commune(BORDEAUX))
    response = get(client, {"lieu": "", "commune": AMIENS})
    assert status_text(response).endswith("dans toute la France.")
    assert card_names(response) == ["Léo B."]


def test_a_link_with_a_code_only_fills_the_place_field(client):
    response = get(client, {"commune": AMIENS})
    assert 'value="Amiens (80000)"' in response.content.decode()


def test_around_me_uses_the_coordinates(client):
    published_profile(display_name="Inès A.", travel_radius_km=0)
    response = get(client, {"lat": "49.90", "lon": "2.30", "radius_km": "5"})
    assert status_text(response) == (
        "1 intervenant·e-pair trouvé·e à moins de 5 km de votre position."
    )


# --- Invalid parameters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "anchor", "message"),
    [
        ({"radius_km": "0"}, "id_radius_km", "choisissez une distance entre 5 et 200 km"),
        ({"radius_km": "10000"}, "id_radius_km", "choisissez une distance entre 5 et 200 km"),
        ({"radius_km": "loin"}, "id_radius_km", "choisissez une distance entre 5 et 200 km"),
        ({"intervention": "inconnu"}, "id_intervention_0", "« inconnu » ne fait pas partie"),
        ({"availability": "jamais"}, "id_availability_0", "« jamais » ne fait pas partie"),
        ({"commune": "99999"}, "id_lieu", "cette commune est inconnue"),
        ({"lat": "49.9"}, "id_lieu", "indiquez à la fois la latitude et la longitude"),
    ],
)
def test_invalid_parameters_give_a_french_error_summary_and_no_results(
    client, params, anchor, message
):
    published_profile(display_name="Inès A.")
    response = get(client, params)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', html, re.S)
    assert summary, "no error summary"
    assert f'href="#{anchor}"' in summary.group(0)
    assert "Erreur : " + message in summary.group(0)
    assert "<title>Erreur : " in html
    assert card_names(response) == []
    assert status_text(response) == ""


def test_a_field_error_is_linked_to_its_field(client):
    html = get(client, {"radius_km": "0"}).content.decode()
    select = re.search(r"<select[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in select
    assert "id_radius_km_error" in select
    assert re.search(r'<ul class="errorlist" id="id_radius_km_error"\s*><li>Erreur', html)


# --- Pagination -----------------------------------------------------------------------------


def bulk_published(count, **overrides):
    """`count` listed profiles in Amiens, copied from one made through the real workflow: the
    workflow takes a second per profile, and pagination needs dozens."""
    model = published_profile(display_name="Modèle", **overrides).published
    users = User.objects.bulk_create(
        [
            User(email=f"lot{model.pk}-{index}@example.org", kind=User.Kind.PEER_WORKER)
            for index in range(count - 1)
        ]
    )
    profiles = PeerProfile.objects.bulk_create(
        [
            PeerProfile(user=user, display_name=f"Pair {index:03d}", status="valide")
            for index, user in enumerate(users)
        ]
    )
    copies = []
    for index, profile in enumerate(profiles):
        copy = PublishedProfile.objects.get(pk=model.pk)
        copy.profile = profile
        copy.pk = profile.pk
        copy.display_name = f"Pair {index:03d}"
        copies.append(copy)
    PublishedProfile.objects.bulk_create(copies)
    return PublishedProfile.objects.listed().count()


def test_results_are_paginated_by_twenty_with_the_current_page_marked(client):
    assert bulk_published(45) == 45
    first = get(client, {"commune": AMIENS})
    assert len(card_names(first)) == 20
    assert "Page 1 sur 3." in status_text(first)
    html = first.content.decode()
    assert re.search(r'href="\?commune=80021&amp;radius_km=30&amp;page=2"\s+rel="next"', html)
    assert re.search(r'page=1"\s+aria-current="page"', html)
    last = get(client, {"commune": AMIENS, "page": "3"})
    assert len(card_names(last)) == 5
    assert re.search(r'page=3"\s+aria-current="page"', last.content.decode())
    assert 'start="41"' in last.content.decode()
    assert "<title>Autour d&#x27;Amiens (80), page 3 – " in last.content.decode()
    everyone = card_names(first) + card_names(get(client, {"commune": AMIENS, "page": "2"}))
    everyone += card_names(last)
    assert len(set(everyone)) == 45, "paging repeats or skips people"


@pytest.mark.parametrize("page", ["4", "0", "abc", "-1"])
def test_a_page_that_does_not_exist_is_a_clear_404(client, page):
    bulk_published(45)
    response = get(client, {"commune": AMIENS, "page": page})
    assert response.status_code == 404
    page_text = text(response)
    assert "Cette page de résultats n'existe pas" in page_text
    assert "La recherche compte 3 pages de résultats" in page_text
    html = response.content.decode()
    assert 'href="/annuaire/?commune=80021&amp;radius_km=30">Aller à la première page' in html
    assert card_names(response) == []


# --- htmx -----------------------------------------------------------------------------------


def test_htmx_gets_the_results_only_with_out_of_band_updates(client):
    published_profile(display_name="Inès A.", travel_radius_km=50)
    response = get(client, {"lieu": "Abbeville", "radius_km": "10"}, HX_Request="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<header" not in html
    assert card_names(response) == ["Inès A."]
    assert "<template data-status>" in html
    assert "1 intervenant·e-pair trouvé·e à moins de 10 km d&#x27;Abbeville (80)." in html
    assert re.search(r'<input type="hidden"\s+name="commune"\s+id="id_commune"\s+value="80001"'
                     r'\s+hx-swap-oob="true">', html)  # fmt: skip
    assert re.search(r'<ul class="errorlist" id="id_lieu_error" hx-swap-oob="true">', html)
    assert "<title>Autour d&#x27;Abbeville (80) – Annuaire" in html
    # The address bar shows the search as understood: the commune resolved to its code.
    pushed = parse_qs(urlparse(response["HX-Push-Url"]).query)
    assert pushed["commune"] == ["80001"] and pushed["radius_km"] == ["10"]
    assert "HX-Request" in response["Vary"]


def test_htmx_errors_come_with_the_summary_and_the_field_message(client):
    response = get(client, {"radius_km": "0"}, HX_Request="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "data-error-summary" in html
    assert re.search(
        r'<ul class="errorlist" id="id_radius_km_error" hx-swap-oob="true"><li>Erreur', html
    )
    assert "<title>Erreur : " in html


def test_history_restore_requests_get_the_whole_page(client):
    response = get(client, {}, HX_Request="true", HX_History_Restore_Request="true")
    assert "<html" in response.content.decode()


# --- Escaping -------------------------------------------------------------------------------

NASTY = 'Zoé <script>alert("x")</script>'


def test_names_are_escaped_in_the_list_and_on_the_profile(client):
    profile = published_profile(display_name=NASTY, job_title="<b>gras</b>")
    html = get(client).content.decode()
    assert "<script>alert" not in html
    assert "Zoé &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>gras</b>" not in html
    page = client.get(reverse("directory:profile", args=[profile.pk])).content.decode()
    assert "<script>alert" not in page
    assert "<h1>Zoé &lt;script&gt;" in page


# --- Query count ----------------------------------------------------------------------------


def test_a_results_page_costs_the_same_number_of_queries_for_20_and_200_results(
    client, django_assert_num_queries
):
    bulk_published(20)
    params = {"commune": AMIENS, "radius_km": "30"}
    with CaptureQueriesContext(connection) as small:
        assert len(card_names(get(client, params))) == 20
    bulk_published_more = bulk_published(200)
    assert bulk_published_more >= 200
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(card_names(get(client, params))) == 20
    # commune lookup, department of the place, count, page (with communes and departments)
    assert len(small.captured_queries) <= 5, [q["sql"][:80] for q in small.captured_queries]


# --- Profile page ---------------------------------------------------------------------------


def profile_url(profile):
    return reverse("directory:profile", args=[profile.pk])


def test_profile_page_shows_the_profile_its_commune_and_a_unique_title(client):
    profile = published_profile(
        display_name="Inès A.",
        pitch="J'anime des ateliers.",
        experience_statement="Mon parcours en établissement.",
        experience_visibility="public",
    )
    response = client.get(profile_url(profile))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Inès A., intervenant·e-pair – Annuaire – EPoP</title>" in html
    assert "<h1>Inès A.</h1>" in html
    page = text(response)
    assert "Amiens (80)" in page
    assert "J'anime des ateliers." in page
    assert "Mon parcours en établissement." in page


@pytest.mark.parametrize(
    ("visibility", "viewer", "shown"),
    [
        ("public", None, True),
        ("employeurs", None, False),
        ("employeurs", "employer", True),
        ("employeurs", "coordinator", True),
        ("employeurs", "peer", False),
        ("coordination", "employer", False),
        ("coordination", "coordinator", True),
    ],
)
def test_lived_experience_follows_the_chosen_visibility(client, visibility, viewer, shown):
    profile = published_profile(
        experience_statement="Ce que mon parcours m'a appris.",
        experience_visibility=visibility,
    )
    if viewer == "employer":
        client.force_login(EmployerFactory())
    elif viewer == "coordinator":
        client.force_login(CoordinatorFactory(regions=["32"]))
    elif viewer == "peer":
        client.force_login(PeerWorkerFactory())
    page = text(client.get(profile_url(profile)))
    assert ("Ce que mon parcours m'a appris." in page) is shown


def test_anonymous_visitors_are_invited_to_sign_in_to_contact(client):
    profile = published_profile(display_name="Inès A.")
    html = client.get(profile_url(profile)).content.decode()
    login = reverse("account_login")
    assert re.search(
        rf'<a class="button" href="{login}\?next=%2Fannuaire%2Fintervenant%2F{profile.pk}'
        r'%2Fcontacter%2F">Se connecter pour contacter Inès A.</a>',
        html,
    )


def test_signed_in_employers_are_led_to_the_contact_form(client):
    from epop.accounts.models import Organisation

    profile = published_profile(display_name="Inès A.")
    employer = EmployerFactory()
    client.force_login(employer)
    assert "Présenter ma structure" in text(client.get(profile_url(profile)))

    Organisation.objects.create(user=employer, name="Foyer de vie Les Glycines", kind="essms")
    html = client.get(profile_url(profile)).content.decode()
    form_url = reverse("directory:contact_request", args=[profile.pk])
    assert f'<a class="button" href="{form_url}">Contacter Inès A.</a>' in html


def test_a_paused_profile_says_so_and_offers_no_contact(client):
    profile = published_profile(display_name="Inès A.")
    pause(profile, until=timezone.localdate() + timedelta(days=10))
    response = client.get(profile_url(profile))
    page = text(response)
    assert "a mis son activité en pause jusqu'au" in page
    assert "ne reçoit pas de demande" in page
    assert "Contacter Inès A." not in page
    client.force_login(EmployerFactory())
    assert "contact@epop.example.org" not in text(client.get(profile_url(profile)))


def test_hidden_stale_unvalidated_and_missing_profiles_are_the_same_404(client):
    hidden = published_profile()
    pause(hidden, display="masquer")
    stale = published_profile()
    PublishedProfile.objects.filter(pk=stale.pk).update(
        confirmed_at=timezone.now() - timedelta(days=300)
    )
    closed = published_profile()
    closed.user.is_active = False
    closed.user.save()
    draft = ProfileFactory()
    services.submit_profile(draft, draft.user, charter())
    answers = set()
    for pk in (hidden.pk, stale.pk, closed.pk, draft.pk, 999999):
        response = client.get(reverse("directory:profile", args=[pk]))
        assert response.status_code == 404
        answers.add(re.sub(rb'nonce="[^"]*"', b"", response.content))
    assert len(answers) == 1, "a hidden profile's 404 differs from a missing one's"


# --- Sitemap --------------------------------------------------------------------------------


def test_sitemap_lists_public_pages_and_listed_profiles_only(client):
    listed = published_profile()
    hidden = published_profile()
    pause(hidden, display="masquer")
    draft = ProfileFactory()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    paths = {urlparse(location).path for location in locations}
    assert {"/", "/annuaire/", "/accessibilite/", "/plan-du-site/"} <= paths
    assert profile_url(listed) in paths
    assert profile_url(hidden) not in paths
    assert f"/annuaire/intervenant/{draft.pk}/" not in paths
    assert "/compte/" not in paths  # signed-in pages are not announced
    assert all(location.startswith("http://testserver/") for location in locations)
