"""The result cards' words (directory/search/cards.py), read on the search page itself."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from directory.profiles.models import PublishedProfile
from tests.directory.test_search_views import bulk_published
from tests.factories import published_profile

AMIENS = "80021"


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="result-card">.*?</li>', html, flags=re.S)


def test_profile_links_carry_the_search_and_its_page(client):
    bulk_published(25)
    url = reverse("directory:home")
    first = client.get(url, {"commune": AMIENS}).content.decode()
    second = client.get(url, {"commune": AMIENS, "page": 2}).content.decode()
    assert re.search(r'href="/annuaire/[^"?]+/\?commune=80021&amp;radius_km=30"', cards(first)[0])
    assert re.search(r'href="/annuaire/[^"?]+/\?commune=80021&amp;radius_km=30&amp;page=2"',
                     cards(second)[0])  # fmt: skip
    landing = client.get(url, {"page": 2}).content.decode()
    assert re.search(r'href="/annuaire/[^"?]+/\?[^"]*page=2"', cards(landing)[0])


def test_a_pause_shows_its_end_and_an_ended_pause_says_nothing(client):
    today = timezone.localdate()
    paused = published_profile(display_name="En pause").published
    ended = published_profile(display_name="Revenue").published
    PublishedProfile.objects.filter(pk=paused.pk).update(
        availability="en_pause", pause_display="afficher", paused_until=today + timedelta(days=9)
    )
    PublishedProfile.objects.filter(pk=ended.pk).update(
        availability="en_pause", pause_display="afficher", paused_until=today - timedelta(days=1)
    )
    html = client.get(reverse("directory:home")).content.decode()
    by_name = {re.search(r"<a [^>]+>([^<]+)</a>", card).group(1): card for card in cards(html)}
    assert 'class="availability availability-en_pause">En pause jusqu' in by_name["En pause"]
    assert "availability" not in by_name["Revenue"].split("result-facts")[0]
    # Without a place, no distance is printed.
    assert " km" not in by_name["Revenue"]
