"""Forum forms: input validation only (lengths, characters, mentions); rules live in services.

Messages never start with « Erreur : »: the field and summary templates add that prefix."""

import re

from django import forms
from django.core.exceptions import ValidationError

from .attachments import ACCEPT, clean_upload
from .models import POST_MAX_CHARS, TITLE_MAX_CHARS, Category, Report
from .moderation import MAX_SUSPENSION_DAYS
from .services import unknown_mentions

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TOO_LONG = (
    "ce texte est trop long : %(limit_value)d caractères au plus (il en compte "
    "%(show_value)d). Raccourcissez-le ou découpez-le en plusieurs messages."
)


def no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value or ""):
        raise ValidationError(
            "ce texte contient des caractères invisibles non autorisés. Retapez-le ou collez-le "
            "depuis un autre logiciel."
        )


def text_field(label, max_length, *, required=True, widget=None, help_text="", missing=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        help_text=help_text,
        validators=[no_control_characters],
        error_messages={
            "required": missing or f"écrivez {label[0].lower() + label[1:]}.",
            "max_length": TOO_LONG,
        },
    )


BODY_HELP = (
    "Mise en forme possible en Markdown : **gras**, *italique*, listes avec « - », citations avec "
    "« > ». Pour mentionner un·e membre, écrivez son pseudo précédé d'une arobase, par exemple "
    "@camille-d. Ne donnez aucun détail qui permette de reconnaître une personne accompagnée."
)


def body_widget():
    return forms.Textarea(attrs={"rows": 10, "data-markdown-editor": "members"})


class PostForm(forms.Form):
    body = text_field("Votre message", POST_MAX_CHARS, widget=body_widget(), help_text=BODY_HELP)
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachment = forms.FileField(
        label="Pièce jointe",
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=(
            "Facultatif. Une image (JPEG, PNG, WebP, GIF) ou un PDF, 5 Mo au plus. Les "
            "informations cachées des photos (lieu, appareil) sont retirées."
        ),
        error_messages={"invalid": "ce fichier n'a pas pu être lu. Choisissez-le à nouveau."},
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        return clean_upload(upload) if upload else None

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError("écrivez votre message.")
        unknown = unknown_mentions(body)
        if unknown:
            names = ", ".join(f"@{handle}" for handle in unknown)
            raise ValidationError(
                f"{names} ne correspond à aucun membre du forum. Vérifiez le pseudo, ou retirez "
                "l'arobase si vous ne voulez mentionner personne."
            )
        return body


class TopicForm(PostForm):
    title = text_field(
        "Titre du sujet",
        TITLE_MAX_CHARS,
        help_text="Une phrase courte qui dit de quoi vous voulez parler.",
        missing="écrivez le titre du sujet.",
    )
    field_order = ["title", "body"]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise ValidationError("écrivez un titre d'au moins 5 caractères.")
        return title


class EditForm(PostForm):
    title = text_field("Titre du sujet", TITLE_MAX_CHARS, required=False)
    field_order = ["title", "body"]


class CharterForm(forms.Form):
    accept = forms.BooleanField(
        label="J'ai lu la charte du forum et je m'engage à la respecter",
        error_messages={"required": "cochez la case pour accepter la charte."},
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Pourquoi signalez-vous ce message ?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "choisissez une raison."},
    )
    text = text_field(
        "Précisions",
        2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Facultatif. Ce que la modération doit savoir. Seul·es les modérateur·rices le liront."
        ),
    )


class ReasonForm(forms.Form):
    reason = text_field(
        "Motif",
        500,
        missing="écrivez le motif.",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Il est montré à l'auteur·rice du message et aux autres modérateur·rices.",
    )


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(
        label="Nouvelle catégorie",
        queryset=Category.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": "choisissez une catégorie de la liste."},
    )


class SplitForm(forms.Form):
    first_post = forms.IntegerField(
        label="Numéro du premier message à déplacer",
        min_value=1,
        help_text="Ce message et tous les suivants forment le nouveau sujet.",
        error_messages={
            "required": "indiquez le numéro du message.",
            "invalid": "indiquez un nombre.",
        },
    )
    title = text_field(
        "Titre du nouveau sujet", TITLE_MAX_CHARS, missing="écrivez le titre du nouveau sujet."
    )


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label="Durée en jours",
        min_value=1,
        max_value=MAX_SUSPENSION_DAYS,
        error_messages={
            "required": "indiquez une durée.",
            "invalid": "indiquez un nombre de jours.",
            "min_value": "indiquez au moins 1 jour.",
            "max_value": f"indiquez au plus {MAX_SUSPENSION_DAYS} jours.",
        },
    )
    reason = ReasonForm.base_fields["reason"]


class SearchForm(forms.Form):
    q = text_field(
        "Rechercher dans le forum", 200, missing="écrivez un ou plusieurs mots à chercher."
    )
