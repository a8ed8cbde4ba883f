"""Admin forms: Markdown fields get the « Aperçu » button, the tree is validated on save."""

from django import forms

from . import tree
from .models import DecisionTree, Situation

MARKDOWN_FIELDS = ("body", "next_steps", "falc_body")


class MarkdownTextarea(forms.Textarea):
    """A textarea that ``static/js/legal-admin.js`` enhances with an « Aperçu » button
    (POST /apercu-markdown/, the same sanitised rendering as the published page)."""

    def __init__(self, attrs=None):
        super().__init__({"data-markdown-preview": "", "rows": 14, **(attrs or {})})


class SituationAdminForm(forms.ModelForm):
    class Meta:
        model = Situation
        fields = (
            "short_title",
            "title",
            "slug",
            "themes",
            "order",
            "published",
            "falc_summary",
            "body",
            "next_steps",
            "to_confirm",
            "toolbox_query",
            "verified_on",
            "rules_valid_from",
            "rules_valid_until",
            "review_due",
            "falc_body",
            "falc_status",
            "falc_reviewed_by",
            "falc_reviewed_at",
        )
        widgets = {name: MarkdownTextarea() for name in MARKDOWN_FIELDS}

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "Le texte contient un caractère interdit.")
        return cleaned


class DecisionTreeAdminForm(forms.ModelForm):
    class Meta:
        model = DecisionTree
        fields = ("name", "active", "source")
        widgets = {"source": forms.Textarea(attrs={"rows": 40, "class": "vLargeTextField"})}

    def clean_source(self):
        source = self.cleaned_data["source"]
        if "\x00" in source:
            raise forms.ValidationError("Le texte contient un caractère interdit.")
        slugs = set(Situation.objects.values_list("slug", flat=True))
        published = set(Situation.objects.published().values_list("slug", flat=True))
        try:
            self.parsed = tree.parse(source, slugs, published)
        except tree.TreeError as error:
            raise forms.ValidationError(error.messages) from error
        return source

    def save(self, commit=True):
        self.instance.data = self.parsed
        return super().save(commit)
