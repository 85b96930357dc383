from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from routines.feeds import LatestRoutinesFeed
from routines.sitemaps import PageSitemap, RoutineSitemap
from routines.views import home

from . import account_views, views

admin.site.site_header = _("Somatics Library administration")
admin.site.site_title = _("Somatics Library")

urlpatterns = [
    path("", home, name="home"),
    path("routines/", include("routines.urls")),
    path("", include("submissions.urls")),
    path("feed/", LatestRoutinesFeed(), name="feed"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PageSitemap, "routines": RoutineSitemap}},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG and not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
    # On a laptop nothing else serves published media; in production nginx or the bucket does.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media_file))
