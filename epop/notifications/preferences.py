"""Reading notification preferences: what a feature asks before it sends.

    from epop.notifications.preferences import preference_for, wants

    if wants(user, "forum.reponse"):
        ...

A user without a stored choice gets the type's default; an always-sent type ignores any row.
"""

from . import registry
from .models import NotificationPreference
from .registry import Frequency


def preference_for(user, key: str) -> str:
    """The user's frequency for one notification type (a Frequency value)."""
    notification_type = registry.get(key)
    if not notification_type.switchable or getattr(user, "pk", None) is None:
        return notification_type.default
    stored = (
        NotificationPreference.objects.filter(user=user, key=key)
        .values_list("frequency", flat=True)
        .first()
    )
    # A stored value the type no longer allows (its frequencies changed since) falls back.
    return stored if stored in notification_type.frequencies else notification_type.default


def preferences_for(user) -> dict[str, str]:
    """Every registered type's frequency for this user, in one query."""
    stored = {}
    if getattr(user, "pk", None) is not None:
        stored = dict(
            NotificationPreference.objects.filter(user=user).values_list("key", "frequency")
        )
    result = {}
    for notification_type in registry.all_types():
        value = stored.get(notification_type.key) if notification_type.switchable else None
        result[notification_type.key] = (
            value if value in notification_type.frequencies else notification_type.default
        )
    return result


def wants(user, key: str) -> bool:
    """Whether the user receives this type at all (immediately or in a digest)."""
    return preference_for(user, key) != Frequency.NEVER
