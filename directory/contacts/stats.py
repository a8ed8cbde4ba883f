"""Aggregated, anonymous indicators of the contact requests, for coordinators.

Counts per month, region and sector: requests sent, requests the peer worker answered (any first
answer), requests accepted, and interventions the employer said took place (follow-up « oui »).
Rows carry no person, organisation or profile: they describe the programme's activity, never an
individual, and nothing here ranks or rates peer workers (domain.md §4, rule 5).

A coordinator sees the regions they coordinate (national coordinators: the regions without a
regional team), with the same rule as every other coordination screen (`coordinated_regions_q`).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone

from directory.profiles import choices
from epop.accounts.permissions import coordinated_regions_q

from .models import ContactRequest, FollowUpOutcome

DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class IndicatorRow:
    month: date
    region_code: str
    region_name: str
    sector: str
    sector_label: str
    requests: int
    answered: int
    accepted: int
    held: int

    @property
    def month_label(self) -> str:
        return formats.date_format(self.month, "F Y")


def months_ago(today: date, months: int) -> date:
    """The first day of the month `months - 1` months before `today`'s month."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def indicator_rows(user, months: int = DEFAULT_MONTHS, now=None) -> list[IndicatorRow]:
    """The last `months` months (this one included) for the coordinator's scope, newest first.
    Empty for anyone who coordinates nothing."""
    now = now or timezone.now()
    start = months_ago(timezone.localdate(now), months)
    tz = timezone.get_current_timezone()
    rows = (
        ContactRequest.objects.filter(coordinated_regions_q(user, "region"))
        .filter(created_at__gte=datetime.combine(start, time.min, tzinfo=tz))
        .annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month", "region_id", "region__name", "sector")
        .annotate(
            requests=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            accepted=Count("pk", filter=Q(status=ContactRequest.Status.ACCEPTED)),
            held=Count("pk", filter=Q(outcome=FollowUpOutcome.YES)),
        )
        .order_by("-month", "region__name", "sector")
    )
    labels = dict(choices.Sector.choices)
    return [
        IndicatorRow(
            month=row["month"].astimezone(tz).date(),
            region_code=row["region_id"],
            region_name=row["region__name"],
            sector=row["sector"],
            sector_label=labels.get(row["sector"], row["sector"]) or "Non précisé",
            requests=row["requests"],
            answered=row["answered"],
            accepted=row["accepted"],
            held=row["held"],
        )
        for row in rows
    ]


def totals(rows: list[IndicatorRow]) -> dict[str, int]:
    return {
        name: sum(getattr(row, name) for row in rows)
        for name in ("requests", "answered", "accepted", "held")
    }
