from django import template

from .. import pictograms

register = template.Library()


@register.simple_tag
def pictogram(name, decorative=True, css_class="picto"):
    return pictograms.render(name, decorative=decorative, css_class=css_class)


@register.filter
def euros(value):
    """« 1 041,59 € » with a non-breaking space before the sign and as thousands separator."""
    if value is None:
        return ""
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"
