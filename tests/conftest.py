"""Shared fixtures: the real PostGIS database, the real Redis, and a real Celery worker."""

from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURE_TERRITORIES = Path(__file__).parent / "fixtures" / "territories"


def pytest_collection_modifyitems(items):
    """Every test may use the database. The marker (not just the `db` fixture) matters:
    pytest-django creates the test database only for the aliases that marked tests need, and an
    unmarked test asking for `db` would otherwise run against the development database."""
    for item in items:
        if item.get_closest_marker("django_db"):
            continue
        fixtures = getattr(item, "fixturenames", ())
        transactional = "transactional_db" in fixtures or "live_server" in fixtures
        item.add_marker(pytest.mark.django_db(transaction=transactional))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    yield
    # Live-server and worker threads keep their own connections open; close them so that the
    # test database can be dropped at the end of the session.
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _reference_data(_django_db_helper):
    """Reference data every test may rely on: the committed commune fixture (a few dozen real
    communes with their real centres) and what data migrations create (the charter, the
    toolbox's starter content, the legal guide's situations and tree).

    Restored when missing rather than once per session, because transactional tests (live
    server, real worker) empty every table when they finish."""
    from django.apps import apps as django_apps

    from directory.profiles.charter_v1 import create_charter
    from directory.profiles.models import CharterVersion
    from epop.territories.models import Region
    from legal_guide.content import restore as restore_legal_guide
    from toolbox.models import OrientationPath
    from toolbox.starter.load import create_starter_content

    if not Region.objects.exists():
        call_command("load_territories", source=str(FIXTURE_TERRITORIES), verbosity=0)
    if not CharterVersion.objects.exists():
        create_charter(CharterVersion)
    if not OrientationPath.objects.exists():  # the toolbox's starter resources and paths
        create_starter_content(django_apps, None)
    restore_legal_guide()


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """Django's test set-up replaces every mailer with locmem, which would bypass the outbox.
    Put the outbox back as the default mailer, and deliver into locmem behind it."""
    settings.MAILERS = {
        "default": {"BACKEND": "epop.notifications.backends.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


@pytest.fixture
def mailoutbox(settings):
    """Messages delivered by the outbox (the locmem delivery backend)."""
    from django.core import mail

    mail.outbox = []
    return mail.outbox


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker consuming from the real Redis broker, in a thread of this process.

    Tests that rely on it must use the transactional database so the worker sees committed rows.
    """
    from celery.contrib.testing.worker import start_worker

    from epop.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def employer(db):
    """The employer of the directory's tests (alerts, needs, contact requests)."""
    from tests.factories import make_employer

    return make_employer()
