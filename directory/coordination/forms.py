"""Forms of the coordination dashboard: the first exchange of the recruitment path and the
decision on a submitted profile. They only validate input; the services write."""

from django import forms
from django.utils import timezone

from directory.profiles import choices

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class FirstExchangeForm(forms.Form):
    """Step 2 of the recruitment path (domain.md §1.5): the date and the outcome of the first
    conversation, and the training situation the coordinators noted (step 4)."""

    first_exchange_on = forms.DateField(
        label="Date du premier échange",
        help_text="Exemple : 12/03/2026. Le jour où vous avez parlé avec la personne.",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"autocomplete": "off"}),
        error_messages={
            "required": "indiquez la date de l'échange, par exemple 12/03/2026.",
            "invalid": "écrivez la date sous la forme jour/mois/année, par exemple 12/03/2026.",
        },
    )
    first_exchange_notes = forms.CharField(
        label="Résultat de l'échange",
        help_text=(
            "Visible seulement par les équipes de coordination, jamais publié. Notez le résultat "
            "(par exemple : « projet clair, joignable par téléphone, souhaite former des "
            "équipes »), pas ce que la personne a dit de sa santé ou de son handicap."
        ),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": "raccourcissez le texte à 3 000 caractères au plus "
            "(il en compte %(show_value)d)."
        },
    )
    training_status = forms.ChoiceField(
        label="Situation de formation",
        help_text=(
            "Ce que vous avez constaté avec la personne. C'est une étape à suivre, pas une "
            "condition de diplôme."
        ),
        choices=choices.Training.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "choisissez la situation de formation de la personne.",
            "invalid_choice": "choisissez une des situations proposées.",
        },
    )

    def clean_first_exchange_on(self):
        date = self.cleaned_data["first_exchange_on"]
        if date > timezone.localdate():
            raise forms.ValidationError(
                "la date ne peut pas être dans le futur : indiquez le jour où l'échange a eu "
                "lieu, par exemple %(example)s.",
                code="future",
                params={"example": timezone.localdate().strftime("%d/%m/%Y")},
            )
        return date


class DecisionForm(forms.Form):
    VALIDATE = "valider"
    CHANGES = "modifications"
    REFUSE = "refuser"

    decision = forms.ChoiceField(
        label="Votre décision",
        choices=[
            (VALIDATE, "Valider : le profil est publié dans l'annuaire"),
            (CHANGES, "Demander des modifications à la personne"),
            (REFUSE, "Refuser le profil"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "choisissez une décision.",
            "invalid_choice": "choisissez une des décisions proposées.",
        },
    )
    # The version reviewed (directory/review_version.py): a changed profile is never decided on.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    message = forms.CharField(
        label="Message à la personne",
        help_text=(
            "Obligatoire pour demander des modifications ou pour refuser : la personne le "
            "reçoit par e-mail. Dites ce qu'il faut changer, ou pourquoi le profil ne peut pas "
            "être publié, sans jugement sur son parcours ni sur sa santé."
        ),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": "raccourcissez le message à 3 000 caractères au plus "
            "(il en compte %(show_value)d)."
        },
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        message = (cleaned.get("message") or "").strip()
        if decision == self.CHANGES and not message:
            self.add_error(
                "message",
                "écrivez à la personne ce qu'elle doit modifier : elle recevra ce message.",
            )
        elif decision == self.REFUSE and not message:
            self.add_error(
                "message",
                "écrivez à la personne pourquoi son profil est refusé : elle recevra ce message.",
            )
        cleaned["message"] = message
        return cleaned
