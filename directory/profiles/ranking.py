"""The daily rank: the order in which equally placed peer workers appear today.

Equal results rotate with a daily seed (domain.md §4 rule 8): the tie-break is PostgreSQL's
seeded 64-bit hash of the profile id, `hashint8extended(profile_id, seed)`. Computing it for
every row and sorting costs the landing page (no place) some 400 ms at 100,000 profiles, so the
same value is also kept in `PublishedProfile.daily_rank` (indexed): set at publication, and
rewritten for every row each day by `refresh_daily_ranks` (beat, directory/search/tasks.py).
Reading the column gives exactly the order the hash gives; the search only reads it once the
day's refresh is recorded (`ranks_are_current`), and computes the hash otherwise
(docs/decisions/0015-search-speed.md).
"""

import hashlib

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BigIntegerField, Func, Value
from django.utils import timezone

from .models import PublishedProfile

# Where the day's refresh is recorded: the seed the column was computed with.
RANKS_SEED_KEY = "directory:daily_rank_seed"


def daily_seed(today=None) -> str:
    """Changes every day, so that equally placed peer workers take turns at the top."""
    return hashlib.sha256(str(today or timezone.localdate()).encode()).hexdigest()[:12]


def seed_value(seed: str) -> int:
    return int(seed, 16)


def ranks_are_current(seed: str) -> bool:
    return cache.get(RANKS_SEED_KEY) == seed


def refresh_daily_ranks(today=None) -> int:
    """Rewrite every row's rank for today's seed. Idempotent: a second run on the same day
    changes nothing (it writes only rows whose rank differs). Returns the rows written."""
    seed = daily_seed(today)
    table = PublishedProfile._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # The table name is the model's own constant; the seed is a parameter.
        cursor.execute(
            f'UPDATE "{table}" SET daily_rank = hashint8extended(profile_id, %s) '  # noqa: S608
            "WHERE daily_rank IS DISTINCT FROM hashint8extended(profile_id, %s)",
            [seed_value(seed), seed_value(seed)],
        )
        written = cursor.rowcount
    # Recorded after the commit: the search reads the column only once it is complete.
    cache.set(RANKS_SEED_KEY, seed, 2 * 24 * 3600)
    return written


def rank_new_row(profile_id) -> None:
    """At publication: today's rank, so that a new profile is in the landing page's order."""
    seed = daily_seed()
    PublishedProfile.objects.filter(pk=profile_id).update(daily_rank=_hash_expression(seed))


def _hash_expression(seed: str):
    return Func(
        "profile_id",
        Value(seed_value(seed)),
        function="hashint8extended",
        output_field=BigIntegerField(),
    )
