"""/healthz answers for the database (with PostGIS) and Redis; 503 names what is down."""

import json

from django.test import override_settings

# Nothing listens on port 1 of the loopback: our own Redis service, as if it were stopped.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_healthy(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "redis": "ok"}
    assert response["Cache-Control"] == "no-store"
    # No session, no CSRF cookie: probes every few seconds must not create anything.
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_redis_down_gives_503_naming_it(client):
    with override_settings(CACHES=REDIS_DOWN):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "redis": "error"}
    assert response["Cache-Control"] == "no-store"


def test_database_without_postgis_is_unhealthy(client, monkeypatch):
    """A database that answers SELECT 1 but not postgis_version() is not enough for the site."""
    from django.db.backends.utils import CursorWrapper

    original = CursorWrapper.execute

    def execute(self, sql, params=None):
        if "postgis_version" in sql:
            sql = "SELECT postgis_version_that_does_not_exist()"
        return original(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", execute)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "error"


def test_no_trailing_slash_and_no_redirect(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/").status_code == 404
