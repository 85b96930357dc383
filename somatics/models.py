"""The site's user: an account identified by email, with an optional public display name."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """
    A reader, teacher or editor. Sign-in is by email (django-allauth fills `username` itself);
    the email address is never shown publicly. Published work credits `display_name`, which
    stays empty (anonymous) until the reader chooses one.
    """

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_(
            "Shown as the credit on work of yours that is published. Leave empty to stay anonymous."
        ),
    )

    def __str__(self):
        return self.display_name or self.email or self.username
