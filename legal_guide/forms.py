"""The simulator's form. Amounts are capped to plausible monthly figures: a typo (an extra zero)
gets a clear message instead of a meaningless estimate."""

from decimal import Decimal

from django import forms

from .simulator.simulation import Situation

BENEFITS = [
    ("aah", "L'AAH seulement"),
    ("invalidite", "Une pension d'invalidité seulement"),
    ("aah_invalidite", "L'AAH et une pension d'invalidité"),
    ("aucune", "Aucune des deux"),
]
CATEGORIES = [
    ("1", "Catégorie 1 : je peux travailler"),
    ("2", "Catégorie 2 : je ne peux plus travailler, en principe"),
    ("3", "Catégorie 3 : j'ai besoin d'une tierce personne"),
]
RATES = [("80", "80 % ou plus"), ("50", "Entre 50 et 79 %")]
HOUSEHOLDS = [("seul", "Je vis seul·e"), ("couple", "Je vis en couple")]
YES_NO = [("oui", "Oui"), ("non", "Non")]
ACTIVITIES = [
    ("salarie", "Salarié·e : je donne mon salaire net par mois"),
    ("micro_bnc", "Micro-entreprise, prestations intellectuelles (BNC) : mon chiffre d'affaires"),
    ("micro_bic_services", "Micro-entreprise, autres services (BIC) : mon chiffre d'affaires"),
    ("micro_vente", "Micro-entreprise, vente de marchandises : mon chiffre d'affaires"),
]


def _amount(label, help_text, maximum, required=True, minimum=Decimal(0)):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=minimum,
        max_value=Decimal(maximum),
        max_digits=9,
        decimal_places=2,
        localize=True,
        error_messages={
            "required": "Indiquez un montant en euros.",
            "invalid": "Écrivez un nombre, par exemple 900 ou 900,50.",
            "min_value": "Le montant ne peut pas être négatif.",
            "max_value": f"Le montant dépasse {maximum} € : vérifiez qu'il est bien mensuel.",
            "max_digits": "Ce nombre est trop long.",
            "max_decimal_places": "Pas plus de deux chiffres après la virgule.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _choice(label, choices, help_text="", required=True):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        required=required,
        error_messages={
            "required": "Choisissez une réponse.",
            "invalid_choice": "Cette réponse n'existe pas : choisissez une des réponses proposées.",
        },
    )


class SimulatorForm(forms.Form):
    prestation = _choice("Ce que vous touchez aujourd'hui", BENEFITS)
    taux = _choice(
        "Votre taux d'incapacité",
        RATES,
        "Seulement si vous touchez l'AAH. Il est écrit sur la décision de la MDPH.",
        required=False,
    )
    pension = _amount(
        "Votre pension d'invalidité, en euros par mois",
        "Seulement si vous touchez une pension d'invalidité.",
        5000,
        required=False,
    )
    categorie = _choice(
        "La catégorie de votre pension d'invalidité",
        CATEGORIES,
        "Seulement si vous touchez une pension d'invalidité. Elle est écrite sur la décision "
        "de votre caisse.",
        required=False,
    )
    seuil = _amount(
        "Le seuil de votre pension, en euros par an",
        "Seulement avec une pension d'invalidité. Votre CPAM peut vous le donner. Sinon, "
        "indiquez votre salaire brut de l'année avant l'invalidité.",
        200000,
        required=False,
    )
    foyer = _choice("Votre foyer", HOUSEHOLDS)
    revenu_conjoint = _amount(
        "Les revenus de votre conjoint·e, en euros nets par mois",
        "Seulement si vous vivez en couple. Ils ne changent pas l'AAH, mais la prime d'activité.",
        20000,
        required=False,
    )
    enfants = forms.IntegerField(
        label="Nombre d'enfants à charge",
        help_text="Laissez vide si vous n'avez pas d'enfant à charge.",
        required=False,
        min_value=0,
        max_value=8,
        error_messages={
            "required": "Indiquez un nombre d'enfants, 0 si vous n'en avez pas.",
            "invalid": "Écrivez un nombre entier, par exemple 0 ou 2.",
            "min_value": "Le nombre d'enfants ne peut pas être négatif.",
            "max_value": "Le simulateur compte jusqu'à 8 enfants.",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    aide_logement = _choice("Touchez-vous une aide au logement ?", YES_NO)
    activite = _choice("L'activité prévue", ACTIVITIES)
    montant = _amount(
        "Le montant prévu, en euros par mois",
        "Le salaire net par mois, ou le chiffre d'affaires par mois en micro-entreprise.",
        20000,
        minimum=Decimal("0.01"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["montant"].error_messages["min_value"] = "Indiquez un montant supérieur à 0 €."

    def clean(self):
        cleaned = super().clean()
        benefit = cleaned.get("prestation")
        if benefit in ("aah", "aah_invalidite") and not cleaned.get("taux"):
            self.add_error("taux", "Avec l'AAH, choisissez votre taux d'incapacité.")
        if benefit in ("invalidite", "aah_invalidite"):
            if not cleaned.get("pension"):
                self.add_error("pension", "Indiquez le montant de votre pension par mois.")
            if not cleaned.get("categorie"):
                self.add_error("categorie", "Choisissez la catégorie de votre pension.")
            if not cleaned.get("seuil"):
                self.add_error("seuil", "Indiquez le seuil de votre pension par an.")
        return cleaned

    def situation(self) -> Situation:
        data = self.cleaned_data
        with_pension = data["prestation"] in ("invalidite", "aah_invalidite")
        return Situation(
            activity=data["activite"],
            amount=data["montant"],
            aah=data["prestation"] in ("aah", "aah_invalidite"),
            incapacity_80=data.get("taux") != "50",
            pension=data["pension"] if with_pension else Decimal(0),
            pension_threshold=data["seuil"] if with_pension else Decimal(0),
            partner_income=(data.get("revenu_conjoint") or Decimal(0))
            if data["foyer"] == "couple"
            else None,
            children=data.get("enfants") or 0,
            housing_aid=data["aide_logement"] == "oui",
        )
