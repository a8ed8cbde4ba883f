"""Issue 12 (decision 0015): the stored daily rank, the capped count, the bounded pages. The
ranking rules are unchanged: whole kilometres, then the daily tie-break, nothing boosted."""

from datetime import timedelta

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Value
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.profiles import ranking
from directory.profiles.models import PublishedProfile
from directory.search import filters, pagination, tasks
from directory.search.pagination import SearchPaginator
from tests.directory.test_search_views import bulk_published
from tests.factories import published_profile

AMIENS, ABBEVILLE = "80021", "80001"


@pytest.fixture(autouse=True)
def _forget_rank_marker():
    cache.delete(ranking.RANKS_SEED_KEY)
    yield
    cache.delete(ranking.RANKS_SEED_KEY)


def page_ids(params="", number=1, per_page=20):
    filterset = filters.DirectoryFilterSet(
        QueryDict(params), queryset=PublishedProfile.objects.listed()
    )
    assert filterset.is_valid(), filterset.errors
    paginator = SearchPaginator(
        filterset.qs,
        per_page,
        point=filterset.search_point,
        stored_rank=filterset.stored_rank_is_current,
    )
    return [p.pk for p in paginator.page(number)], paginator


def unbounded_order(params):
    """Every match of the search, in the real order, without any bound."""
    filterset = filters.DirectoryFilterSet(
        QueryDict(params), queryset=PublishedProfile.objects.listed()
    )
    assert filterset.is_valid()
    return [p.pk for p in filterset.qs]


def hashed_order(day):
    seed = ranking.seed_value(ranking.daily_seed(day))
    return list(
        PublishedProfile.objects.listed()
        .order_by(filters.SeededHash("profile_id", Value(seed)))
        .values_list("pk", flat=True)
    )


def rank_everyone(profiles):
    """bulk_published copies the model's rank: give each copy its own, as publish() does."""
    for pk in profiles:
        ranking.rank_new_row(pk)


def test_publication_sets_todays_rank_and_the_job_is_idempotent():
    profile = published_profile(display_name="Nouvelle").published
    profile.refresh_from_db()
    expected = hashed_order(None)
    assert profile.daily_rank is not None
    assert ranking.refresh_daily_ranks() == 0  # already today's rank: nothing to write
    assert ranking.refresh_daily_ranks() == 0
    assert ranking.ranks_are_current(ranking.daily_seed())
    assert [p.pk for p in PublishedProfile.objects.listed().order_by("daily_rank")] == expected


def test_landing_page_reads_the_stored_rank_in_the_same_order_as_the_hash(monkeypatch):
    bulk_published(30)
    rank_everyone(PublishedProfile.objects.values_list("pk", flat=True))
    day = timezone.localdate() + timedelta(days=3)
    monkeypatch.setattr(filters, "daily_seed", lambda: ranking.daily_seed(day))
    # The column is from another day: the search computes the hash (same order, slower).
    assert page_ids()[0] == hashed_order(day)[:20]
    ranking.refresh_daily_ranks(day)
    monkeypatch.setattr(ranking, "daily_seed", lambda today=None: ranking_seed(today, day))
    filterset = filters.DirectoryFilterSet(QueryDict(""), queryset=PublishedProfile.objects.all())
    assert filterset.is_valid()
    assert "daily_rank" in str(filterset.qs.query)
    assert page_ids()[0] == hashed_order(day)[:20]
    assert page_ids(number=2)[0] == hashed_order(day)[20:30]


_real_seed = ranking.daily_seed


def ranking_seed(today, day):
    return _real_seed(today or day)


@pytest.mark.parametrize("params", ["", f"commune={AMIENS}&radius_km=30"])
def test_over_many_days_each_of_ten_equally_placed_profiles_reaches_the_first_page(
    monkeypatch, params
):
    # 40 people in the same commune: equally placed, two pages of 20.
    bulk_published(40)
    rank_everyone(PublishedProfile.objects.values_list("pk", flat=True))
    ten = list(PublishedProfile.objects.order_by("pk").values_list("pk", flat=True)[:10])
    reached = set()
    for offset in range(30):
        day = timezone.localdate() + timedelta(days=offset)
        monkeypatch.setattr(filters, "daily_seed", lambda d=day: _real_seed(d))
        cache.set(ranking.RANKS_SEED_KEY, _real_seed(day))
        ranking.refresh_daily_ranks(day)
        first_page, _ = page_ids(params)
        reached |= set(first_page) & set(ten)
    assert reached == set(ten)


def test_place_pages_bounded_by_the_nearest_neighbour_probe_are_the_unbounded_pages():
    bulk_published(45)
    published_profile(display_name="Abbeville", home_commune_id=ABBEVILLE, travel_radius_km=80)
    params = f"commune={AMIENS}&radius_km=100"
    everything = unbounded_order(params)
    for number in (1, 2, 3):
        ids, paginator = page_ids(params, number)
        assert ids == everything[(number - 1) * 20 : number * 20]
    assert paginator.count == 46 and not paginator.capped


def test_capped_place_searches_ask_the_index_for_the_bound_and_keep_the_order(monkeypatch):
    # Past the cap the count no longer reads every match: the probe asks the GiST index, with
    # sorting switched off for that statement only, and the pages are still the unbounded ones.
    monkeypatch.setattr(pagination, "COUNT_CAP", 25)
    bulk_published(45)
    published_profile(display_name="Abbeville", home_commune_id=ABBEVILLE, travel_radius_km=80)
    params = f"commune={AMIENS}&radius_km=100"
    everything = unbounded_order(params)
    with CaptureQueriesContext(connection) as queries:
        ids, paginator = page_ids(params, 2, per_page=10)
    assert paginator.capped and ids == everything[10:20]
    statements = [query["sql"] for query in queries.captured_queries]
    assert "SET LOCAL enable_sort = off" in statements
    assert sum("<->" in sql for sql in statements) == 2  # the count's distances, the probe
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_sort")
        assert cursor.fetchone()[0] == "on"  # the setting did not outlive the probe
    assert page_ids(params, 3, per_page=10)[0] == everything[20:25]


@pytest.mark.parametrize("ranks_current", [True, False])
def test_dense_places_read_the_first_of_each_commune_and_keep_the_order(monkeypatch, ranks_current):
    # Capped, around Amiens: 15 people tied at Amiens' centre, 12 at Abbeville (about 40 km), so
    # that the later pages reach into a second commune. With today's rank stored, the page sorts
    # only the first of each commune of the disc (from the commune/rank index); without it, the
    # whole disc. The pages are the unbounded ones.
    monkeypatch.setattr(pagination, "COUNT_CAP", 25)
    bulk_published(15)
    for index in range(12):
        published_profile(display_name=f"Abbeville {index}", home_commune_id=ABBEVILLE)
    rank_everyone(PublishedProfile.objects.values_list("pk", flat=True))
    if ranks_current:
        ranking.refresh_daily_ranks()
    params = f"commune={AMIENS}&radius_km=100"
    everything = unbounded_order(params)
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            ids, paginator = page_ids(params, number, per_page=10)
        # Capped at 25 results: the third page holds five.
        assert paginator.capped and ids == everything[(number - 1) * 10 : min(number * 10, 25)]
        by_commune = any("ARRAY(" in query["sql"] for query in queries.captured_queries)
        assert by_commune is ranks_current


def test_count_is_capped_and_pages_stop_at_the_cap(monkeypatch, client):
    monkeypatch.setattr(pagination, "COUNT_CAP", 25)
    bulk_published(30)
    ids, paginator = page_ids(per_page=10)
    assert paginator.capped and paginator.count == 25 and paginator.num_pages == 3
    assert paginator.count_text == "plus de 1 000"
    response = client.get(reverse("directory:home"))
    html = response.content.decode()
    assert "Plus de 1 000 intervenant·es-pairs trouvé·es dans toute la France." in html
    assert "précisez votre recherche" in html
    api = client.get("/api/v1/peer-workers/").json()
    assert api["count"] == "plus de 1 000"
    assert client.get(reverse("directory:home"), {"page": "2"}).status_code == 200
    past = client.get(reverse("directory:home"), {"page": "3"})
    assert past.status_code == 404
    assert "premiers résultats" in past.content.decode()


def test_query_count_is_the_same_on_every_page(client, django_assert_num_queries):
    bulk_published(45)
    url = reverse("directory:home")
    client.get(url, {"commune": AMIENS})  # GDAL's reference systems load once
    for params, most in (({"commune": AMIENS}, 5), ({}, 3)):
        with CaptureQueriesContext(connection) as first:
            assert client.get(url, params).status_code == 200
        # place: commune, capped count with the distances, page (and the department);
        # no place: capped count, page (and the page's own read of the site's settings).
        assert len(first.captured_queries) <= most, [q["sql"][:60] for q in first]
        for number in (2, 3):
            with django_assert_num_queries(len(first.captured_queries)):
                assert client.get(url, {**params, "page": number}).status_code == 200


def test_beat_refreshes_the_ranks_every_hour_with_an_explicit_task_name():
    entry = settings.CELERY_BEAT_SCHEDULE["directory-daily-ranks"]
    assert (
        entry["task"]
        == tasks.refresh_daily_ranks.name
        == ("directory.search_tasks.refresh_daily_ranks")
    )
    profile = published_profile(display_name="Rang").published
    PublishedProfile.objects.filter(pk=profile.pk).update(daily_rank=None)
    assert tasks.refresh_daily_ranks() == 1
    assert tasks.refresh_daily_ranks() == 0
    assert ranking.ranks_are_current(ranking.daily_seed())


def test_the_api_schema_documents_the_capped_count(client):
    document = yaml.safe_load(client.get("/api/v1/schema/").content)
    schemas = document["components"]["schemas"]
    counts = [
        schema["properties"]["count"]
        for schema in schemas.values()
        if "count" in schema.get("properties", {})
    ]
    assert any(
        {"type": "string", "enum": ["plus de 1 000"]} in count.get("oneOf", []) for count in counts
    )
