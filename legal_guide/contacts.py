"""« Qui contacter ? »: the regional coordination of a region, or the national team.

Read from ``epop.accounts`` and ``epop.territories`` (never from the directory): the active
coordination accounts assigned to the region when it has a regional team, otherwise the
national contact address."""

from dataclasses import dataclass

from epop.accounts.models import User
from epop.core.shortcuts import CONTACT_EMAIL
from epop.territories.models import Region


@dataclass
class Contact:
    region: Region | None
    emails: list[str]
    national: bool


def regions():
    return Region.objects.order_by("name")


def for_region(code: str) -> Contact | None:
    """``None`` when no (valid) region was chosen."""
    if not code or len(code) > 3:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        return None
    if region.has_regional_team:
        emails = list(
            User.objects.filter(
                kind=User.Kind.COORDINATOR, is_active=True, regions=region
            ).values_list("email", flat=True)
        )
        if emails:
            return Contact(region, sorted(emails), national=False)
    return Contact(region, [CONTACT_EMAIL], national=True)
