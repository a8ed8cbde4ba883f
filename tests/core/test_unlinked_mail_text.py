"""Text an employer wrote never becomes a link in a peer worker's mail before they answered
(issue 7, item 10)."""

import re

import pytest
from django.template.loader import render_to_string

from directory.contacts.models import ContactRequest
from epop.core.templatetags.plain_text import unlink

# What mail clients turn into links.
LINKABLE = re.compile(r"(?i)(https?://|www\.|\b[a-z0-9-]+\.(fr|com|org|net|io)\b)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Voir www.arnaque.fr", "Voir www[.]arnaque[.]fr"),
        ("https://arnaque.example/offre", "https[:]//arnaque[.]example/offre"),
        ("arnaque.com/inscription", "arnaque[.]com/inscription"),
        ("contact@arnaque.fr", "contact@arnaque[.]fr"),
        ("A.P.F. France handicap", "A.P.F. France handicap"),
        ("Assoc. Les Amis de Lille", "Assoc. Les Amis de Lille"),
    ],
)
def test_unlink(text, expected):
    assert unlink(text) == expected
    assert not LINKABLE.search(unlink(text))


@pytest.mark.parametrize(
    "template", ["contact_new_request.txt", "contact_message.txt", "contact_reminder.txt"]
)
def test_contact_mails_never_link_the_organisation_name(template):
    contact = ContactRequest(
        organisation_name="Cliquez sur www.arnaque.fr ou https://arnaque.example",
        organisation_kind="association",
        intervention_type="sensibilisation",
    )
    body = render_to_string(
        f"directory/emails/{template}",
        {"contact": contact, "thread_url": "", "preferences_url": "", "expires_on": None},
    )
    assert "www[.]arnaque[.]fr" in body
    assert not LINKABLE.search(body)


def test_need_digest_never_links_the_need_title():
    item = {"need": {"title": "Formation, inscription sur arnaque.com"}, "types": "", "url": ""}
    body = render_to_string(
        "directory/emails/need_digest.txt",
        {
            "items": [item],
            "user": None,
            "needs_url": "",
            "preferences_url": "",
            "unsubscribe_url": "",
        },
    )
    assert "arnaque[.]com" in body
    assert "arnaque.com" not in body
