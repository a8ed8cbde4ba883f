"""Who may do what: pure predicates over a user, shared by views, templates, admin and APIs.

Every predicate accepts any user object Django hands us (a real ``User``, ``AnonymousUser`` or
``None``) and answers ``False`` rather than raising, so callers never need to check
``is_authenticated`` first. An inactive account has no power at all, whatever its data says.

Powers come from data, never from the account kind alone (see ``docs/domain.md`` §1.3, §2):

- a *regional coordinator* is an active coordination account with at least one region assigned
  by the national team; it acts on those regions only;
- a *national coordinator* is an active coordination account that is also staff; it plays the
  regional role wherever the programme has no regional team (``Region.has_regional_team``);
- the forum is for peer workers with a validated directory profile only (domain rule 6):
  coordinators, employers and staff never read it, whatever else they may do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from .models import User

ForumAccessCheck = Callable[[User], bool]

# Filled by the apps that own the facts the forum depends on (the directory registers "this
# user's profile is validated"). Kept here so accounts does not import the directory.
_forum_access_checks: list[ForumAccessCheck] = []


def _is_active_account(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _kind(user) -> str | None:
    return getattr(user, "kind", None) if _is_active_account(user) else None


def _region_codes(user) -> set[str]:
    """Codes of the regions assigned to the user, reading the prefetch cache when present (the
    admin changelist and coordinator lists prefetch ``regions``) instead of querying again."""
    if getattr(user, "pk", None) is None:
        return set()
    prefetched = getattr(user, "_prefetched_objects_cache", {}).get("regions")
    if prefetched is not None:
        return {region.code for region in prefetched}
    return set(user.regions.values_list("code", flat=True))


def is_peer_worker(user) -> bool:
    """Active account of kind « Intervenant·e-pair »."""
    return _kind(user) == User.Kind.PEER_WORKER


def is_employer(user) -> bool:
    """Active account of kind « Employeur, structure ou particulier »."""
    return _kind(user) == User.Kind.EMPLOYER


def is_national_coordinator(user) -> bool:
    """Active coordination account that is staff: the national team (binôme national and
    resource team). Staff of any other kind is not a coordinator."""
    return _kind(user) == User.Kind.COORDINATOR and bool(user.is_staff)


def is_regional_coordinator(user) -> bool:
    """Active coordination account with at least one region assigned. Without a region a
    coordination account has no power: anybody can choose that kind at sign-up."""
    return _kind(user) == User.Kind.COORDINATOR and bool(_region_codes(user))


def is_coordinator(user) -> bool:
    """National or regional coordinator."""
    return is_national_coordinator(user) or is_regional_coordinator(user)


def coordinated_region_codes(user) -> set[str]:
    """INSEE codes of the regions the user coordinates as a regional coordinator.

    This set does not include the regions a national coordinator covers because they have no
    regional team: that list changes with deployment data, so ask ``can_coordinate_region`` for
    one region, or filter a queryset with ``coordinated_regions_q``.
    """
    if _kind(user) != User.Kind.COORDINATOR:
        return set()
    return _region_codes(user)


def can_coordinate_region(user, region) -> bool:
    """Whether the user may act (validate profiles, follow peer workers…) on this region.

    True for a regional coordinator of that region, and for a national coordinator when the
    region has no regional team. A national coordinator who is also assigned regions covers both.
    """
    if region is None:
        return False
    if region.code in coordinated_region_codes(user):
        return True
    return is_national_coordinator(user) and not region.has_regional_team


def coordinated_regions_q(user, region_field: str = "region") -> Q:
    """A ``Q`` filter selecting the rows (profiles, requests…) whose ``region_field`` the user
    may coordinate, with the same rule as ``can_coordinate_region``. Matches nothing for anyone
    who is not a coordinator.

    Example: ``Profile.objects.filter(coordinated_regions_q(request.user, "commune__region"))``.
    """
    condition = Q(pk__in=[])
    codes = coordinated_region_codes(user)
    if codes:
        condition |= Q(**{f"{region_field}__code__in": codes})
    if is_national_coordinator(user):
        condition |= Q(**{f"{region_field}__has_regional_team": False})
    return condition


def register_forum_access_check(check: ForumAccessCheck) -> ForumAccessCheck:
    """Add a condition for forum access. Usable as a decorator; registering twice is harmless.

    The directory app registers « the user's directory profile is validated » from its
    ``AppConfig.ready()``. Every registered check must pass.
    """
    if check not in _forum_access_checks:
        _forum_access_checks.append(check)
    return check


def unregister_forum_access_check(check: ForumAccessCheck) -> None:
    """Remove a condition added by ``register_forum_access_check`` (tests, app reloads)."""
    if check in _forum_access_checks:
        _forum_access_checks.remove(check)


def can_access_forum(user) -> bool:
    """Read and write access to the peer workers' forum (domain rule 6).

    Only an active peer worker whose directory profile is validated. Staff status never grants
    access and even takes it away: the forum must stay a space without professionals watching,
    so a peer worker who is also staff uses a separate account for administration. Until the
    directory registers its validation check, nobody has access: failing closed is the only safe
    default for a space that promises peers privacy.
    """
    if not is_peer_worker(user) or user.is_staff or user.is_superuser:
        return False
    if not _forum_access_checks:
        return False
    return all(check(user) for check in _forum_access_checks)


def coordinators_for_region(region):
    """Who coordinates this region: its regional team when the programme has one there,
    otherwise the national coordinators (domain.md §1.4)."""
    coordinators = User.objects.filter(is_active=True, kind=User.Kind.COORDINATOR)
    if region.has_regional_team:
        return coordinators.filter(regions=region)
    return coordinators.filter(is_staff=True)
