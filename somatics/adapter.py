"""
django-allauth, adapted to the site: rate limits count by the reader's real address, a new
account keeps the language of the page it was made on, and allauth's emails (verification,
password reset, notices) go out in their recipient's language.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.urls import translate_url
from django.utils import translation

from .addresses import client_ip
from .languages import supported, supported_or_default


def recipient_language(user, email: str) -> str:
    """
    The language to write to `email` in: its account's own when there is one (given, or found
    by the address), else the language of the page that asked for the email.
    """
    if user is None or user.pk is None:
        user = get_user_model().objects.filter(email__iexact=email).only("language").first()
    language = supported(user.language) if user is not None else None
    return language or supported_or_default(translation.get_language())


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        """A reader who signs up on a French page gets French emails, until they say otherwise."""
        user.language = supported_or_default(translation.get_language())
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """
        Rendered in the recipient's language, its links (`activate_url`, `password_reset_url`…)
        moved to that language's addresses: the page that asked may be in another.
        """
        language = recipient_language(context.get("user"), email)
        context = {
            key: translate_url(value, language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        """Each email says which language it is in (mail readers and screen readers use it)."""
        headers = {**(headers or {}), "Content-Language": translation.get_language()}
        return super().render_mail(template_prefix, email, context, headers)
