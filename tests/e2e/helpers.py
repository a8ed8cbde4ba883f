"""Browser helpers for keyboard, reflow and display-preference checks (accessibility.md §3.4, §3.5).

Plain functions over a Playwright page, so any app's browser tests can reuse them.
"""

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.factories import PASSWORD

LOGIN = "/compte/login/"

# What the focused element looks like: its name and whether a focus ring is drawn. A ring is an
# outline of at least 2 px that is not "none" (our :focus-visible draws 3 px, 5 px in reinforced
# contrast); an element hidden off-screen when focused would also fail the viewport check.
_FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        name: (el.labels?.[0]?.innerText || el.getAttribute("aria-label") || el.innerText
               || el.value || "").trim().replace(/\\s+/g, " "),
        ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                 && box.top < window.innerHeight + window.scrollY,
    };
}"""


def focus_state(page) -> dict | None:
    return page.evaluate(_FOCUS_STATE)


def tab_stops(page, count: int) -> list[dict]:
    """Press Tab ``count`` times from the top of a freshly loaded page; one state per stop."""
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state is None:  # focus left the document: fewer stops than asked
            break
        stops.append(state)
    return stops


def fits_horizontally(page) -> bool:
    """No horizontal scrolling (WCAG 1.4.10 reflow)."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def overflowing_elements(page) -> list[str]:
    """Elements wider than the viewport: what to fix when fits_horizontally() is false."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .slice(0, 10)
                .map(el => el.outerHTML.slice(0, 100));
        }"""
    )


def clipped_elements(page) -> list[str]:
    """Elements whose content is cut off by their own overflow (text spacing, WCAG 1.4.12)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")].filter(el => {
            const s = getComputedStyle(el);
            return [s.overflowX, s.overflowY].some(v => v === "hidden" || v === "clip")
                && !el.matches(".sr-only")
                && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
        }).map(el => el.outerHTML.slice(0, 100))"""
    )


def small_targets(page, selector: str, minimum: int = 44) -> list[str]:
    """Visible controls matched by ``selector`` smaller than ``minimum`` CSS px either way
    (WCAG 2.5.5, our target for this audience). Links inside running text are exempt by the
    criterion itself, so pass selectors for standalone controls only."""
    return page.evaluate(
        """([selector, minimum]) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null)
            .filter(el => {
                const box = el.getBoundingClientRect();
                return box.width < minimum || box.height < minimum;
            })
            .map(el => `${el.outerHTML.slice(0, 80)} (${el.getBoundingClientRect().width}x`
                       + `${el.getBoundingClientRect().height})`)""",
        [selector, minimum],
    )


def set_display_preferences(page, base_url: str, preferences: dict[str, str]) -> None:
    """Store display preferences the way the site does: the first-party « affichage » cookie."""
    value = "|".join(f"{key}:{choice}" for key, choice in preferences.items())
    page.context.add_cookies(
        [{"name": "affichage", "value": value, "url": base_url, "sameSite": "Lax"}]
    )


def clear_display_preferences(page, base_url: str) -> None:
    host = urlparse(base_url).hostname
    page.context.clear_cookies(name="affichage", domain=host)


def log_in(page, email: str) -> None:
    """Sign in through the real login form; the dashboard « Mon espace » opens."""
    page.goto(LOGIN)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_title("Mon espace – EPoP")
