from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from .models import User


class SignupForm(AllauthSignupForm):
    """Sign-up by email with the account kind; coordinators get powers only once assigned."""

    kind = forms.ChoiceField(
        label="Vous êtes (obligatoire)",
        choices=User.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Erreur : choisissez le type de compte qui vous correspond.",
            "invalid_choice": "Erreur : ce type de compte n'existe pas. Choisissez-en un dans la liste.",
        },
    )

    field_order = ["kind", "email", "password1", "password2"]

    def save(self, request):
        user = super().save(request)
        user.kind = self.cleaned_data["kind"]
        user.save(update_fields=["kind"])
        return user
