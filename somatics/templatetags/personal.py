"""`{% personal "includes/…" %}`: a reader's own piece of a page (somatics/personal.py)."""

from django import template
from django.utils.safestring import mark_safe

from somatics.personal import marker, render_piece, renders_shell

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, name, arg=""):
    """
    The piece itself, or, in a page being cached for everyone, a marker where it goes; `arg`
    (a slug) says which routine's piece.
    """
    request = context.get("request")
    if request is not None and renders_shell(request):
        return marker(name, arg)
    return mark_safe(render_piece(name, request, arg))  # noqa: S308 (a template's own output)
