"""Bad input never gives a 500 (issue 7, item 8): generated, not hand-listed.

Pages and their parameters are discovered, so apps merged later are covered without editing this
file:

- every URL of the URL configuration without arguments is a starting point, for each role;
  links found on the pages (same site, matching the URL configuration) are followed, one
  concrete URL per route and role, which reaches the pages with ids and slugs;
- the GET parameters of a page are the fields of its GET forms and the names in the query strings
  of links to it; every page also receives, at once, every parameter name known anywhere (every
  FilterSet's fields, every GET form, ``next``, ``page``, ``q``), so a view reading
  ``request.GET`` directly is covered;
- every POST form found on a page is submitted with each bad value in every field it has;
- every API operation of the OpenAPI schema gets the bad values in each query and path parameter.

The bad values: a NUL byte and other control characters, an overlong value, malformed
percent-encoding (raw in the query string) and mixed scripts with a right-to-left override.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import django_filters
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from drf_spectacular.generators import SchemaGenerator

from epop.accounts.models import Organisation, OrganisationType, User

BAD_VALUES = {
    "nul": "Amiens\x00",
    "control": "\x01\x1b[31m\x7f",
    "overlong": "a" * 5_000,
    "mixed_script": "Аmiеns\u202eبیروت𝔸\u0301",
    # A word where a path is expected (`next=foo` was read as a URL name).
    "word": "foo",
}
# Sent raw in the query string: percent signs that decode to nothing valid.
MALFORMED_PERCENT = ["%", "%zz", "%C3%28", "%E0%80%80", "%ff%fe"]

# Never followed: leaving the session, the admin (its own probe), files.
SKIPPED_PREFIXES = ("/gestion/", "/static/", "/media/", "/compte/logout/", "/compte/deconnexion/")
ALWAYS_TRIED = {"next", "page", "q", "commune", "lieu"}
MAX_PAGES_PER_ROLE = 120


class FormsAndLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "fields": {},
            }
            self.forms.append(self._form)
        elif tag in ("input", "textarea", "select") and self._form is not None:
            name = attrs.get("name")
            if not name:
                return
            kind = (attrs.get("type") or tag).lower()
            if kind in ("submit", "button", "image", "file"):
                return
            value = attrs.get("value") or ""
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].setdefault(name, (kind, None))
                return
            self._form["fields"][name] = (kind, value)
            self._select = name if tag == "select" else None
            self._textarea = name if tag == "textarea" else None
        elif tag == "option" and self._select and "selected" in attrs:
            self._form["fields"][self._select] = ("select", attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            kind, value = self._form["fields"][self._textarea]
            self._form["fields"][self._textarea] = (kind, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _route_key(path: str):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def _start_urls() -> list[str]:
    """Every URL of the configuration that takes no argument."""
    urls = []

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + route)
            elif isinstance(pattern, URLPattern):
                full = prefix + route
                if "<" in full or "(?P" in full or "\\" in full:
                    continue
                urls.append("/" + full.lstrip("^").rstrip("$"))

    walk(get_resolver(), "")
    return [url for url in dict.fromkeys(urls) if not url.startswith(SKIPPED_PREFIXES)]


def _filterset_names() -> set[str]:
    names = set()
    stack = list(django_filters.FilterSet.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        names.update(cls.base_filters)
    return names


def _accounts() -> dict[str, User | None]:
    call_command("seed_demo", profiles=12, force=True, verbosity=0)
    by_email = {user.email: user for user in User.objects.all()}
    peer = User.objects.filter(kind=User.Kind.PEER_WORKER, peer_profile__published__isnull=False)
    employer = User.objects.filter(kind=User.Kind.EMPLOYER).order_by("pk").first()
    # With its organisation, so that pages and forms past that step are reached too.
    Organisation.objects.get_or_create(
        user=employer, defaults={"name": "Structure d'essai", "kind": OrganisationType.values[0]}
    )
    return {
        "anonymous": None,
        "peer_worker": peer.first(),
        "employer": employer,
        "regional": by_email["coordination.hauts-de-france@example.org"],
        "national": by_email["coordination.nationale@example.org"],
    }


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _crawl(client) -> tuple[dict[str, set[str]], list[tuple[str, dict]]]:
    """Pages visited (path -> parameter names seen for it) and the POST forms found."""
    pages: dict[str, set[str]] = {}
    routes_seen: set[str] = set()
    post_forms: dict[tuple, tuple[str, dict]] = {}
    todo = list(_start_urls())
    while todo and len(pages) < MAX_PAGES_PER_ROLE:
        path = todo.pop(0)
        route = _route_key(path)
        if route is None or path in pages or route in routes_seen:
            continue
        routes_seen.add(route)
        response = client.get(path)
        assert response.status_code < 500, f"GET {path} → {response.status_code}"
        pages[path] = set()
        if "html" not in response.get("Content-Type", ""):
            continue
        parser = FormsAndLinks()
        parser.feed(response.content.decode())
        for href in parser.links:
            parts = urlsplit(urljoin(path, href))
            if parts.netloc and parts.netloc != "testserver":
                continue
            if parts.path.startswith(SKIPPED_PREFIXES):
                continue
            names = {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
            if parts.path in pages:
                pages[parts.path] |= names
            else:
                todo.append(parts.path)
                link_names.setdefault(parts.path, set()).update(names)
        for form in parser.forms:
            action = urlsplit(urljoin(path, form["action"] or path)).path
            if action.startswith(SKIPPED_PREFIXES):
                continue
            if form["method"] == "get":
                link_names.setdefault(action, set()).update(form["fields"])
            else:
                key = (_route_key(action), tuple(sorted(form["fields"])))
                post_forms.setdefault(key, (action, form["fields"]))
    for path in pages:
        pages[path] |= link_names.get(path, set())
    return pages, list(post_forms.values())


link_names: dict[str, set[str]] = {}


def _get(client, path, query: str):
    response = client.get(f"{path}?{query}")
    return response.status_code


@pytest.fixture
def roles(db):
    return _accounts()


def test_no_get_parameter_or_form_gives_a_server_error(roles):
    failures = []
    every_name = _filterset_names() | ALWAYS_TRIED
    for role, user in roles.items():
        link_names.clear()
        client = _client(user)
        pages, post_forms = _crawl(client)
        for names in pages.values():
            every_name |= names
        for path, names in pages.items():
            for label, value in BAD_VALUES.items():
                # Every name at once (a view reading request.GET directly), then the page's own.
                query = urlencode(dict.fromkeys(every_name, value))
                if (status := _get(client, path, query)) >= 500:
                    failures.append(f"{role} GET {path} all={label} → {status}")
                for name in names if label in ("nul", "overlong", "word") else ():
                    if (status := _get(client, path, urlencode({name: value}))) >= 500:
                        failures.append(f"{role} GET {path} {name}={label} → {status}")
            for raw in MALFORMED_PERCENT:
                query = "&".join(f"{quote(name)}={raw}" for name in sorted(every_name | names))
                if (status := _get(client, path, query)) >= 500:
                    failures.append(f"{role} GET {path} malformed {raw} → {status}")
        for action, fields in post_forms:
            for label, value in BAD_VALUES.items():
                for variant in ("every field", "hidden fields"):
                    data = _post_data(fields, value, only_hidden=variant == "hidden fields")
                    if user is not None:
                        client.force_login(user)
                    response = client.post(action, data)
                    if response.status_code >= 500:
                        failures.append(
                            f"{role} POST {action} {variant}={label} → {response.status_code}"
                        )
    assert not failures, "\n".join(failures)


def _post_data(fields, value, *, only_hidden: bool) -> dict:
    """The form as rendered, with the bad value in every field, or only in its hidden fields and
    `next` (a valid form then reaches the code that reads them, e.g. a redirect)."""
    data = {}
    for name, (kind, original) in fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if kind in ("checkbox", "radio") or only_hidden and kind != "hidden":
            data[name] = original or ""
        else:
            data[name] = value
    # `next` is read from POST by views whose form carries it only when it was given.
    data.setdefault("next", value)
    return data


def _api_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        yield path, operation.get("parameters", [])


def test_no_api_parameter_gives_a_server_error(roles):
    client = _client(None)
    failures = []
    operations = list(_api_operations())
    assert operations, "the OpenAPI schema lists no operation"
    for path, parameters in operations:
        query_names = [p["name"] for p in parameters if p["in"] == "query"]
        path_names = [p["name"] for p in parameters if p["in"] == "path"]
        for label, value in BAD_VALUES.items():
            concrete = path
            for name in path_names:
                concrete = concrete.replace("{" + name + "}", quote(value, safe=""))
            for name in [*query_names, None]:
                query = urlencode({name: value}) if name else ""
                response = client.get(f"{concrete}?{query}")
                if response.status_code >= 500:
                    failures.append(f"GET {concrete[:60]} {name}={label} → {response.status_code}")
        for raw in MALFORMED_PERCENT:
            concrete = re.sub(r"\{[^}]+\}", raw, path)
            query = "&".join(f"{name}={raw}" for name in query_names)
            response = client.get(f"{concrete}?{query}")
            if response.status_code >= 500:
                failures.append(f"GET {concrete} malformed {raw} → {response.status_code}")
    assert not failures, "\n".join(failures)
