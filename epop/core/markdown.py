"""Markdown written by people (toolbox resources, legal-guide pages, forum posts) as safe HTML.

One way to do it for the whole site: CommonMark through markdown-it-py with raw HTML switched
off, then nh3 (the Ammonia sanitiser) as the last word on what may reach a page. The parser
already refuses HTML; the sanitiser is the guarantee, so a parser option changed by mistake
cannot open a hole.
"""

from functools import cache
from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# What Markdown can produce and a page may show. No images: a picture from another host would
# leak the reader's address to it, and uploaded images are shown by their own templates.
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
        "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Links written by members (forum) tell search engines nothing about us; staff content keeps
# ordinary links. noopener everywhere.
STAFF_REL = "noopener"
MEMBER_REL = "nofollow ugc noopener"


@cache
def _parser() -> MarkdownIt:
    # "commonmark" with html disabled: <script> is shown as text, never parsed as a tag.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _shift_headings(tokens, top_level: int) -> None:
    """A Markdown « # Titre » becomes a heading of ``top_level`` (h2 by default): the page
    around the text owns its only h1, and nesting stays without gaps."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + top_level - 1, 6)
            token.tag = f"h{level}"


def render_markdown(text: str, *, top_level: int = 2, members: bool = False) -> SafeString:
    """Render ``text`` to sanitised HTML. ``members`` marks user-generated content (forum):
    its links get ``rel="nofollow ugc noopener"``."""
    parser = _parser()
    tokens = parser.parse(text or "")
    _shift_headings(tokens, top_level)
    html = parser.renderer.render(tokens, parser.options, {})
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=MEMBER_REL if members else STAFF_REL,
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def markdown_to_text(text: str) -> str:
    """The words of a Markdown text without its markup: for search vectors, excerpts and the
    plain-text part of mails."""
    return unescape(nh3.clean(str(render_markdown(text)), tags=set())).strip()
