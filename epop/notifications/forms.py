from django import forms

from . import registry
from .preferences import preferences_for


class PreferencesForm(forms.Form):
    """One group of radio buttons per switchable notification type, built from the registry."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = preferences_for(user)
        for notification_type in registry.all_types():
            if not notification_type.switchable:
                continue
            self.fields[notification_type.key] = forms.ChoiceField(
                label=notification_type.label,
                help_text=notification_type.description,
                choices=notification_type.choices,
                initial=current[notification_type.key],
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
            for notification_type in registry.all_types()
        ]
