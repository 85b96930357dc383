from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutinesConfig(AppConfig):
    name = "routines"
    verbose_name = _("Routines")

    def ready(self):
        from . import caching

        caching.follow_deletions()
