"""``{{ text|markdown }}`` for staff-written content, ``{{ text|markdown_members }}`` for
what members write (forum): both through :mod:`epop.core.markdown`."""

from django import template

from epop.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text, top_level=2):
    return render_markdown(text, top_level=int(top_level))


@register.filter
def markdown_members(text, top_level=2):
    return render_markdown(text, top_level=int(top_level), members=True)
