"""Erasing or narrowing lived experience applies to the published profile at once; only widening
waits for validation (issue 7, item 2)."""

from django.urls import reverse

from directory.profiles import services
from directory.profiles.models import PeerProfile, PublishedProfile
from tests.factories import published_profile

STEP = reverse("directory:edit_step", args=["experience"])
TEXT = "Mon parcours de soin me sert dans chaque intervention."


def _published(profile) -> PublishedProfile:
    return PublishedProfile.objects.get(pk=profile.pk)


def _post(client, profile, **values):
    client.force_login(profile.user)
    data = {
        "experience_statement": profile.experience_statement,
        "experience_visibility": profile.experience_visibility,
        "themes": profile.themes,
        **values,
    }
    return client.post(STEP, data)


def test_erasing_the_text_erases_it_from_the_public_page_at_once(client):
    profile = published_profile(experience_statement=TEXT, experience_visibility="public")
    page = reverse("directory:profile", args=[profile.pk])
    assert "me sert dans chaque intervention" in client.get(page).content.decode()

    _post(client, profile, experience_statement="")

    assert _published(profile).experience_statement == ""
    client.logout()
    assert "me sert dans chaque intervention" not in client.get(page).content.decode()
    # Nothing left to validate: the profile did not go back to draft.
    profile.refresh_from_db()
    assert profile.status == PeerProfile.Status.VALIDATED


def test_narrowing_the_audience_applies_at_once(client):
    profile = published_profile(experience_statement=TEXT, experience_visibility="public")
    _post(client, profile, experience_visibility="coordination")
    assert _published(profile).experience_visibility == "coordination"
    profile.refresh_from_db()
    assert profile.status == PeerProfile.Status.VALIDATED


def test_removing_a_theme_applies_at_once_adding_one_waits(client):
    profile = published_profile(themes=["handicap_psychique", "surdite"])
    services.save_content(profile, {"themes": ["surdite"]}, profile.user)
    assert _published(profile).themes == ["surdite"]

    profile.refresh_from_db()
    services.save_content(profile, {"themes": ["surdite", "handicap_psychique"]}, profile.user)
    assert _published(profile).themes == ["surdite"]
    profile.refresh_from_db()
    assert profile.status == PeerProfile.Status.DRAFT


def test_widening_waits_for_validation(client):
    profile = published_profile(experience_statement=TEXT, experience_visibility="coordination")
    _post(client, profile, experience_visibility="public", experience_statement=TEXT + " Et plus.")
    published = _published(profile)
    assert published.experience_visibility == "coordination"
    assert published.experience_statement == TEXT
    profile.refresh_from_db()
    assert profile.status == PeerProfile.Status.DRAFT
