"""What the forum reads in a post's text: @mentions, links, quotes."""

import re

from epop.core.markdown import render_markdown

MENTION_PATTERN = re.compile(r"(?<![\w@])@([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)\b")
# A link is written as an address, a Markdown link or an autolink.
LINK_PATTERN = re.compile(r"(https?://|www\.|\]\(|<[a-z]+:)", re.IGNORECASE)
MAX_MENTIONS = 20


def mentioned_handles(text: str) -> list[str]:
    seen = []
    for handle in MENTION_PATTERN.findall(text.lower()):
        if handle not in seen:
            seen.append(handle)
    return seen[:MAX_MENTIONS]


def has_link(text: str) -> bool:
    return bool(LINK_PATTERN.search(text))


def quote(body: str, handle: str) -> str:
    """A Markdown quote of a post, for the reply form."""
    lines = body.strip().splitlines()[:40]
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    return f"@{handle} a écrit :\n\n{quoted}\n\n"


def post_html(body: str) -> str:
    """A post's body as the sanitised HTML shown in its topic (headings from h3): stored in
    ``Post.body_html`` when the post is written, so that no page renders Markdown per request.
    The only way to produce it: ``epop.core.markdown`` (markdown-it + nh3, members' links)."""
    return str(render_markdown(body, top_level=3, members=True))
