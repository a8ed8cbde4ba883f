"""Control characters are refused by every text field of every form, with the field's normal
French message and nothing saved (issue 7, item 8)."""

import pkgutil
from importlib import import_module

import pytest
from django import forms
from django.apps import apps

from epop.core.discovery import is_local
from epop.core.forms import CONTROL_CHARACTERS_MESSAGE
from epop.core.shortcuts import safe_next_url
from tests.factories import EmployerFactory


def _import_every_local_module():
    for config in apps.get_app_configs():
        if not is_local(config):
            continue
        module = import_module(config.name)
        for info in pkgutil.walk_packages(module.__path__, f"{config.name}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.parametrize("value", ["Amiens\x00", "a\x01b", "\x1b[31mrouge", "x\x7f", "y\x85z"])
def test_every_char_field_refuses_control_characters(value):
    field = forms.CharField()
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(value)
    assert raised.value.messages == [CONTROL_CHARACTERS_MESSAGE]


def test_tabs_and_line_breaks_stay_allowed():
    assert forms.CharField().clean("ligne 1\r\n\tligne 2") == "ligne 1\r\n\tligne 2"


def test_every_form_of_every_app_is_covered():
    """Not opt-in: the text fields of every form class of the project refuse a NUL byte."""
    _import_every_local_module()
    checked = 0
    for form_class in _subclasses(forms.BaseForm):
        config = apps.get_containing_app_config(form_class.__module__)
        if config is None or not is_local(config):
            continue
        for field in getattr(form_class, "base_fields", {}).values():
            if isinstance(field, forms.CharField):
                with pytest.raises(forms.ValidationError, match="caractères spéciaux"):
                    field.to_python("texte\x00")
                checked += 1
    assert checked > 20


def test_a_form_with_a_nul_byte_shows_the_message_and_saves_nothing(client):
    employer = EmployerFactory()
    client.force_login(employer)
    response = client.post(
        "/compte/organisation/", {"name": "Structure\x00", "kind": "association"}
    )
    assert response.status_code == 200
    assert "caractères spéciaux invisibles" in response.content.decode()
    assert not hasattr(employer, "organisation") or employer.organisation is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/annuaire/", "/annuaire/"),
        ("foo", ""),
        ("//evil.example/", ""),
        ("https://evil.example/", ""),
        ("/annuaire/\x00", ""),
        (None, ""),
    ],
)
def test_next_is_a_path_of_this_site_or_nothing(rf, value, expected):
    assert safe_next_url(rf.get("/"), value) == expected


def test_organisation_with_a_bare_word_as_next_goes_to_its_default(client):
    """`next=foo` was taken for a URL name: NoReverseMatch, a 500."""
    employer = EmployerFactory()
    client.force_login(employer)
    response = client.post(
        "/compte/organisation/", {"name": "Structure", "kind": "association", "next": "foo"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/compte/organisation/"


def test_every_free_text_field_of_every_form_is_capped():
    """Issue 7, item 5: a length limit at the form layer, before any clean method or query.
    Passwords are hashed, never stored or searched; UUIDs have a fixed format; allauth removes
    its username field when, as here, accounts have none."""
    _import_every_local_module()
    uncapped = []
    for form_class in _subclasses(forms.BaseForm):
        config = apps.get_containing_app_config(form_class.__module__)
        if config is None or not is_local(config):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if not isinstance(field, forms.CharField) or isinstance(field, forms.UUIDField):
                continue
            if name.startswith("password") or name == "username":
                continue
            if field.max_length is None:
                uncapped.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert not uncapped, uncapped
