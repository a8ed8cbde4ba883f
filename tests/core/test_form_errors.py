"""The error summary counts messages, not fields: a weak password can fail three rules."""

from django import forms
from django.template.loader import render_to_string


class TwoFields(forms.Form):
    name = forms.CharField()
    code = forms.CharField()

    def clean_code(self):
        raise forms.ValidationError(["Erreur : trop court.", "Erreur : que des chiffres."])


def test_the_heading_counts_every_message():
    form = TwoFields({"name": "", "code": "x"})
    assert not form.is_valid()
    html = render_to_string("components/form_errors.html", {"form": form})
    assert "3 erreurs à corriger" in html
    assert html.count("<li>") == 3
