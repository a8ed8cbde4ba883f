"""The hourly safety net of needs, like `rematch_recent_profiles` for profiles (issue 7, item 9).

Publishing a need schedules its matching on a worker after commit; when the broker is down the
task is lost and nobody would ever hear of the need. Beat runs this every hour: every open need
published within the window is matched again. Matching is `INSERT … ON CONFLICT DO NOTHING`, so
a need already matched gains nothing and nobody gets a second mail.
"""

from datetime import timedelta

from django.utils import timezone

from . import alert_services
from .alert_models import Need

# Longer than the hour between runs, so one failed run is caught by the next.
NEED_REMATCH_WINDOW = timedelta(hours=3)


def recent_open_need_ids(now=None) -> list[int]:
    now = now or timezone.now()
    return list(
        Need.objects.open()
        .filter(created_at__gte=now - NEED_REMATCH_WINDOW)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def rematch_recent_needs(now=None) -> int:
    ids = recent_open_need_ids(now)
    for need_id in ids:
        alert_services.match_need(need_id, now)
    return len(ids)
