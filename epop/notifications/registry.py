"""The notification types the platform can send, declared by the features that send them.

A feature registers its types once, in a `notifications.py` module of the app, which
NotificationsConfig.ready() imports (autodiscovery, like the admin's `admin.py`):

    from epop.notifications.registry import Frequency, NotificationType, register

    register(NotificationType(
        key="forum.reponse",
        label="Réponses à mes sujets",
        description="Un message quand quelqu'un répond à un sujet que vous suivez.",
        default=Frequency.IMMEDIATE,
    ))

The preferences page lists every registered type, and `preferences.wants(user, key)` tells the
feature whether to send. Types live in code, not in the database: a type is only meaningful
together with the code that sends it.

This module imports no model, so an AppConfig can import it before the app registry is ready.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import TextChoices


class Frequency(TextChoices):
    """How often a user wants a kind of notification. Labels are what the preferences page shows."""

    IMMEDIATE = "immediate", "Immédiatement"
    DAILY = "daily", "Un résumé par jour"
    WEEKLY = "weekly", "Un résumé par semaine"
    NEVER = "never", "Jamais"


# "app.sujet": lowercase ASCII words separated by dots, so keys are stable in the database and
# usable as form field names.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


@dataclass(frozen=True)
class NotificationType:
    key: str
    label: str
    description: str
    frequencies: tuple[str, ...] = tuple(Frequency.values)
    default: str = Frequency.IMMEDIATE
    # False only for messages the account cannot work without (security, legal). The page shows
    # them as always sent, with `always_sent_reason` telling the user why.
    switchable: bool = True
    always_sent_reason: str = ""
    # The account kinds (User.Kind values) this type concerns; empty means every account. The
    # preferences page only shows a person the types that can reach them.
    audiences: tuple[str, ...] = ()

    def __post_init__(self):
        problems = []
        if not KEY_PATTERN.match(self.key):
            problems.append("key must look like 'app.subject' (lowercase, dots)")
        unknown = set(self.frequencies) - set(Frequency.values)
        if unknown:
            problems.append(f"unknown frequencies {sorted(unknown)}")
        if self.default not in self.frequencies:
            problems.append("the default frequency must be one of the allowed frequencies")
        if self.switchable:
            # The architecture promises an off switch for every notification.
            if Frequency.NEVER not in self.frequencies:
                problems.append("a switchable type must allow Frequency.NEVER")
        else:
            if tuple(self.frequencies) != (self.default,) or self.default == Frequency.NEVER:
                problems.append("an always-sent type allows exactly one frequency, not NEVER")
            if not self.always_sent_reason:
                problems.append("an always-sent type must explain why (always_sent_reason)")
        if problems:
            raise ImproperlyConfigured(f"Notification type {self.key!r}: {'; '.join(problems)}.")
        # Keep tuples even if lists were passed, so the dataclass stays hashable and frozen.
        object.__setattr__(self, "frequencies", tuple(self.frequencies))
        object.__setattr__(self, "audiences", tuple(self.audiences))

    def concerns(self, user) -> bool:
        return not self.audiences or getattr(user, "kind", None) in self.audiences

    @property
    def choices(self):
        return [(value, Frequency(value).label) for value in self.frequencies]


_types: dict[str, NotificationType] = {}


def register(notification_type: NotificationType) -> NotificationType:
    existing = _types.get(notification_type.key)
    if existing is not None and existing != notification_type:
        raise ImproperlyConfigured(
            f"Notification type {notification_type.key!r} is already registered differently."
        )
    _types[notification_type.key] = notification_type
    return notification_type


def get(key: str) -> NotificationType:
    try:
        return _types[key]
    except KeyError:
        # A typo in a feature's key must fail loudly, not silently fall back to a default.
        raise LookupError(f"Unknown notification type {key!r}.") from None


def all_types() -> list[NotificationType]:
    """Registered types, in registration order (the order of the preferences page)."""
    return list(_types.values())


def types_for(user) -> list[NotificationType]:
    """The registered types that can reach this user, in registration order."""
    return [
        notification_type
        for notification_type in _types.values()
        if notification_type.concerns(user)
    ]


ACCOUNT_SECURITY = register(
    NotificationType(
        key="compte.securite",
        label="Messages de sécurité du compte",
        description=(
            "La confirmation de votre adresse e-mail et le lien pour choisir un nouveau "
            "mot de passe."
        ),
        frequencies=(Frequency.IMMEDIATE,),
        default=Frequency.IMMEDIATE,
        switchable=False,
        always_sent_reason=(
            "Ces messages sont toujours envoyés tout de suite. Ils protègent votre compte : "
            "sans eux, vous ne pourriez pas confirmer votre adresse ni retrouver l'accès à "
            "votre compte."
        ),
    )
)
