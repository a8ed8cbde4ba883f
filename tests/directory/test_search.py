"""The directory search: matching on the intervention zone, filters, ordering, visibility."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory.profiles import services
from directory.profiles.models import PublishedProfile
from directory.search import filters
from epop.territories.models import Commune
from tests.factories import published_profile

AMIENS, ABBEVILLE, ALBERT, BORDEAUX = "80021", "80001", "80016", "33063"


def search(**params):
    filterset = filters.DirectoryFilterSet(params, queryset=PublishedProfile.objects.listed())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def names(results):
    return [p.display_name for p in results]


def commune(code):
    return Commune.objects.get(code=code)


def test_search_point_inside_travel_radius_matches_even_beyond_search_radius():
    # Abbeville is 40 km from Amiens: inside a 50 km travel radius, outside a 10 km search.
    published_profile(display_name="Inès A.", travel_radius_km=50)
    assert names(search(commune=ABBEVILLE, radius_km=10)) == ["Inès A."]


def test_search_point_outside_travel_radius_and_search_radius_does_not_match():
    published_profile(display_name="Inès A.", travel_radius_km=30)
    assert search(commune=ABBEVILLE, radius_km=10) == []


def test_search_radius_matches_home_communes_within_that_distance():
    published_profile(display_name="Inès A.", travel_radius_km=0)
    assert names(search(commune=ABBEVILLE, radius_km=50)) == ["Inès A."]
    assert search(commune=ABBEVILLE, radius_km=30) == []


def test_department_zone_matches_anywhere_in_that_department():
    published_profile(
        display_name="Léo B.", home_commune=commune(BORDEAUX), travel_radius_km=10,
        zone_departments=["80"],
    )  # fmt: skip
    assert names(search(commune=ABBEVILLE, radius_km=10)) == ["Léo B."]


def test_remote_workers_match_only_when_the_search_accepts_remote_work():
    published_profile(
        display_name="Léo B.", home_commune=commune(BORDEAUX), travel_radius_km=10, remote=True
    )
    assert search(commune=AMIENS, radius_km=30) == []
    assert names(search(commune=AMIENS, radius_km=30, remote=True)) == ["Léo B."]


def test_around_me_uses_coordinates_and_the_nearest_communes_department():
    published_profile(
        display_name="Léo B.", home_commune=commune(BORDEAUX), travel_radius_km=0,
        zone_departments=["80"],
    )  # fmt: skip
    # A point a few kilometres from Amiens, not a commune centre.
    assert names(search(lat="49.92", lon="2.33", radius_km=5)) == ["Léo B."]


def test_filters_keep_profiles_having_any_chosen_value():
    published_profile(display_name="A", intervention_types=["sensibilisation"])
    published_profile(display_name="B", intervention_types=["mediation"])
    published_profile(display_name="C", intervention_types=["recherche"])
    found = names(search(commune=AMIENS, intervention=["sensibilisation", "mediation"]))
    assert sorted(found) == ["A", "B"]


def test_results_are_ordered_by_distance():
    published_profile(display_name="Loin", home_commune=commune(ABBEVILLE), travel_radius_km=60)
    published_profile(display_name="Près", home_commune=commune(ALBERT), travel_radius_km=60)
    published_profile(display_name="Ici", home_commune=commune(AMIENS))
    assert names(search(commune=AMIENS, radius_km=50)) == ["Ici", "Près", "Loin"]


def test_equally_placed_people_take_turns_with_the_daily_seed(monkeypatch):
    for index in range(8):
        published_profile(display_name=f"P{index}")
    real_seed = filters.daily_seed
    orders = set()
    for day in range(6):
        date = timezone.localdate() + timedelta(days=day)
        monkeypatch.setattr(filters, "daily_seed", lambda d=date: real_seed(d))
        orders.add(tuple(names(search(commune=AMIENS))))
    assert len(orders) > 1, "the same order every day: ties are not shuffled"
    # Within one day the order is stable, so paging never repeats or skips anyone.
    assert names(search(commune=AMIENS)) == names(search(commune=AMIENS))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"radius_km": "0"}, "radius_km"),
        ({"radius_km": "10000"}, "radius_km"),
        ({"intervention": ["inconnu"]}, "intervention"),
        ({"commune": "99999"}, "commune"),
        ({"lat": "49.9"}, "lon"),
        ({"lat": "95", "lon": "2"}, "lat"),
    ],
)
def test_bad_parameters_are_reported_in_french_on_their_field(params, field):
    filterset = filters.DirectoryFilterSet(params, queryset=PublishedProfile.objects.listed())
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_unknown_commune_message_tells_what_to_do():
    filterset = filters.DirectoryFilterSet(
        {"commune": "99999"}, queryset=PublishedProfile.objects.listed()
    )
    assert not filterset.is_valid()
    assert "Choisissez-la dans la liste" in str(filterset.errors["commune"][0])


def test_listed_hides_stale_hidden_paused_and_deactivated_profiles():
    fresh = published_profile(display_name="Frais")
    stale = published_profile(display_name="Ancien")
    PublishedProfile.objects.filter(pk=stale.pk).update(
        confirmed_at=timezone.now() - timedelta(days=280)
    )
    paused_hidden = published_profile(display_name="Pause masquée")
    services.update_availability(
        paused_hidden,
        {"availability": "en_pause", "paused_until": None, "pause_display": "masquer"},
        paused_hidden.user,
    )
    paused_shown = published_profile(display_name="Pause visible")
    services.update_availability(
        paused_shown,
        {"availability": "en_pause", "paused_until": None, "pause_display": "afficher"},
        paused_shown.user,
    )
    ended_pause = published_profile(display_name="Pause finie")
    services.update_availability(
        ended_pause,
        {
            "availability": "en_pause",
            "paused_until": timezone.localdate() - timedelta(days=1),
            "pause_display": "masquer",
        },
        ended_pause.user,
    )
    gone = published_profile(display_name="Compte fermé")
    gone.user.is_active = False
    gone.user.save()

    listed = set(PublishedProfile.objects.listed().values_list("display_name", flat=True))
    assert listed == {"Frais", "Pause visible", "Pause finie"}
    assert fresh.pk in set(PublishedProfile.objects.listed().values_list("pk", flat=True))


def test_reading_results_without_validating_first_still_uses_the_place():
    published_profile(display_name="Ici", travel_radius_km=10)
    published_profile(display_name="Loin", home_commune=commune(BORDEAUX), travel_radius_km=10)
    filterset = filters.DirectoryFilterSet(
        {"commune": AMIENS}, queryset=PublishedProfile.objects.listed()
    )
    assert names(filterset.qs) == ["Ici"]


def test_commune_codes_are_accepted_in_either_case():
    filterset = filters.DirectoryFilterSet(
        {"commune": "80021".lower()}, queryset=PublishedProfile.objects.listed()
    )
    assert filterset.is_valid()
    corsica = filters.DirectoryFilterSet(
        {"commune": "2a004"}, queryset=PublishedProfile.objects.none()
    )
    assert corsica.is_valid()
    assert corsica.form.cleaned_data["commune"] == "2A004"
