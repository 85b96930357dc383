"""`{% contact_email as contact %}`: where readers may write to (CONTACT_EMAIL)."""

from django import template

from somatics.adapter import contact_email as site_contact_email

register = template.Library()


@register.simple_tag
def contact_email() -> str:
    return site_contact_email()
