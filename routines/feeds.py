"""The Atom feed of newly published routines."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Routine


class LatestRoutinesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Somatics Library: new routines")
    subtitle = _("Step-by-step somatic movement routines, newest first.")
    link = reverse_lazy("routines:list")

    def items(self):
        return Routine.objects.published().order_by("-published_at")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.credit_name or None
