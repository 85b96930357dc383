"""
The site's user: an account identified by email, with an optional public display name and the
language the site speaks to them in.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """
    A reader, teacher or editor. Sign-in is by email (django-allauth fills `username` itself);
    the email address is never shown publicly. Published work credits `display_name`, which
    stays empty (anonymous) until the reader chooses one. `language` is theirs for what the site
    says when they are not on a page: every email, and the admin for an editor (whose address
    carries no language); it is the page's language when they sign up, and theirs to change.
    """

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_(
            "Shown as the credit on work of yours that is published. Leave empty to stay anonymous."
        ),
    )

    language = models.CharField(
        _("language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails the site sends you."),
    )

    def __str__(self):
        return self.display_name or self.email or self.username
