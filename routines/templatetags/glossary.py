"""`{{ text|glossary:glossary }}`: a routine's text, escaped, with its terms linked."""

from django import template
from django.utils.html import conditional_escape

register = template.Library()


@register.filter
def glossary(text, links):
    """
    `text` escaped, with the first use on the page of each glossary term linked; only escaped
    where the page has no `GlossaryLinks` (the editor's preview of a submission).
    """
    if not links:
        return conditional_escape(text)
    return links.link(text)
