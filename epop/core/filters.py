"""Strict query-string values shared by the pages and the API (issue 7, item 13): a yes/no
parameter that is neither yes nor no, and an empty parameter, are errors naming the parameter
rather than silently read as « yes » or as « absent »."""

import django_filters
from django import forms
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

YES = frozenset({"true", "1", "on", "yes", "oui"})
NO = frozenset({"false", "0", "off", "no", "non"})


class YesNoCheckbox(forms.CheckboxInput):
    """A checkbox (the page sends "on") that also reads the API's spellings of yes and no. Any
    other value is handed to the field as it is, so the field can refuse it (Django's
    CheckboxInput takes every unknown string for yes)."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if value is None:
            return False
        if not isinstance(value, str):
            return bool(value)
        folded = value.strip().lower()
        if folded in YES:
            return True
        if folded in NO or folded == "":
            return False
        return value


class YesNoField(forms.BooleanField):
    widget = YesNoCheckbox
    default_error_messages = {
        "invalid": "Erreur : répondez par oui ou par non (true ou false, 1 ou 0).",
    }

    def to_python(self, value):
        if isinstance(value, str):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return bool(value)


class YesNoFilter(django_filters.BooleanFilter):
    """django-filter's BooleanFilter, with a field that refuses what is neither yes nor no."""

    field_class = YesNoField


def refuse_empty_parameters(query_params, names) -> None:
    """A 400 naming every parameter given with an empty value (`limit=`, `remote=`): the API
    never guesses what an empty value meant."""
    empty = {
        name: [f"Erreur : le paramètre {name} est vide. Donnez-lui une valeur, ou retirez-le."]
        for name in names
        if name in query_params and any(not v.strip() for v in query_params.getlist(name))
    }
    if empty:
        raise ValidationError(empty)


class NonEmptyIntegerField(serializers.IntegerField):
    """DRF reads `limit=` as absent when the field is optional; here it is an invalid value."""

    def get_value(self, dictionary):
        value = super().get_value(dictionary)
        if value is serializers.empty and dictionary.get(self.field_name) == "":
            return ""
        return value
