"""French reference geography, keyed by official codes (INSEE / COG)."""

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    # Where the programme has a regional team, submissions go to that team's queue; elsewhere to
    # the national coordinators. This is data, edited in the admin, never a constant in code.
    has_regional_team = models.BooleanField("équipe régionale EPoP", default=False)
    regional_team_since = models.DateField("équipe régionale depuis", null=True, blank=True)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name="région"
    )

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class CommuneQuerySet(models.QuerySet):
    def with_centre(self):
        return self.exclude(centre__isnull=True)

    def with_department_name(self):
        """The department's name as `department_name`, in the same query: a correlated
        subquery, which PostgreSQL evaluates only for the rows returned after ORDER BY … LIMIT
        (a join would pair every candidate row before sorting)."""
        return self.annotate(
            department_name=models.Subquery(
                Department.objects.filter(code=models.OuterRef("department_id")).values("name")[:1]
            )
        )


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=150)
    # Lower-case, unaccented, punctuation folded to spaces: what the autocomplete compares with.
    search_name = models.CharField(max_length=150, editable=False)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name="département"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="communes", verbose_name="région"
    )
    postcodes = ArrayField(
        models.CharField(max_length=5), default=list, verbose_name="codes postaux"
    )
    # Every 2- to 5-digit prefix of every postcode ("80", "800", "8000", "80000", "8008"…), filled
    # by the loader: a postcode being typed is then one GIN key lookup. Prefix matching inside
    # `postcodes` itself can use no index (a 2-digit prefix scanned the whole table in ~600 ms).
    postcode_prefixes = ArrayField(models.CharField(max_length=5), default=list, editable=False)
    population = models.PositiveIntegerField("population", default=0)
    # Some communes have no published centre (overseas collectivities, 2025 mergers): allowed.
    centre = models.PointField("centre", geography=True, srid=4326, null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]
        # GIN indexes without the pending list (fastupdate): reference data is written in rare
        # bulk loads, and rows parked in the pending list made every autocomplete query ~10 times
        # slower until the next vacuum.
        indexes = [
            GinIndex(
                fields=["search_name"],
                name="commune_search_trgm",
                opclasses=["gin_trgm_ops"],
                fastupdate=False,
            ),
            GinIndex(fields=["postcodes"], name="commune_postcodes_gin", fastupdate=False),
            GinIndex(
                fields=["postcode_prefixes"], name="commune_postcode_prefix_gin", fastupdate=False
            ),
            models.Index(fields=["-population"], name="commune_population_desc"),
        ]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    @property
    def main_postcode(self) -> str:
        return self.postcodes[0] if self.postcodes else ""

    @property
    def label(self) -> str:
        """What people read: « Amiens (80000) »."""
        return f"{self.name} ({self.main_postcode})" if self.postcodes else self.name
