from datetime import date

import pytest
from django.urls import reverse

from epop.accounts.models import User
from epop.territories.models import Region


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(email="coordination@example.org", password="x" * 12)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("region", {}),
        ("department", {}),
        ("commune", {}),
        ("commune", {"region__code__exact": "32"}),
        ("commune", {"q": "saint"}),
    ],
)
def test_changelists_load_without_n_plus_one(
    admin_client, django_assert_max_num_queries, model, params
):
    url = reverse(f"admin:territories_{model}_changelist")
    # Session, user, filter choices, counts, one page of rows: 46 communes would add 92 queries
    # if department and region were fetched row by row.
    with django_assert_max_num_queries(6):
        response = admin_client.get(url, params)
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


def commune_codes(admin_client, q):
    response = admin_client.get(reverse("admin:territories_commune_changelist"), {"q": q})
    assert response.status_code == 200
    return {commune.code for commune in response.context["cl"].result_list}


def test_commune_search_by_name_code_or_postcode(admin_client):
    assert commune_codes(admin_client, "evreux") == {"27229"}  # accent-insensitive
    assert commune_codes(admin_client, "80080") == {"80021"}  # secondary postcode of Amiens
    assert commune_codes(admin_client, "2a004") == {"2A004"}  # INSEE code, any case
    assert commune_codes(admin_client, "montdidier") == {"80561", "57478"}


def test_regional_teams_are_edited_from_the_region_list(admin_client):
    url = reverse("admin:territories_region_changelist")
    formset = admin_client.get(url).context["cl"].formset
    management = formset.management_form
    data = {management.add_prefix(name): value for name, value in management.initial.items()}
    data["_save"] = "Enregistrer"
    for form in formset.forms:
        region = form.instance
        data[form.add_prefix("code")] = region.code
        if region.code == "11":  # Île-de-France gets a team
            data[form.add_prefix("has_regional_team")] = "on"
            data[form.add_prefix("regional_team_since")] = "01/09/2026"
        elif region.code != "32":  # Hauts-de-France loses its team; the others stay as they are
            if region.has_regional_team:
                data[form.add_prefix("has_regional_team")] = "on"
            if region.regional_team_since:
                data[form.add_prefix("regional_team_since")] = region.regional_team_since.strftime(
                    "%d/%m/%Y"
                )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["cl"].formset.errors
    teams = dict(
        Region.objects.filter(has_regional_team=True).values_list("code", "regional_team_since")
    )
    assert teams == {
        "11": date(2026, 9, 1),
        "75": date(2021, 1, 1),
        "76": date(2023, 10, 1),
        "27": date(2024, 1, 1),
    }


def test_reference_rows_cannot_be_added_or_deleted_by_hand(admin_client):
    assert admin_client.get(reverse("admin:territories_commune_add")).status_code == 403
    assert admin_client.get(reverse("admin:territories_region_add")).status_code == 403
    delete = reverse("admin:territories_department_delete", args=["80"])
    assert admin_client.get(delete).status_code == 403


def test_commune_page_shows_the_centre_as_text(admin_client):
    amiens = admin_client.get(reverse("admin:territories_commune_change", args=["80021"]))
    assert "49.89871, 2.28468" in amiens.text
    without_centre = admin_client.get(reverse("admin:territories_commune_change", args=["27676"]))
    assert "non publié" in without_centre.text
