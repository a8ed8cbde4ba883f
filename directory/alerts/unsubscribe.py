"""Unsubscribing (RFC 8058 one-click): tokens are signed with `django.core.signing` and the salt
UNSUBSCRIBE_SALT; they never expire (a mail read months later must still work) and only ever
switch mail off. Three scopes:

- per alert (links in the body): switches that alert's mails off;
- per employer (the `List-Unsubscribe` header of alert mails, and « toutes mes alertes »):
  switches off every alert of that employer;
- per peer worker (the header of needs mails): sets their « besoins.nouveaux » preference to never.
"""

import logging
from dataclasses import dataclass

from django.core import signing

from directory.profiles.notifications import absolute_url
from epop.accounts.models import User
from epop.notifications.registry import Frequency
from epop.notifications.services import save_preferences

from .models import (
    Alert,
    Digest,
)
from .notifications import NEEDS_KEY

logger = logging.getLogger(__name__)


UNSUBSCRIBE_SALT = "directory.alertes.desabonnement"

# --- Unsubscribing ------------------------------------------------------------------------------


def unsubscribe_token(user_id: int, *, alert_id: int | None = None, scope=Digest.Kind.ALERTS):
    payload = {"u": user_id, "s": str(scope)}
    if alert_id is not None:
        payload["a"] = alert_id
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(token: str) -> str:
    return absolute_url("directory:alert_unsubscribe", token)


@dataclass(frozen=True)
class Unsubscription:
    """What a valid token switches off. `alert` is None for « every alert » and for needs; a
    token for an alert deleted since is valid and has nothing left to do (`gone`)."""

    user: User
    scope: str
    alert: Alert | None = None
    gone: bool = False


def read_unsubscribe_token(token: str) -> Unsubscription | None:
    """None for a forged, tampered or malformed token, or an account that no longer exists."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    scope = payload.get("s")
    if scope not in Digest.Kind.values:
        return None
    user = User.objects.filter(pk=payload["u"]).first()
    if user is None:
        return None
    alert_id = payload.get("a")
    if alert_id is None:
        return Unsubscription(user=user, scope=scope)
    if scope != Digest.Kind.ALERTS or not isinstance(alert_id, int):
        return None
    alert = Alert.objects.select_related("commune").filter(pk=alert_id, owner=user).first()
    return Unsubscription(user=user, scope=scope, alert=alert, gone=alert is None)


def unsubscribe(unsubscription: Unsubscription) -> None:
    """Switch the mail off. Idempotent: a second click changes nothing more."""
    if unsubscription.scope == Digest.Kind.NEEDS:
        save_preferences(unsubscription.user, {NEEDS_KEY: Frequency.NEVER})
    elif unsubscription.alert is not None:
        Alert.objects.filter(pk=unsubscription.alert.pk).update(active=False)
    elif not unsubscription.gone:
        Alert.objects.filter(owner=unsubscription.user).update(active=False)
