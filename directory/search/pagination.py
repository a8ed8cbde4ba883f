"""Pages of search results whose cost does not grow with the number of matches (decision 0015).

- The count is exact up to COUNT_CAP (1,000) and reads « plus de 1 000 » above: counting stops
  at the 1,001st match (`LIMIT 1001` under the COUNT) instead of visiting every match.
- Past the cap, pages stop at MAX_CAPPED_PAGES (50 pages of 20 = the first 1,000 results) and
  the page asks to narrow the search: every page is then a bounded amount of work.
- Around a place, results are ordered by whole kilometres then the daily tie-break, which needs
  every match's distance before the first twenty are known. A nearest-neighbour probe (the
  GiST index's `<->` order, sphere distance) finds the k-th nearest match, k being the last row
  of the page; every row of the first k pages in the real order then lies within that distance
  (plus the sphere/spheroid margin and half a kilometre of rounding), so the page query only
  orders the matches inside that disc. Same rows, same order, a bounded candidate set.
- The probe costs nothing more when the count is not capped: the count then reads every match,
  so it reads their `<->` distances too, and the k-th is taken in Python. Only a capped search
  (over 1,000 matches, close together by nature) asks the index, and it asks with sorting
  switched off for that one statement: the planner misjudges how near the matches lie and would
  otherwise gather and sort every match (93 ms at Paris 100 km, 3 ms walking the index).
- Around a dense place, the disc still holds everyone tied at the same commune centre (30,000
  people at Lille's with a million profiles), all read to sort them by the daily rank. Every
  home point is its commune's centre, so a commune's people share one distance and keep the
  daily rank's order among themselves: the first `top` rows of the real order are among the
  first `top` of each commune of the disc. Those are read from the (commune, rank) index, one
  array per commune, and the page sorts only them. It needs the stored rank to be today's
  hash, as the landing page does; otherwise the disc alone bounds the page.
"""

from django.contrib.gis.db import models as gis_models
from django.contrib.gis.measure import D
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections, transaction
from django.db.models import F, FloatField, Func, OuterRef, Value
from django.utils.functional import cached_property

from epop.territories.models import Commune

COUNT_CAP = 1_000
MAX_CAPPED_PAGES = 50
CAPPED_COUNT_TEXT = "plus de 1 000"
# The sphere distance (`<->`) and the spheroid distance (ST_DWithin on geography) differ by
# less than 0.6 %; whole kilometres round up to half a kilometre.
SPHEROID_MARGIN = 1.01
ROUNDING_MARGIN_M = 1000


class KnnDistance(Func):
    """`home_point <-> point`: the sphere distance in metres, in the GiST index's own order."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def format_count(count: int, capped: bool) -> str:
    return CAPPED_COUNT_TEXT if capped else intcomma(count)


class SearchPaginator(Paginator):
    """`point`: the search's place (None without one), for the nearest-neighbour bound.
    `stored_rank`: asked (only when it matters) whether `daily_rank` holds today's tie-break;
    the filterset's `stored_rank_is_current`."""

    MAX_PAGE = 1_000_000

    def __init__(self, object_list, per_page, *, point=None, stored_rank=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.point = point
        self.stored_rank = stored_rank

    @cached_property
    def _first_matches(self) -> list:
        """Up to COUNT_CAP + 1 matches, in no order: with a place, their `<->` distances (the
        probe of an uncapped search); without, their keys."""
        rows = self.object_list.order_by()
        if self.point is not None:
            rows = rows.annotate(knn_m=self._knn()).values_list("knn_m", flat=True)
        else:
            rows = rows.values_list("pk", flat=True)
        return list(rows[: COUNT_CAP + 1])

    @property
    def capped_count(self) -> int:
        # The 1,001st match is enough to know there are more than 1,000.
        return len(self._first_matches)

    @property
    def capped(self) -> bool:
        return self.capped_count > COUNT_CAP

    @cached_property
    def count(self) -> int:
        """How many results can be paged through: the exact count, or 1,000 when capped."""
        return min(self.capped_count, COUNT_CAP)

    @property
    def count_text(self) -> str:
        return format_count(self.count, self.capped)

    def _knn(self):
        point = Value(self.point, output_field=gis_models.PointField(srid=4326, geography=True))
        return KnnDistance(F("home_point"), point)

    def _kth_distance(self, top: int) -> float | None:
        """The `<->` distance of the `top`-th nearest match (top <= count; None only if matches
        vanished between the count and the probe)."""
        if not self.capped:
            return sorted(self._first_matches)[top - 1]
        probe = (
            self.object_list.annotate(knn_m=self._knn())
            .order_by("knn_m")
            .values_list("knn_m", flat=True)[top - 1 : top]
        )
        using = self.object_list.db
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            # For this statement only (module docstring). The block only reads, and is rolled
            # back: that undoes SET LOCAL even inside an outer transaction, where a released
            # savepoint would leave sorting off until that transaction ends.
            cursor.execute("SET LOCAL enable_sort = off")
            kth = next(iter(probe), None)
            transaction.set_rollback(True, using=using)
        return kth

    def _bounded(self, top: int):
        """The ordered matches, reduced to the disc holding the first `top` of them."""
        if self.point is None:
            return self.object_list
        kth = self._kth_distance(top)
        if kth is None:
            return self.object_list
        bound = D(m=kth * SPHEROID_MARGIN + ROUNDING_MARGIN_M)
        if self.capped and self.stored_rank is not None and self.stored_rank():
            return self.object_list.filter(pk__in=self._firsts_of_each_commune(bound, top))
        return self.object_list.filter(home_point__dwithin=(self.point, bound))

    def _firsts_of_each_commune(self, bound, top: int) -> list[int]:
        """The first `top` matches of each commune within `bound`, in daily-rank order."""
        firsts = self.object_list.filter(home_commune_id=OuterRef("code")).order_by("daily_rank")
        arrays = (
            Commune.objects.filter(centre__dwithin=(self.point, bound))
            .annotate(firsts=ArraySubquery(firsts.values("pk")[:top]))
            .values_list("firsts", flat=True)
        )
        return [pk for array in arrays for pk in array]

    def page(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > self.MAX_PAGE or (number > 1 and number > self.num_pages):
            raise EmptyPage(self.error_messages["no_results"])
        if self.count == 0:
            return self._get_page([], number, self)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = list(self._bounded(top)[bottom:top])
        return self._get_page(rows, number, self)
