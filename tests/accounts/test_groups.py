"""National coordinators get their admin rights from one group, kept in step automatically."""

from django.contrib.auth.models import Group

from epop.accounts import groups
from epop.accounts.models import User


def make(email, **extra):
    return User.objects.create_user(email=email, password="mot-de-passe-long-2026", **extra)


def test_national_coordinators_join_the_group_and_leave_it_when_they_stop():
    groups.ensure_national_group()
    user = make("nadia@example.org", kind=User.Kind.COORDINATOR, is_staff=True)
    assert user.groups.filter(name=groups.GROUP_NAME).exists()
    assert user.has_perm("directory.change_peerprofile")
    assert user.has_perm("territories.change_region")
    assert not user.has_perm("notifications.view_message_body")
    assert not user.has_perm("accounts.delete_user")

    user.is_staff = False
    user.save()
    assert not user.groups.filter(name=groups.GROUP_NAME).exists()


def test_staff_of_another_kind_is_not_put_in_the_group():
    groups.ensure_national_group()
    user = make("staff@example.org", kind=User.Kind.EMPLOYER, is_staff=True)
    assert not user.groups.exists()


def test_the_group_exists_after_migrations_with_its_permissions():
    group = Group.objects.get(name=groups.GROUP_NAME)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_user", "change_user", "change_region", "add_charterversion"} <= codenames
