"""Display preferences: a POST form that writes a whitelisted, first-party cookie, then
redirects; the <html> element carries the choices server-side."""

import pytest
from django.urls import reverse

from epop.core import display

from .markup import parse

URL = "/parametres-affichage/"
ALL_LARGE = {
    "texte": "200",
    "espacement": "large",
    "police": "atkinson",
    "contraste": "renforce",
    "animations": "reduites",
    "falc": "oui",
}


def html_attributes(response):
    attributes = parse(response.content).html_attributes
    return {key.removeprefix("data-"): value for key, value in attributes.items() if key != "lang"}


def test_url_name():
    assert reverse("core:display") == URL


def test_defaults_without_cookie(client):
    assert html_attributes(client.get("/")) == display.defaults()


def test_pages_vary_on_the_cookie(client):
    assert "Cookie" in client.get("/")["Vary"]


def test_form_has_one_fieldset_per_setting_with_the_current_value_checked(client):
    client.cookies[display.COOKIE_NAME] = display.serialize({**display.defaults(), "texte": "150"})
    content = client.get(URL).content.decode()
    assert content.count("<fieldset") == len(display.CHOICES)
    assert content.count("<legend>") == len(display.CHOICES)
    assert 'value="150" id="id_texte_2" checked' in content
    assert "(obligatoire)" not in content
    for label in ("Enregistrer", "Réinitialiser"):
        assert f">{label}</button>" in content


def test_saving_sets_the_cookie_and_redirects_with_a_status_message(client):
    response = client.post(URL, ALL_LARGE)
    assert response.status_code == 302
    assert response["Location"] == URL
    cookie = response.cookies[display.COOKIE_NAME]
    assert display.parse(cookie.value) == ALL_LARGE
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == display.COOKIE_MAX_AGE
    assert cookie["httponly"]
    assert cookie["path"] == "/"

    followed = client.get(URL)
    assert html_attributes(followed) == ALL_LARGE
    assert (
        parse(followed.content)
        .status_texts[0]
        .startswith("Vos paramètres d'affichage sont enregistrés")
    )
    # Every page now carries the choices, without JavaScript.
    assert html_attributes(client.get("/")) == ALL_LARGE


def test_partial_post_keeps_the_other_settings(client):
    client.post(URL, ALL_LARGE)
    client.post(URL, {"texte": "125"})
    assert html_attributes(client.get("/")) == {**ALL_LARGE, "texte": "125"}


@pytest.mark.parametrize(
    "forged",
    [
        {"texte": "999"},
        {"police": "comic-sans"},
        {"contraste": '"><script>alert(1)</script>'},
        {"inconnu": "oui"},
        {"texte": ["200", "300"]},
    ],
)
def test_forged_values_are_ignored(client, forged):
    client.post(URL, {"espacement": "large"})
    response = client.post(URL, forged)
    assert response.status_code == 302
    saved = display.parse(response.cookies[display.COOKIE_NAME].value)
    assert set(saved) == set(display.CHOICES)
    for key, value in saved.items():
        assert value in display.CHOICES[key]
    assert saved["espacement"] == "large"
    assert saved["contraste"] == "defaut"


def test_forged_cookie_is_ignored(client):
    client.cookies[display.COOKIE_NAME] = 'texte:900|police:"><b>|espacement:large|falc'
    response = client.get("/")
    assert html_attributes(response) == {**display.defaults(), "espacement": "large"}
    assert b"<b>" not in response.content


def test_reset_deletes_the_cookie(client):
    client.post(URL, ALL_LARGE)
    response = client.post(URL, {**ALL_LARGE, "reinitialiser": "1"})
    assert response.status_code == 302
    assert response.cookies[display.COOKIE_NAME].value == ""
    assert response.cookies[display.COOKIE_NAME]["max-age"] == 0
    followed = client.get(URL)
    assert html_attributes(followed) == display.defaults()
    assert "habituels sont rétablis" in parse(followed.content).status_texts[0]


def test_form_requires_csrf(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, ALL_LARGE).status_code == 403


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405


def test_merge_and_parse_round_trip():
    chosen = display.merge(display.defaults(), ALL_LARGE)
    assert display.parse(display.serialize(chosen)) == ALL_LARGE
    assert display.parse("") == display.defaults()
    assert display.parse("n'importe quoi|||::") == display.defaults()
