"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Every page checked here must have zero axe-core violations (WCAG 2.0/2.1/2.2 A and AA), no
request to a third-party host and no Content-Security-Policy violation.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (creating users, reading the outbox) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("EPOP_CHROMIUM", "/usr/bin/chromium")
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageProblems:
    def __init__(self):
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []

    def assert_clean(self):
        assert not self.foreign_requests, f"Requêtes vers des hôtes tiers : {self.foreign_requests}"
        assert not self.console_errors, f"Erreurs dans la console : {self.console_errors}"


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def new_page(browser, live_server, page_problems):
    """Open a page in a fresh browser context (one more person, or JavaScript switched off):
    any request leaving the live server is blocked and recorded, and console errors (CSP
    violations among them) fail the test at teardown. Contexts close at the end of the test."""
    contexts = []
    own_host = urlparse(live_server.url).netloc

    def guard(route):
        url = route.request.url
        if urlparse(url).netloc != own_host and not url.startswith("data:"):
            page_problems.foreign_requests.append(url)
            route.abort()
        else:
            route.continue_()

    def record_console(message):
        if message.type == "error":
            page_problems.console_errors.append(message.text)

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", **context_options)
        context.set_default_timeout(10_000)
        context.route("**/*", guard)
        contexts.append(context)
        opened = context.new_page()
        opened.on("console", record_console)
        opened.on("pageerror", lambda error: page_problems.console_errors.append(str(error)))
        return opened

    yield open_page
    for context in contexts:
        context.close()
    page_problems.assert_clean()


@pytest.fixture
def page(new_page):
    """The test's first person, in a fresh guarded browser context."""
    return new_page()


def run_axe(page) -> list[dict]:
    """Run axe-core in the page (through the DevTools protocol, so our CSP stays on).

    A click that navigates returns once the new document has committed, before its stylesheets
    apply: axe would then judge unstyled links (target-size on the skip links, seen in CI). So
    wait for the load event and the fonts first."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [json.dumps(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = run_axe(page)
        assert not violations, "Violations axe-core :\n" + format_violations(violations)

    return check
