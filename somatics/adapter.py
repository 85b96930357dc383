"""
django-allauth, adapted to the site: rate limits count by the reader's real address, a new
account keeps the language of the page it was made on, allauth's emails (verification,
password reset, notices) go out in their recipient's language and name the site, and a
reader who confirms their address goes back to what they were doing (the submission form).
"""

from email.utils import parseaddr
from functools import wraps
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

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


# The session key holding where a reader asked to confirm their address was (a path).
AFTER_VERIFICATION = "after_verification"


def contact_email() -> str:
    """The address readers may write to: CONTACT_EMAIL, else the one the site's emails are from."""
    return settings.CONTACT_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def return_here_after_verification(view):
    """
    For a view that needs a confirmed address (`verified_email_required` inside): remember its
    address, so that the link in the email brings the reader back to it once confirmed.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.emailaddress_set.filter(verified=True).exists():
            request.session[AFTER_VERIFICATION] = request.get_full_path()
        return view(request, *args, **kwargs)

    return wrapper


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
        moved to that language's addresses: the page that asked may be in another. Every email
        says who sends it: the site's name, its address (the one the reader used; SITE_URL
        outside a request) and where to write to.
        """
        language = recipient_language(context.get("user"), email)
        context = {
            key: translate_url(value, language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        with translation.override(language):
            home = reverse("home")
            request = getattr(self, "request", None)
            context["site_url"] = (
                request.build_absolute_uri(home) if request else settings.SITE_URL + home
            )
            context["contact_email"] = contact_email()
            context.setdefault("email", email)
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject) -> str:
        """The site's name before the subject, in the email's language."""
        return gettext("[Somatics Library] %(subject)s") % {"subject": subject}

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """
        The link in the email carries where the reader was going, so that confirming brings
        them back there even when they open it in another browser or on another device: the
        page that asked for a confirmed address, else the `next` of the request (the form they
        signed up from; their account page, for a changed address).
        """
        url = super().get_email_confirmation_url(request, emailconfirmation)
        going_to = request.session.get(AFTER_VERIFICATION) or get_next_redirect_url(request)
        if going_to and self._is_ours(going_to):
            url += "?" + urlencode({"next": going_to})
        return url

    def get_email_verification_redirect_url(self, email_address) -> str:
        """
        Once confirmed: back where the reader was when they were asked to confirm; else the
        submission form (confirming an address is for sending a pattern: reading needs none).
        """
        going_to = self.request.session.pop(AFTER_VERIFICATION, None)
        if going_to and self._is_ours(going_to):
            return going_to
        submit = reverse("submissions:submit")
        if self.request.user.is_authenticated:
            return submit
        return reverse("account_login") + "?" + urlencode({"next": submit})

    def _is_ours(self, url: str) -> bool:
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )

    def render_mail(self, template_prefix, email, context, headers=None):
        """Each email says which language it is in (mail readers and screen readers use it)."""
        headers = {**(headers or {}), "Content-Language": translation.get_language()}
        return super().render_mail(template_prefix, email, context, headers)
