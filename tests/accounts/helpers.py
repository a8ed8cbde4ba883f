"""Small readers for the HTML and mail the account flows produce."""

import re
from html.parser import HTMLParser

PASSWORD = "Tournesol-Bleu-2026"


class Page(HTMLParser):
    """Collects the few facts the tests check: elements with their attributes, the title, the
    text of every h1, inline scripts and styles. Enough to avoid a dependency on an HTML library.
    """

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.title = ""
        self.h1: list[str] = []
        self.inline_scripts = 0
        self.style_elements = 0
        self._open: list[str] = []
        self.text_parts: list[str] = []
        self.feed(html)
        self.title = " ".join(self.title.split())
        self.h1 = [" ".join(text.split()) for text in self.h1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "script" and not attributes.get("src"):
            self.inline_scripts += 1
        if tag == "style":
            self.style_elements += 1
        if tag == "h1":
            self.h1.append("")
        if tag not in {"input", "meta", "link", "br", "img", "hr"}:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._open:
            self.title += data
        if "h1" in self._open:
            self.h1[-1] += data
        if "main" in self._open:
            self.text_parts.append(data)

    @property
    def main_text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find_all(self, tag, **attrs) -> list[dict]:
        return [
            attributes
            for name, attributes in self.elements
            if name == tag and all(attributes.get(key) == value for key, value in attrs.items())
        ]

    def find(self, tag, **attrs) -> dict:
        found = self.find_all(tag, **attrs)
        assert found, f"<{tag} {attrs}> absent"
        return found[0]


def page(response) -> Page:
    return Page(response.content.decode())


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)
