"""« L'équipe de coordination seulement » means the profile's region and the national team, as
the privacy notice says (issue 7, item 7); the first-exchange notes stay out of the admin for
national coordinators (docs/decisions/0010)."""

import pytest
from django.urls import reverse

from epop.accounts.groups import ensure_national_group
from epop.accounts.models import User
from tests.factories import CoordinatorFactory, EmployerFactory, published_profile

SECRET = "Mon parcours en psychiatrie me sert chaque jour."


@pytest.fixture
def profile():
    profile = published_profile(experience_statement=SECRET, experience_visibility="coordination")
    assert profile.published.region == "32"  # Amiens, Hauts-de-France
    return profile


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        ("regional_same", True),
        ("national", True),
        ("regional_other", False),
        ("employer", False),
        ("anonymous", False),
    ],
)
def test_coordination_only_experience_follows_the_review_scope(client, profile, who, reads):
    users = {
        "regional_same": lambda: CoordinatorFactory(regions=["32"]),
        "national": lambda: CoordinatorFactory(is_staff=True),
        "regional_other": lambda: CoordinatorFactory(regions=["75"]),
        "employer": EmployerFactory,
        "anonymous": lambda: None,
    }
    user = users[who]()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("directory:profile", args=[profile.pk]))
    assert response.status_code == 200
    assert (SECRET in response.content.decode()) is reads


def test_first_exchange_notes_are_not_in_the_admin_of_national_coordinators(client, profile):
    profile.first_exchange_notes = "Projet clair, joignable par téléphone."
    profile.save()
    url = reverse("admin:directory_peerprofile_change", args=[profile.pk])
    ensure_national_group()
    national = CoordinatorFactory(is_staff=True)
    national.save()
    client.force_login(national)
    response = client.get(url)
    assert response.status_code == 200
    assert "joignable par téléphone" not in response.content.decode()
    assert 'name="first_exchange_notes"' not in response.content.decode()

    client.force_login(User.objects.create_superuser(email="a@example.org", password="x-y-z-2026"))
    assert "joignable par téléphone" in client.get(url).content.decode()
