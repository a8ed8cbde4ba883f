"""`{% load plain_text %}{{ value|unlinked }}`: text written by someone else, shown in a plain-text
mail, that no mail client may turn into a link (issue 7, item 10).

On the site, what an employer writes is never a link before the peer worker has answered. Mail
clients, though, make a link of anything that looks like an address (« www.exemple.fr »,
« exemple.fr/offre », « https://… »). Such text is shown « defanged »: the dots of a host name
become « [.] » and « :// » becomes « [:]// », which every reader still understands and no client
links. Names without a host-like part (« A.P.F. France », « Assoc. Les Amis ») stay as written.
"""

import re

from django import template

register = template.Library()

_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(//)")
# A host name: labels joined by dots, ending with a label of at least two letters.
_HOST = re.compile(r"(?i)\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b")


def unlink(text) -> str:
    text = "" if text is None else str(text)
    text = _SCHEME.sub(r"\1[:]\2", text)
    return _HOST.sub(lambda match: match.group(0).replace(".", "[.]"), text)


@register.filter
def unlinked(value) -> str:
    return unlink(value)
