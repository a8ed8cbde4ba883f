"""Shared fixtures: the real PostGIS database, the real Redis, and a real Celery worker."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _db_by_default(request):
    """Every test may use the database unless it asks for the transactional variant itself."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        return
    request.getfixturevalue("db")


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
