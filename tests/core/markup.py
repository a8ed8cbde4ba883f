"""Read a rendered page the way the skeleton checks need it, with the standard library parser:
what a regular expression would miss (attributes in any order, nesting) matters here."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Link:
    href: str
    text: str = ""


@dataclass
class Page:
    lang: str | None = None
    title: str = ""
    h1: list[str] = field(default_factory=list)
    skip_links: list[Link] = field(default_factory=list)
    inline_scripts: int = 0
    script_sources: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)
    style_elements: int = 0
    ids: list[str] = field(default_factory=list)
    # tag name -> ids, for the landmarks the skip links point to
    landmarks: dict[str, list[str]] = field(default_factory=dict)
    html_attributes: dict[str, str | None] = field(default_factory=dict)
    status_texts: list[str] = field(default_factory=list)

    @property
    def duplicate_ids(self) -> set[str]:
        return {i for i in self.ids if self.ids.count(i) > 1}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[str] = []
        self._in_title = False
        self._h1: list[str] | None = None
        self._skip_nav_depth: int | None = None
        self._link: Link | None = None
        self._status_depth: int | None = None
        self._status_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        page = self.page
        if tag == "html":
            page.lang = attributes.get("lang")
            page.html_attributes = attributes
        if "style" in attributes:
            page.style_attributes.append(f"<{tag} style={attributes['style']!r}>")
        if "id" in attributes:
            page.ids.append(attributes["id"])
            page.landmarks.setdefault(tag, []).append(attributes["id"])
        if tag == "script":
            if attributes.get("src"):
                page.script_sources.append(attributes["src"])
            else:
                page.inline_scripts += 1
        elif tag == "style":
            page.style_elements += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self._h1 = []
        elif tag == "nav" and "skip-links" in (attributes.get("class") or "").split():
            self._skip_nav_depth = len(self._stack)
        elif tag == "a" and self._skip_nav_depth is not None:
            self._link = Link(attributes.get("href") or "")
        if attributes.get("role") == "status" and self._status_depth is None:
            self._status_depth = len(self._stack)
            self._status_text = []
        if tag not in VOID_ELEMENTS:
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if tag == "title":
            self._in_title = False
        elif tag == "h1" and self._h1 is not None:
            self.page.h1.append(" ".join("".join(self._h1).split()))
            self._h1 = None
        elif tag == "a" and self._link is not None:
            self._link.text = " ".join(self._link.text.split())
            self.page.skip_links.append(self._link)
            self._link = None
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if self._skip_nav_depth is not None and len(self._stack) <= self._skip_nav_depth:
            self._skip_nav_depth = None
        if self._status_depth is not None and len(self._stack) <= self._status_depth:
            self.page.status_texts.append(" ".join("".join(self._status_text).split()))
            self._status_depth = None

    def handle_data(self, data):
        if self._in_title:
            self.page.title += data
        if self._h1 is not None:
            self._h1.append(data)
        if self._link is not None:
            self._link.text += data
        if self._status_depth is not None:
            self._status_text.append(data)


VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def parse(content: bytes | str) -> Page:
    parser = _Parser()
    parser.feed(content.decode() if isinstance(content, bytes) else content)
    parser.close()
    parser.page.title = " ".join(parser.page.title.split())
    return parser.page
