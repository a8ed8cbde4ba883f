"""Benchmark: the forum with 1,000,000 posts.

- `forum.search.p95_ms`: the search page (French full-text, ranked, highlighted), over real HTTP
  as a signed-in member, for a mix of common words, rarer words, place names and phrases.
  Budget: 100 ms.
- `forum.topic.p95_ms`: a topic page (20 posts, Markdown rendered, read state written), over
  real HTTP. Budget: 60 ms. `forum.topic.queries` is its number of SQL queries, the same for
  every topic (a variation is printed as a warning).

Data, built once and reused: a « Banc d'essai » category with 50,000 topics and 1,000,000 posts
written by the demo forum members (their stored HTML made by ``forum.text.post_html``, like the
services do), loaded with COPY (the search trigger fills each vector; the
GIN index is rebuilt once after the load rather than row by row). Sentences come from the demo's
templates plus a commune name, so that words range from very common to rare. It runs against the
configured database (DATABASE_URL), never the test database.
"""

import http.client
import os
import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django.utils.http import urlencode

from epop.core.bench import register
from epop.territories.bench import _live_server
from epop.territories.models import Commune

from . import demo
from .models import Category, ForumMember, Post, Topic
from .text import post_html

POSTS = 1_000_000
TOPICS = 50_000
SEED = 11
WARM_UP, MEASURED = 20, 200
SLUG = "banc-essai"
QUERIES = [
    "fatigue",
    "équipe",
    "micro-entreprise AAH",
    "présenter parcours",
    '"groupe de parole"',
    "pictogrammes",
    "formation infirmiers",
    "limites",
    "coordination régionale",
    "cadre réunion",
]
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@register("forum")
def bench_forum(report):
    members = list(ForumMember.objects.order_by("user_id")[:40])
    if len(members) < 4:
        report.write("forum : lancez d'abord seed_demo (membres du forum introuvables).")
        return
    _ensure_posts(report, members)
    reader = members[0]
    rng = random.Random(SEED)
    places = list(Commune.objects.order_by("?").values_list("name", flat=True)[:20]) or ["Lyon"]
    searches = [rng.choice(QUERIES + places) for _ in range(WARM_UP + MEASURED)]
    topic_ids = list(
        Topic.objects.filter(category__slug=SLUG)
        .order_by("?")
        .values_list("id", flat=True)[: WARM_UP + MEASURED]
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(reader.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    with override_settings(STORAGES=PLAIN_STATIC), _live_server() as (host, port):
        search_times = [
            _get(host, port, f"/forum/recherche/?{urlencode({'q': q})}", cookie) for q in searches
        ][WARM_UP:]
        topic_times = [_get(host, port, f"/forum/sujet/{pk}/", cookie) for pk in topic_ids][
            WARM_UP:
        ]
    _percentiles(report, "forum.search", search_times)
    _percentiles(report, "forum.topic", topic_times)
    with override_settings(STORAGES=PLAIN_STATIC):
        counts = []
        for pk in topic_ids[:5]:
            with CaptureQueriesContext(connection) as queries:
                client.get(f"/forum/sujet/{pk}/")
            counts.append(len(queries.captured_queries))
    report.figure("forum.topic.queries", max(counts), "requêtes")
    # Wall-clock figures grow with the machine's load: printed so two runs can be compared.
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    report.write(f"Charge de la machine (1, 5, 15 min) : {load}")
    if len(set(counts)) > 1:
        report.write(f"Attention : le nombre de requêtes de la page sujet varie : {counts}")


def _get(host, port, path, cookie) -> float:
    started = time.perf_counter()
    client = http.client.HTTPConnection(host, port, timeout=30)
    try:
        client.request("GET", path, headers={"Cookie": cookie})
        response = client.getresponse()
        body = response.read()
    finally:
        client.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200 or b"</html>" not in body:
        raise RuntimeError(f"{path} : réponse {response.status} inattendue : {body[:200]!r}")
    return elapsed


def _percentiles(report, prefix, timings):
    cut_points = statistics.quantiles(timings, n=100, method="inclusive")
    report.figure(f"{prefix}.p50_ms", cut_points[49], "ms")
    report.figure(f"{prefix}.p95_ms", cut_points[94], "ms")


# --- data -------------------------------------------------------------------------------------


def _ensure_posts(report, members):
    category, _ = Category.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Banc d'essai",
            "description": "Données du banc d'essai.",
            "position": 99,
        },
    )
    existing = Post.objects.filter(topic__category=category).count()
    if existing >= POSTS:
        return
    report.write(f"forum : chargement de {POSTS} messages par COPY (une seule fois)…")
    started = time.perf_counter()
    Topic.objects.filter(category=category).delete()
    rng = random.Random(SEED)
    places = list(Commune.objects.values_list("name", flat=True)[:5000]) or ["Lyon"]
    authors = [member.user_id for member in members]
    now = timezone.now()
    titles = [title for subjects in demo.SUBJECTS.values() for title in subjects]
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            "COPY forum_topic (category_id, title, author_id, created_at, last_post_at, "
            "last_post_id_cache, post_count, is_locked, is_pinned, is_hidden) FROM STDIN"
        ) as copy:
            for index in range(TOPICS):
                when = now - timedelta(minutes=TOPICS - index)
                copy.write_row(
                    (
                        category.pk,
                        f"{rng.choice(titles)} ({rng.choice(places)})",
                        rng.choice(authors),
                        when,
                        when,
                        0,
                        0,
                        False,
                        False,
                        False,
                    )
                )
        topic_ids = list(
            Topic.objects.filter(category=category).order_by("id").values_list("id", flat=True)
        )
        cursor.execute("DROP INDEX IF EXISTS forum_post_search_gin")
        per_topic = POSTS // TOPICS
        with cursor.cursor.copy(
            "COPY forum_post (topic_id, author_id, body, body_html, subject, is_first, created_at, "
            "status, hidden_reason, is_useful, thanks_count) FROM STDIN"
        ) as copy:
            for index, topic_id in enumerate(topic_ids):
                for number in range(per_topic):
                    body = _body(rng, places, number)
                    copy.write_row(
                        (
                            topic_id,
                            rng.choice(authors),
                            body,
                            post_html(body),
                            "" if number else titles[index % len(titles)],
                            number == 0,
                            now - timedelta(minutes=TOPICS - index, seconds=-number),
                            "visible",
                            "",
                            False,
                            0,
                        )
                    )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS forum_post_search_gin "
            "ON forum_post USING gin (search_vector)"
        )
        cursor.execute(
            "UPDATE forum_topic t SET post_count = s.n, last_post_id_cache = s.last, "
            "last_post_at = s.last_at FROM (SELECT topic_id, count(*) n, max(id) last, "
            "max(created_at) last_at FROM forum_post GROUP BY topic_id) s "
            "WHERE s.topic_id = t.id AND t.category_id = %s",
            [category.pk],
        )
        cursor.execute("VACUUM (ANALYZE) forum_post")
        cursor.execute("VACUUM (ANALYZE) forum_topic")
    report.figure("forum.seed_s", time.perf_counter() - started, "s")


def _body(rng, places, number) -> str:
    if number == 0:
        parts = [rng.choice(demo.OPENINGS), rng.choice(demo.CONTEXTS), rng.choice(demo.QUESTIONS)]
    else:
        parts = rng.sample(demo.REPLIES, 2)
    parts.append(f"C'était à {rng.choice(places)}.")
    return "\n\n".join(parts)
