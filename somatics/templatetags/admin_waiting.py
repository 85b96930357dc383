"""`{% waiting_for_editor as items %}`: what waits for the editor (somatics/waiting.py)."""

from django import template

from somatics.waiting import waiting_for

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_for_editor(context):
    return waiting_for(context["request"])
