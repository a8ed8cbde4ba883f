"""Beat job of the search: today's rank of every published profile (directory/profiles/ranking.py).
Thin and idempotent: a rerun the same day writes nothing; beat runs it just after midnight and
every hour, so a missed run or an emptied cache heals within the hour."""

from celery import shared_task

from directory.profiles import ranking


@shared_task(name="directory.search_tasks.refresh_daily_ranks", acks_late=True)
def refresh_daily_ranks():
    return ranking.refresh_daily_ranks()
