from django import forms

from . import registry
from .preferences import preferences_for


class PreferencesForm(forms.Form):
    """One group of radio buttons per switchable notification type that concerns the user,
    built from the registry. A type missing from the POST keeps its current frequency: a form
    rendered before a new type was registered must not fail or reset anything."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = preferences_for(user)
        for notification_type in registry.types_for(user):
            if not notification_type.switchable:
                continue
            self.fields[notification_type.key] = forms.ChoiceField(
                label=notification_type.label,
                help_text=notification_type.description,
                choices=notification_type.choices,
                initial=current[notification_type.key],
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Choisissez une fréquence.",
                    "invalid_choice": "Choisissez une des fréquences proposées.",
                },
            )

    @property
    def rows(self):
        """(type, bound field or None) in registry order; None for an always-sent type."""
        return [
            (
                notification_type,
                self[key] if (key := notification_type.key) in self.fields else None,
            )
            for notification_type in registry.types_for(self.user)
        ]

    def clean(self):
        # Only what was posted is saved; a missing type keeps its stored or default frequency.
        return {key: value for key, value in super().clean().items() if value}
