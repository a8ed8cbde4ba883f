from django import template

register = template.Library()


@register.filter
def error_count(form) -> int:
    """How many messages the error summary lists (a field may have several)."""
    return sum(len(errors) for errors in form.errors.values())
