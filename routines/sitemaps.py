"""The sitemap for search engines: the published routines, the home page and the library."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Routine


class RoutineSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Routine.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["home", "routines:list"]

    def location(self, item):
        return reverse(item)
