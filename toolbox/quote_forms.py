"""Forms of the quote generator: the quote itself and its intervention lines."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from .quote_models import LegalStatus, Quote, QuoteLine, Unit

MAX_LINES = 50
EMPTY_LINES = 3
# Control characters other than tab and line breaks: never meaningful in a quote.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_AMOUNT = Decimal("100000")


def no_control_characters(value):
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError("Ce texte contient des caractères invisibles non autorisés.")


class QuoteForm(forms.ModelForm):
    VAT_CHOICES = [("0", "Pas de TVA (franchise ou non assujetti)"), ("20", "TVA à 20 %")]
    vat_rate = forms.TypedChoiceField(
        label="TVA",
        choices=VAT_CHOICES,
        coerce=Decimal,
        widget=forms.RadioSelect,
        initial="0",
        help_text="En micro-entreprise, sous le seuil de franchise, il n'y a pas de TVA.",
    )

    class Meta:
        model = Quote
        fields = [
            "subject", "legal_status", "structure_name", "issuer_name", "issuer_address", "siret",
            "client_name", "client_address", "client_is_business", "travel_costs", "vat_rate",
            "validity_days", "payment_days", "notes",
        ]  # fmt: skip
        labels = {
            "subject": "Objet du devis",
            "structure_name": "Nom de la structure (portage, ESAT, employeur ou association)",
            "issuer_address": "Votre adresse professionnelle",
            "client_name": "Nom du client",
            "travel_costs": "Frais de déplacement (en euros)",
            "notes": "Remarques (facultatif)",
        }
        help_texts = {
            "subject": "Par exemple : conférence du 12 mars à Amiens.",
            "siret": "14 chiffres, sans espace. Obligatoire en micro-entreprise.",
            "legal_status": "Le statut change les mentions obligatoires du devis et de la facture.",
            "travel_costs": "Écrivez 0 s'il n'y a pas de frais.",
        }
        widgets = {
            "legal_status": forms.RadioSelect,
            "issuer_address": forms.Textarea(attrs={"rows": 3}),
            "client_address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(no_control_characters)
        self.fields["legal_status"].choices = LegalStatus.choices
        self.fields["travel_costs"].min_value = 0
        self.fields["travel_costs"].validators.append(_amount_cap)
        self.fields["validity_days"].validators.append(_days(1, 365))
        self.fields["payment_days"].validators.append(_days(0, 60))
        self.fields["payment_days"].help_text = "60 jours au plus (Code de commerce)."

    def clean_travel_costs(self):
        value = self.cleaned_data["travel_costs"]
        if value is not None and value < 0:
            raise ValidationError("Les frais de déplacement ne peuvent pas être négatifs.")
        return value

    def clean_siret(self):
        value = self.cleaned_data["siret"].replace(" ", "")
        if value and not re.fullmatch(r"\d{14}", value):
            raise ValidationError("Le SIRET compte 14 chiffres.")
        return value

    def clean(self):
        data = super().clean()
        status = data.get("legal_status")
        if status == LegalStatus.MICRO and not data.get("siret"):
            self.add_error("siret", "En micro-entreprise, indiquez votre SIRET.")
        if status and status != LegalStatus.MICRO and not data.get("structure_name"):
            self.add_error("structure_name", "Indiquez le nom de la structure.")
        return data


def _amount_cap(value):
    if value is not None and value > MAX_AMOUNT:
        raise ValidationError("Ce montant semble trop élevé : 100 000 € au plus.")


def _days(low, high):
    def check(value):
        if value is not None and not low <= value <= high:
            raise ValidationError(f"Indiquez un nombre de jours entre {low} et {high}.")

    return check


class QuoteLineForm(forms.ModelForm):
    class Meta:
        model = QuoteLine
        fields = ["description", "unit", "quantity", "unit_price"]
        labels = {"unit_price": "Prix unitaire (en euros)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].validators.append(no_control_characters)
        self.fields["unit"].choices = Unit.choices
        # A blank extra line is ignored; a started line needs all its fields.
        self.empty_permitted = True
        self.use_required_attribute = False

    def clean_quantity(self):
        value = self.cleaned_data.get("quantity")
        if value is not None and (value <= 0 or value > 1000):
            raise ValidationError("La quantité doit être comprise entre 0,01 et 1 000.")
        return value

    def clean_unit_price(self):
        value = self.cleaned_data.get("unit_price")
        if value is not None and value < 0:
            raise ValidationError("Le prix ne peut pas être négatif.")
        _amount_cap(value)
        return value


class BaseLineFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": f"Un devis compte {MAX_LINES} interventions au plus.",
        "too_few_forms": "Ajoutez au moins une intervention.",
    }

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.lines():
            raise ValidationError("Ajoutez au moins une intervention.")

    def lines(self) -> list[dict]:
        return [
            {
                key: form.cleaned_data[key]
                for key in ("description", "unit", "quantity", "unit_price")
            }
            for form in self.forms
            if form.cleaned_data and form.has_changed()
        ]


LineFormSet = forms.formset_factory(
    QuoteLineForm,
    formset=BaseLineFormSet,
    extra=EMPTY_LINES,
    max_num=MAX_LINES,
    validate_max=True,
    absolute_max=MAX_LINES,
)
