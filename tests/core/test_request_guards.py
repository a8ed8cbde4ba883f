"""Guards every request goes through (issue 7): the client address behind trusted proxies
(item 6), the early refusal of oversized bodies (item 11), the web statement timeout (item 5)."""

import random

import psycopg
import pytest
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory

from epop.accounts.adapter import AccountAdapter
from epop.core.client_ip import client_ip
from epop.settings.base import database_options

API = "/api/v1/peer-workers/"


def _address() -> str:
    return f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"


@pytest.fixture
def tight_throttle(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"peer_workers": "2/min"},
    }
    yield
    cache.clear()


def _forwarded(value: str, remote: str) -> Client:
    return Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=value)


# --- item 6: one trusted-proxies setting, every limiter ------------------------------------------


def test_without_trusted_proxy_a_forged_header_does_not_escape_the_throttle(
    tight_throttle, settings
):
    assert settings.EPOP_TRUSTED_PROXIES == 0  # the default: gunicorn reached directly
    remote = _address()
    statuses = [_forwarded(_address(), remote).get(API).status_code for _ in range(6)]
    assert statuses[:2] == [200, 200]
    assert set(statuses[2:]) == {429}, "random X-Forwarded-For values escaped the limit"


def test_behind_one_proxy_each_client_has_its_own_limit(tight_throttle, settings):
    settings.EPOP_TRUSTED_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy, alice, bob = "10.0.0.2", _address(), _address()
    assert [_forwarded(alice, proxy).get(API).status_code for _ in range(3)] == [200, 200, 429]
    # Bob, behind the same proxy, is not limited by Alice; what a client writes to the left of
    # the proxy's entry changes nothing.
    assert _forwarded(f"1.2.3.4, {bob}", proxy).get(API).status_code == 200
    assert _forwarded(f"5.6.7.8, {alice}", proxy).get(API).status_code == 429


def test_the_settings_derive_every_limiter_from_one_value():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.EPOP_TRUSTED_PROXIES
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.EPOP_TRUSTED_PROXIES


@pytest.mark.parametrize(
    ("trusted", "remote", "header", "expected"),
    [
        (0, "203.0.113.9", "1.1.1.1", "203.0.113.9"),  # nobody trusted: the header is ignored
        (1, "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # forged left part ignored
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (1, "10.0.0.2", "", "10.0.0.2"),  # not through the proxy
        (1, "10.0.0.2", "pas-une-adresse", "10.0.0.2"),
    ],
)
def test_allauth_keys_its_limits_on_the_same_client_address(
    settings, trusted, remote, header, expected
):
    settings.EPOP_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected
    assert AccountAdapter(request).get_client_ip(request) == expected
    # What allauth's rate limits actually key on (login, sign-up, password reset).
    assert ratelimit.get_ip(request) == expected


# --- item 11: bodies refused early ---------------------------------------------------------------


def test_an_oversized_body_is_refused_before_anything_reads_it(client, settings):
    settings.EPOP_MAX_REQUEST_BODY_BYTES = 1024
    response = client.generic(
        "POST", "/compte/login/", b"x" * 2048, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "trop lourd" in response.content.decode()
    # Within the cap, the request goes on as usual.
    assert client.post("/compte/login/", {"login": "a@example.org"}).status_code == 200


def test_upload_caps_are_set():
    from django.conf import settings

    assert settings.EPOP_MAX_REQUEST_BODY_BYTES <= 20 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024
    assert settings.MIDDLEWARE[0] == "epop.core.middleware.RequestBodyLimitMiddleware"


# --- item 5: statement timeout for web requests --------------------------------------------------


def test_web_processes_get_a_statement_timeout_and_workers_none():
    assert "statement_timeout" in database_options(web=True)
    assert "statement_timeout" not in database_options(web=False)


def test_a_web_connection_cancels_a_runaway_statement(settings):
    """The option string really reaches PostgreSQL: a statement past the timeout is cancelled."""
    params = connection.get_connection_params()
    params["options"] = database_options(web=True).replace(
        f"statement_timeout={settings.WEB_STATEMENT_TIMEOUT_MS}", "statement_timeout=50"
    )
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as conn, conn.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "50ms"
        with pytest.raises(psycopg.errors.QueryCanceled):
            cursor.execute("SELECT pg_sleep(5)")


def test_a_cancelled_statement_answers_503_with_a_french_page(rf, settings):
    """A real statement cancelled by PostgreSQL's statement_timeout reaches the middleware as
    Django wraps it; the visitor gets a 503 that says what to do, not the generic 500."""
    from django.db import transaction

    from epop.core.middleware import StatementTimeoutMiddleware

    def slow_view(request):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 20")
            cursor.execute("SELECT pg_sleep(2)")

    middleware = StatementTimeoutMiddleware(slow_view)
    request = rf.get("/annuaire/")
    try:
        slow_view(request)
    except Exception as error:  # noqa: BLE001 - the error Django raises is what is handed over
        response = middleware.process_exception(request, error)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Votre demande a pris trop de temps" in response.content.decode()
    assert middleware.process_exception(request, ValueError("autre")) is None
