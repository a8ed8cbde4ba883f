"""The user admin used by national coordinators: by email, never by username, bounded queries."""

import pytest
from django.urls import reverse

from epop.accounts.models import User
from epop.territories.models import Region

from .helpers import page

CHANGELIST = reverse("admin:accounts_user_changelist")
ADD = reverse("admin:accounts_user_add")


@pytest.fixture
def admin_client(client, unique_email):
    superuser = User.objects.create_superuser(
        email=unique_email("admin"), password="Tournesol-Bleu-2026"
    )
    client.force_login(superuser)
    return client


@pytest.fixture
def regions(db):
    return [
        Region.objects.create(code=f"T{index}", name=f"Région test {index}") for index in range(3)
    ]


def make_coordinators(count, regions, unique_email):
    users = User.objects.bulk_create(
        User(email=unique_email(f"coord{index}"), kind=User.Kind.COORDINATOR)
        for index in range(count)
    )
    for user in users:
        user.regions.set(regions)
    return users


def test_changelist_lists_the_columns_with_a_bounded_number_of_queries(
    admin_client, regions, unique_email, django_assert_max_num_queries
):
    make_coordinators(5, regions, unique_email)
    with django_assert_max_num_queries(12) as few:
        admin_client.get(CHANGELIST)

    make_coordinators(40, regions, unique_email)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Région test 0, Région test 1, Région test 2" in content
    for column in ("column-email", "column-kind", "column-region_names", "column-is_active"):
        assert column in content
    assert "column-is_staff" in content and "column-date_joined" in content


def test_changelist_filters_by_kind_and_region(admin_client, regions, unique_email):
    (coordinator,) = make_coordinators(1, regions[:1], unique_email)
    employer = User.objects.create_user(email=unique_email("employeur"), kind=User.Kind.EMPLOYER)

    by_kind = admin_client.get(CHANGELIST, {"kind__exact": User.Kind.EMPLOYER})
    by_region = admin_client.get(CHANGELIST, {"regions__code__exact": regions[0].code})

    assert list(by_kind.context["cl"].queryset) == [employer]
    assert list(by_region.context["cl"].queryset) == [coordinator]


def test_changelist_searches_email_and_names(admin_client, unique_email):
    found = User.objects.create_user(
        email=unique_email("ines"), first_name="Inès", last_name="Garnier", kind="employeur"
    )
    User.objects.create_user(email=unique_email("paul"), kind="employeur")

    for term in ("Garnier", "inès", found.email.split("@")[0].upper()):
        response = admin_client.get(CHANGELIST, {"q": term})
        assert list(response.context["cl"].queryset) == [found], term


def test_add_form_creates_an_account_from_an_email(admin_client, unique_email):
    email = unique_email("nouvelle.coordinatrice")
    form = page(admin_client.get(ADD))
    assert not form.find_all("input", name="username")
    assert form.find("input", name="email")

    response = admin_client.post(
        ADD,
        {
            "email": f"  {email.upper()} ",
            "kind": User.Kind.COORDINATOR,
            "usable_password": "true",
            "password1": "Tournesol-Bleu-2026",
            "password2": "Tournesol-Bleu-2026",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email=email)
    assert user.kind == User.Kind.COORDINATOR
    assert user.check_password("Tournesol-Bleu-2026")


def test_add_form_refuses_an_existing_email_whatever_its_case(admin_client, unique_email):
    existing = User.objects.create_user(email=unique_email("deja"), kind="employeur")

    response = admin_client.post(
        ADD,
        {
            "email": existing.email.upper(),
            "kind": User.Kind.EMPLOYER,
            "usable_password": "false",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "Un compte utilise déjà cette adresse e-mail."
    ]
    assert User.objects.filter(email__iexact=existing.email).count() == 1


def test_change_form_has_no_username_and_assigns_regions(admin_client, regions, unique_email):
    user = User.objects.create_user(email=unique_email("coord"), kind=User.Kind.COORDINATOR)
    url = reverse("admin:accounts_user_change", args=[user.pk])

    html = page(admin_client.get(url))

    assert not html.find_all("input", name="username")
    # filter_horizontal: the select carries the "selectfilter" class the admin widget uses.
    regions_select = html.find("select", name="regions")
    assert "selectfilter" in regions_select["class"]
