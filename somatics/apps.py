from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SomaticsConfig(AppConfig):
    """The project's own app; in admin it holds the site's users, hence its heading."""

    name = "somatics"
    verbose_name = _("Readers and editors")
