"""`{% language_alternates as alternates %}`: this page in each language (somatics/languages.py)."""

from django import template

from somatics.languages import alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict]:
    """The switcher and the `hreflang` alternates (none for a page made without a request)."""
    request = context.get("request")
    return alternates(request) if request is not None else []
