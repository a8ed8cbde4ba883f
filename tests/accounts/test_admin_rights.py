"""A national coordinator administers kinds and regions, never rights (issue 7, item 1).

Every admin change form the national coordinators' group can open is checked for fields that
grant rights; the user form is also attacked by POST."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from epop.accounts.groups import GROUP_NAME, ensure_national_group
from epop.accounts.models import User
from tests.factories import CoordinatorFactory, EmployerFactory, UserFactory, published_profile

# Names of form fields that would grant rights or take another account over.
RIGHTS_FIELDS = {"is_superuser", "is_staff", "groups", "user_permissions", "permissions"}


@pytest.fixture
def national(client):
    ensure_national_group()
    coordinator = CoordinatorFactory(is_staff=True)
    coordinator.save()  # joins the national group
    assert coordinator.groups.filter(name=GROUP_NAME).exists()
    client.force_login(coordinator)
    return coordinator


@pytest.fixture
def superuser():
    return User.objects.create_superuser(email="admin.cible@example.org", password="x-Tournesol-26")


def _editable_names(html: str) -> set[str]:
    """Names of the inputs, selects and textareas a browser would submit."""
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))


def _one_object_per_model():
    published_profile()
    EmployerFactory()
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield model, model_admin, obj


def test_no_change_form_offers_a_right_granting_field(client, national, superuser):
    opened = []
    for model, _, obj in _one_object_per_model():
        opts = model._meta
        if not national.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = client.get(url)
        assert response.status_code == 200, url
        assert not _editable_names(response.content.decode()) & RIGHTS_FIELDS, url
        opened.append(opts.label)
    assert "accounts.User" in opened


def test_another_staff_members_email_and_status_are_read_only(client, national, superuser):
    for target in (superuser, CoordinatorFactory(is_staff=True)):
        url = reverse("admin:accounts_user_change", args=[target.pk])
        names = _editable_names(client.get(url).content.decode())
        assert not names & {"email", "is_active", "kind"}, target
    # Their own address and an ordinary account's stay editable.
    own = reverse("admin:accounts_user_change", args=[national.pk])
    assert "email" in _editable_names(client.get(own).content.decode())
    ordinary = reverse("admin:accounts_user_change", args=[UserFactory().pk])
    assert "email" in _editable_names(client.get(ordinary).content.decode())


def test_posting_rights_changes_nothing(client, national, superuser):
    target = UserFactory()
    group = Group.objects.get(name=GROUP_NAME)
    client.post(
        reverse("admin:accounts_user_change", args=[target.pk]),
        {
            "email": target.email,
            "kind": target.kind,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [group.pk],
            "user_permissions": [],
        },
    )
    target.refresh_from_db()
    assert not target.is_superuser and not target.is_staff
    assert not target.groups.exists()

    # Nor can they raise themselves.
    client.post(
        reverse("admin:accounts_user_change", args=[national.pk]),
        {"email": national.email, "kind": national.kind, "is_active": "on", "is_superuser": "on"},
    )
    national.refresh_from_db()
    assert not national.is_superuser


def test_posting_another_admins_email_changes_nothing(client, national, superuser):
    response = client.post(
        reverse("admin:accounts_user_change", args=[superuser.pk]),
        {"email": "attaquant@example.org", "kind": superuser.kind, "is_active": ""},
    )
    assert response.status_code in (200, 302)
    superuser.refresh_from_db()
    assert superuser.email == "admin.cible@example.org"
    assert superuser.is_active


def test_setting_someone_elses_password_is_for_superusers_only(client, national, superuser):
    for target in (superuser, UserFactory()):
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        response = client.post(
            url, {"password1": "Nouveau-Mot-2026!", "password2": "Nouveau-Mot-2026!"}
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert not target.check_password("Nouveau-Mot-2026!")
