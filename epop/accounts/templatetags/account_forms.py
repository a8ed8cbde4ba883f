"""Render allauth's form fields with our field template, our wording and no placeholder.

allauth builds its forms with placeholders that repeat the label and with terse labels
(« Courriel »). Placeholders vanish as soon as someone types, read twice with a screen reader and
are often taken for pre-filled values, so we drop them (RGAA 11.1, accessibility.md §2.2). Only
the forms we own are configured in ``ACCOUNT_FORMS``; for the others, the page template passes
the label and help text it wants here.
"""

from django import template
from django.utils.html import format_html_join

register = template.Library()


def _plain(bound_field, label=None, help_text=None):
    """Adjust this form instance's copy of the field (forms deep-copy their fields, so nothing
    leaks to other requests) and return the bound field."""
    bound_field.field.widget.attrs.pop("placeholder", None)
    if label is not None:
        bound_field.field.label = label
        bound_field.label = label
    if help_text is not None:
        bound_field.field.help_text = help_text
        bound_field.help_text = help_text
    return bound_field


@register.simple_tag
def account_field(bound_field, label=None, help_text=None):
    """``{% account_field form.login label="Adresse e-mail" help_text="" %}``: one field group
    (label with « (obligatoire) », help, error, input) from ``templates/django/forms/field.html``.
    """
    return _plain(bound_field, label, help_text).as_field_group()


@register.simple_tag
def account_fields(form):
    """Every field of a form we have not written a template for, placeholders removed."""
    visible = ((_plain(field).as_field_group(),) for field in form.visible_fields())
    hidden = ((field,) for field in form.hidden_fields())
    return format_html_join("\n", "{}", visible) + format_html_join("\n", "{}", hidden)
