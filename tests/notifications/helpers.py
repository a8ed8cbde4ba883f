"""Helpers for the outbox tests that talk to the real broker and the real worker."""

import base64
import json
from contextlib import contextmanager

import redis

from epop.celery import app
from tests.helpers import wait_for as _wait_for


def wait_for(predicate, timeout=5.0):
    return _wait_for(predicate, timeout=timeout)


SEND_MESSAGE = "epop.notifications.tasks.send_message"
# Nothing listens on port 1: connecting is refused at once, like a Redis that is down.
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


def queued_message_ids():
    """Outbox ids of the send_message tasks waiting in the broker's default queue."""
    client = redis.Redis.from_url(app.conf.broker_write_url)
    ids = []
    for raw in client.lrange(app.conf.task_default_queue, 0, -1):
        payload = json.loads(raw)
        if payload["headers"]["task"] == SEND_MESSAGE:
            args, _kwargs, _embed = json.loads(base64.b64decode(payload["body"]))
            ids.append(args[0])
    return ids


def _forget_producers():
    # The app caches the pools of the write URL it first used; kombu keeps one pool per URL, so
    # dropping the app's references is enough to make the next publish use the current URL.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    """Make publishing fail as it does when Redis is down, then restore the real broker.

    Only the write side moves: the test worker keeps consuming from the real broker. It is
    broker_write_url rather than broker_url because Celery reads CELERY_BROKER_URL from the
    environment first (our .env sets it), which would hide a change of app.conf.broker_url.
    """
    previous = app.conf.get("broker_write_url")
    _forget_producers()
    app.conf.broker_write_url = CLOSED_PORT_URL
    try:
        yield
    finally:
        app.conf.broker_write_url = previous
        _forget_producers()
