"""French full-text search over the posts a member can see (decision 0013).

The query is parsed by ``websearch_to_tsquery`` (words, "exact phrases", -exclusions) in the
``epop_fr`` configuration (French stemming, accents ignored). Ranking is done over the 1,000 most
recent matches only, so that a very common word costs the same as a rare one; excerpts are made
by ``ts_headline`` for the page shown only.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SEARCH_CONFIG, Post

CANDIDATES = 1000
PER_PAGE = 20
# Control characters cannot appear in posts (forms reject them): safe markers for the excerpt,
# which is escaped before they become <mark>.
START, STOP = "\x02", "\x03"


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def results(text: str, page_number=1):
    """A page of ranked posts, each with ``excerpt`` (safe HTML) and its topic."""
    query = search_query(text)
    candidates = (
        Post.objects.filter(search_vector=query, status=Post.Status.VISIBLE, topic__is_hidden=False)
        .order_by("-id")
        .values("id")[:CANDIDATES]
    )
    ranked = (
        Post.objects.filter(id__in=candidates)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-id")
        .values_list("id", flat=True)
    )
    page = Paginator(ranked, PER_PAGE).get_page(page_number)
    ids = list(page.object_list)
    posts = {
        post.pk: post
        for post in Post.objects.filter(pk__in=ids)
        .select_related("topic__category", "author__forum_member")
        .annotate(
            headline=SearchHeadline(
                "body",
                query,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .defer("body", "search_vector")
    }
    page.object_list = [posts[pk] for pk in ids if pk in posts]
    for post in page.object_list:
        post.excerpt = highlight(post.headline)
    return page


def highlight(headline: str):
    return mark_safe(escape(headline).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped first, only our own markers become tags
