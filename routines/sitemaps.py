"""
The sitemap for search engines: the published routines, the home page, the library and the
glossary, each in every language, with its alternates (`hreflang`, English as `x-default`) as
the pages have them.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Routine


class LanguagesSitemap(Sitemap):
    """Each item once per language, listing its addresses in the others."""

    i18n = True
    alternates = True
    x_default = True


class RoutineSitemap(LanguagesSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Routine.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(LanguagesSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["home", "routines:list", "glossary"]

    def location(self, item):
        return reverse(item)
