"""Shared fixtures: the real PostGIS database, the real Redis, and a real Celery worker."""

import pytest
from django.core.management import call_command


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
    """Load the committed commune fixture once: a few dozen real communes with real centres."""
    with django_db_blocker.unblock():
        call_command("load_territories", source="tests/fixtures/territories", verbosity=0)


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
