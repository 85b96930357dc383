from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from routines.feeds import LatestRoutinesFeed
from routines.sitemaps import PageSitemap, RoutineSitemap
from routines.views import follow, glossary, home

from . import account_views, views

admin.site.site_header = _("Somatics Library administration")
admin.site.site_title = _("Somatics Library")
admin.site.site_url = reverse_lazy("home")  # "View site" in the editor's language

# For search engines, operators and editors: one address whatever the language.
urlpatterns = [
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PageSitemap, "routines": RoutineSitemap}},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

# For readers: English at today's addresses, French and Spanish under /fr/ and /es/, the same
# slugs in every language.
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("routines/", include("routines.urls")),
    path("glossary/", glossary, name="glossary"),
    path("", include("submissions.urls")),
    path("", include("questions.urls")),
    path("feed/", LatestRoutinesFeed(), name="feed"),
    path("follow/", follow, name="follow"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)

handler404 = "somatics.views.page_not_found"  # the 500 page is Django's: 500.html, no context

if settings.DEBUG and not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
    # On a laptop nothing else serves published media; in production nginx or the bucket does.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media_file))
