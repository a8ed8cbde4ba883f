"""The permission predicates, positive and negative cases, on real users and regions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from epop.accounts import permissions
from epop.accounts.models import User
from epop.territories.models import Department, Region

Kind = User.Kind


@pytest.fixture
def regions(db):
    """One region with a regional team, one without; codes outside INSEE's range so they never
    clash with the loaded reference geography."""
    with_team = Region.objects.create(code="T1", name="Région test équipée", has_regional_team=True)
    without_team = Region.objects.create(code="T2", name="Région test sans équipe")
    return with_team, without_team


@pytest.fixture
def make_user(unique_email):
    def make(kind, *, is_staff=False, is_active=True, is_superuser=False, regions=()):
        user = User.objects.create_user(
            email=unique_email(kind),
            password="Tournesol-Bleu-2026",
            kind=kind,
            is_staff=is_staff,
            is_active=is_active,
            is_superuser=is_superuser,
        )
        user.regions.set(regions)
        return user

    return make


@pytest.fixture(autouse=True)
def forum_registry(monkeypatch):
    """An empty registry for each test: the directory app registers its real check at start-up,
    and these tests are about the mechanism, whatever the apps installed."""
    registry = []
    monkeypatch.setattr(permissions, "_forum_access_checks", registry)
    return registry


@pytest.fixture
def forum_check(forum_registry):
    """Register a check as the directory app does."""
    return permissions.register_forum_access_check


ANONYMOUS = AnonymousUser()
PREDICATES = [
    permissions.is_peer_worker,
    permissions.is_employer,
    permissions.is_national_coordinator,
    permissions.is_regional_coordinator,
    permissions.is_coordinator,
    permissions.can_access_forum,
]


@pytest.mark.parametrize("predicate", PREDICATES, ids=lambda p: p.__name__)
@pytest.mark.parametrize("user", [ANONYMOUS, None], ids=["anonyme", "aucun"])
def test_nobody_without_an_account_has_any_power(predicate, user, regions):
    assert predicate(user) is False
    assert permissions.coordinated_region_codes(user) == set()
    assert permissions.can_coordinate_region(user, regions[1]) is False


def test_kind_predicates(make_user):
    peer, employer = make_user(Kind.PEER_WORKER), make_user(Kind.EMPLOYER)

    assert permissions.is_peer_worker(peer) and not permissions.is_peer_worker(employer)
    assert permissions.is_employer(employer) and not permissions.is_employer(peer)
    assert not permissions.is_coordinator(peer) and not permissions.is_coordinator(employer)


def test_inactive_accounts_lose_every_power(make_user, regions, forum_check):
    forum_check(lambda user: True)
    inactive = [
        make_user(Kind.PEER_WORKER, is_active=False),
        make_user(Kind.EMPLOYER, is_active=False),
        make_user(Kind.COORDINATOR, is_active=False, is_staff=True, regions=regions),
    ]

    for user in inactive:
        for predicate in PREDICATES:
            assert predicate(user) is False, (predicate.__name__, user.kind)
        assert permissions.coordinated_region_codes(user) == set()
        assert not any(permissions.can_coordinate_region(user, region) for region in regions)


def test_national_coordinator_is_staff_of_kind_coordination(make_user):
    national = make_user(Kind.COORDINATOR, is_staff=True)

    assert permissions.is_national_coordinator(national)
    assert permissions.is_coordinator(national)
    assert not permissions.is_regional_coordinator(national)


@pytest.mark.parametrize("kind", [Kind.PEER_WORKER, Kind.EMPLOYER])
def test_staff_of_another_kind_is_not_a_coordinator(make_user, regions, kind):
    staff = make_user(kind, is_staff=True, is_superuser=True, regions=regions)

    assert not permissions.is_national_coordinator(staff)
    assert not permissions.is_regional_coordinator(staff)
    assert not permissions.is_coordinator(staff)
    assert permissions.coordinated_region_codes(staff) == set()
    assert not any(permissions.can_coordinate_region(staff, region) for region in regions)


def test_coordination_account_without_region_has_no_power(make_user, regions):
    newcomer = make_user(Kind.COORDINATOR)

    assert not permissions.is_regional_coordinator(newcomer)
    assert not permissions.is_coordinator(newcomer)
    assert permissions.coordinated_region_codes(newcomer) == set()
    assert not any(permissions.can_coordinate_region(newcomer, region) for region in regions)


def test_regional_coordinator_acts_on_its_regions_only(make_user, regions):
    with_team, without_team = regions
    regional = make_user(Kind.COORDINATOR, regions=[with_team])

    assert permissions.is_regional_coordinator(regional)
    assert permissions.is_coordinator(regional)
    assert not permissions.is_national_coordinator(regional)
    assert permissions.coordinated_region_codes(regional) == {"T1"}
    assert permissions.can_coordinate_region(regional, with_team)
    assert not permissions.can_coordinate_region(regional, without_team)
    assert not permissions.can_coordinate_region(regional, None)


def test_national_coordinator_covers_regions_without_a_regional_team(make_user, regions):
    with_team, without_team = regions
    national = make_user(Kind.COORDINATOR, is_staff=True)

    assert permissions.coordinated_region_codes(national) == set()
    assert permissions.can_coordinate_region(national, without_team)
    assert not permissions.can_coordinate_region(national, with_team)

    # Deployment is data: once the region gets a team, the national team steps back.
    without_team.has_regional_team = True
    assert not permissions.can_coordinate_region(national, without_team)


def test_coordinated_regions_q_filters_like_can_coordinate_region(make_user, regions):
    with_team, without_team = regions
    Department.objects.create(code="X1", name="Département test 1", region=with_team)
    Department.objects.create(code="X2", name="Département test 2", region=without_team)
    test_departments = Department.objects.filter(code__in=["X1", "X2"])
    both = make_user(Kind.COORDINATOR, is_staff=True, regions=[with_team])

    def visible(user):
        condition = permissions.coordinated_regions_q(user, "region")
        return set(test_departments.filter(condition).values_list("code", flat=True))

    assert visible(make_user(Kind.COORDINATOR, regions=[with_team])) == {"X1"}
    assert visible(make_user(Kind.COORDINATOR, is_staff=True)) == {"X2"}
    assert visible(both) == {"X1", "X2"}
    assert visible(make_user(Kind.COORDINATOR)) == set()
    assert visible(make_user(Kind.PEER_WORKER, is_staff=True)) == set()
    assert visible(ANONYMOUS) == set()


def test_region_codes_come_from_the_prefetch_cache(make_user, regions, django_assert_num_queries):
    make_user(Kind.COORDINATOR, regions=regions)
    user = User.objects.prefetch_related("regions").get(kind=Kind.COORDINATOR)

    with django_assert_num_queries(0):
        assert permissions.coordinated_region_codes(user) == {"T1", "T2"}
        assert permissions.is_regional_coordinator(user)


def test_forum_is_closed_until_the_directory_registers_its_check(make_user, forum_registry):
    assert forum_registry == []

    assert not permissions.can_access_forum(make_user(Kind.PEER_WORKER))


def test_forum_is_for_validated_peer_workers_only(make_user, regions, forum_check):
    validated = make_user(Kind.PEER_WORKER)
    pending = make_user(Kind.PEER_WORKER)
    forum_check(lambda user: user.pk == validated.pk)

    assert permissions.can_access_forum(validated)
    assert not permissions.can_access_forum(pending)


def test_forum_never_opens_to_staff_employers_or_coordinators(make_user, regions, forum_check):
    forum_check(lambda user: True)

    closed = [
        make_user(Kind.EMPLOYER),
        make_user(Kind.COORDINATOR, is_staff=True),
        make_user(Kind.COORDINATOR, regions=regions),
        make_user(Kind.PEER_WORKER, is_staff=True),
        make_user(Kind.PEER_WORKER, is_superuser=True),
    ]

    assert [permissions.can_access_forum(user) for user in closed] == [False] * len(closed)


def test_every_registered_forum_check_must_pass(make_user, forum_check):
    peer = make_user(Kind.PEER_WORKER)
    forum_check(lambda user: True)
    forum_check(lambda user: False)

    assert not permissions.can_access_forum(peer)


def test_registering_is_idempotent_and_usable_as_decorator(forum_registry, make_user):
    @permissions.register_forum_access_check
    def check(user):
        return True

    permissions.register_forum_access_check(check)

    assert forum_registry == [check]
    assert permissions.can_access_forum(make_user(Kind.PEER_WORKER))
    permissions.unregister_forum_access_check(check)
    assert forum_registry == []
