"""Template helpers of the contact requests: message text and the profile's call to action."""

import re

from django import template
from django.urls import reverse
from django.utils.html import escape, urlize
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from directory.contacts import eligibility as contact_eligibility

register = template.Library()

_PARAGRAPHS = re.compile(r"\n{2,}")


@register.filter
def contact_text(text, clickable=False):
    """A message as HTML: always escaped; links become clickable (rel="nofollow noopener") only
    once the peer worker has answered, so a first message cannot push a link at them."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if clickable:
        # urlize escapes the text itself; the only rel attributes left are the ones it wrote.
        html = urlize(text, nofollow=True, autoescape=True)
        html = html.replace('rel="nofollow"', 'rel="nofollow noopener"')
    else:
        html = escape(text)
    paragraphs = [part.replace("\n", "<br>") for part in _PARAGRAPHS.split(html) if part]
    return mark_safe("".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))  # noqa: S308


@register.simple_tag(takes_context=True)
def contact_call(context, profile):
    """What the viewer of a public profile may do to contact this person: the state from
    `contact_eligibility.call_state` plus the links the template needs."""

    request = context.get("request")
    user = getattr(request, "user", None)
    state = contact_eligibility.call_state(user, profile)
    form_url = reverse("directory:contact_request", args=[profile.pk])
    return {
        "code": state.code,
        "message": state.message,
        "url": form_url,
        "own_profile": getattr(user, "pk", None) == profile.profile.user_id,
        "login_url": reverse("account_login") + "?" + urlencode({"next": form_url}),
        "signup_url": reverse("account_signup") + "?" + urlencode({"next": form_url}),
        "organisation_url": reverse("accounts:organisation") + "?" + urlencode({"next": form_url}),
    }
