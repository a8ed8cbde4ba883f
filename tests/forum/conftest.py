import pytest

from forum import services
from forum.access import member_for
from forum.models import Category
from tests.factories import PASSWORD, published_profile


def make_member(*, charter=True, moderator=False, **profile_kwargs):
    """A peer worker whose profile went through the real validation, with their forum record."""
    profile = published_profile(**profile_kwargs)
    member = member_for(profile.user)
    if charter:
        services.accept_charter(member)
    if moderator:
        member.is_moderator = True
        member.save(update_fields=["is_moderator"])
    member.refresh_from_db()
    return member


@pytest.fixture
def category(db):
    return Category.objects.get_or_create(
        slug="pratiques", defaults={"name": "Pratiques d'accompagnement", "kind": "theme"}
    )[0]


@pytest.fixture
def member(db):
    return make_member()


@pytest.fixture
def moderator(db):
    return make_member(moderator=True)


def log_in(client, member):
    client.login(email=member.user.email, password=PASSWORD)
    return client
