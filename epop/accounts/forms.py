"""Account forms. allauth does the work; we add the account kind and plain French wording."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext

from .models import Organisation, User, siret_is_valid

# What each kind means, shown under its radio button. Coordination is open to anyone at sign-up
# because the teams change over time; its powers come only from regions assigned by the national
# team, so saying it here avoids a surprise after sign-up.
KIND_DESCRIPTIONS = {
    User.Kind.PEER_WORKER: (
        "Vous avez fait de votre expérience du handicap un savoir que vous transmettez. "
        "Vous pourrez créer votre profil dans l'annuaire."
    ),
    User.Kind.EMPLOYER: (
        "Vous cherchez un·e intervenant·e-pair pour une structure, une entreprise, une "
        "collectivité, une école, ou pour vous-même ou un proche."
    ),
    User.Kind.COORDINATOR: (
        "Vous faites partie d'une équipe de coordination EPoP, nationale ou régionale. Votre "
        "compte n'aura aucun droit de coordination tant que l'équipe nationale ne vous aura pas "
        "attribué de région."
    ),
}


class KindRadioSelect(forms.RadioSelect):
    """Radio buttons with a short explanation under each label, tied to the input through
    ``aria-describedby`` so screen readers read it with the choice."""

    template_name = "accounts/widgets/kind_radio.html"
    option_template_name = "accounts/widgets/kind_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        description = KIND_DESCRIPTIONS.get(value, "")
        option["description"] = description
        if description and option["attrs"].get("id"):
            description_id = f"{option['attrs']['id']}_description"
            option["description_id"] = description_id
            option["attrs"]["aria-describedby"] = description_id
        return option


class SignupForm(AllauthSignupForm):
    """Sign-up by email with the account kind; coordinators get powers only once assigned.

    Messages never start with « Erreur : »: the field and summary templates add that prefix.
    """

    kind = forms.ChoiceField(
        label="Vous êtes",
        choices=User.Kind.choices,
        widget=KindRadioSelect,
        error_messages={
            "required": "choisissez le type de compte qui vous correspond.",
            "invalid_choice": (
                "ce type de compte n'existe pas. Choisissez l'un des trois types proposés."
            ),
        },
    )

    field_order = ["kind", "email", "password1", "password2"]

    def try_save(self, request):
        # An existing address skips the account creation, hence the password hashing (about half
        # a second with the production hasher): that difference told who has an account, and an
        # account here implies a disability (issue 7, item 4; decision 0004). Do the same work:
        # hash the password once, as a real sign-up does. Both paths then write one mail to the
        # outbox and answer the same page.
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Adresse e-mail"
        email.help_text = (
            "Exemple : prenom.nom@exemple.fr. Nous vous enverrons un message à cette adresse "
            "pour la vérifier."
        )
        email.error_messages.update(
            required="indiquez votre adresse e-mail, par exemple prenom.nom@exemple.fr.",
            invalid=(
                "indiquez une adresse e-mail complète, avec un @, par exemple "
                "prenom.nom@exemple.fr."
            ),
        )
        self.fields["password1"].label = "Mot de passe"
        self.fields["password1"].error_messages["required"] = (
            "choisissez un mot de passe d'au moins 10 caractères."
        )
        if "password2" in self.fields:
            self.fields["password2"].label = "Confirmez le mot de passe"
            self.fields["password2"].help_text = "Tapez à nouveau le même mot de passe."
            self.fields["password2"].error_messages["required"] = (
                "tapez à nouveau votre mot de passe pour le confirmer."
            )
        for field in self.fields.values():
            # A placeholder repeating the label is noise for screen readers and vanishes
            # while typing; the label and help text stay visible instead.
            field.widget.attrs.pop("placeholder", None)

    def add_error(self, field, error):
        # allauth words the password mismatch as a reproach; say what to do instead.
        if field == "password2" and str(error) == gettext(
            "You must type the same password each time."
        ):
            error = "les deux mots de passe sont différents. Tapez deux fois le même mot de passe."
        super().add_error(field, error)


class OrganisationForm(forms.ModelForm):
    """The employer's organisation, filled once and attached to every contact request."""

    # Wider than the model field: people paste « 732 829 320 00074 »; clean_siret keeps digits.
    siret = forms.CharField(
        label="Numéro SIRET",
        required=False,
        max_length=20,
        help_text=(
            "Facultatif. 14 chiffres, espaces permis. Exemple : 732 829 320 00074. Il aide "
            "l'intervenant·e-pair à préparer un devis ou une facture."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"max_length": "un numéro SIRET compte 14 chiffres."},
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "siret"]
        labels = {"name": "Nom de la structure", "kind": "Type de structure"}
        help_texts = {
            "name": (
                "Exemple : Foyer de vie Les Glycines. Pour un particulier ou une famille, "
                "par exemple : Famille Martin."
            ),
            "kind": "Choisissez le type le plus proche.",
        }
        error_messages = {
            "name": {
                "required": "indiquez le nom de votre structure, par exemple Foyer de vie Les "
                "Glycines.",
                "max_length": "ce nom est trop long : 200 caractères au plus.",
            },
            "kind": {"required": "choisissez le type de votre structure dans la liste."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [("", "Choisissez dans la liste"), *kind.choices[1:]]

    def clean_siret(self):
        # People copy SIRETs from invoices with spaces or dots: keep the digits only.
        value = "".join(self.cleaned_data.get("siret", "").replace(".", " ").split())
        if not value:
            return ""
        if not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(
                "un numéro SIRET ne contient que des chiffres, par exemple 732 829 320 00074."
            )
        if len(value) != 14:
            raise forms.ValidationError(
                f"un numéro SIRET compte 14 chiffres ; vous en avez saisi {len(value)}. "
                "Exemple : 732 829 320 00074."
            )
        if not siret_is_valid(value):
            raise forms.ValidationError(
                "ce numéro SIRET n'existe pas : un chiffre est sans doute mal recopié. "
                "Vérifiez-le sur une facture ou sur l'avis de situation INSEE, ou laissez ce "
                "champ vide."
            )
        return value
