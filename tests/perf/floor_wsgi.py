"""
The production site plus the benchmark's floor: `gunicorn tests.perf.floor_wsgi:application`.

The floor is a bare Django view at /__floor__/ that returns the routine page's bytes, read once
at startup from BENCH_FLOOR_FILE: no database, no template, but the same gunicorn, the same
settings and the same middleware as every real page. Its URL is put in front of the project's
own in this process only; somatics/urls.py is untouched and production never sees it.

/__floor_bare__/ is the same view through a Django handler with no middleware at all: what
Django itself costs, so that the table shows what the middleware adds on top.
"""

# ruff: noqa: I001 (the site must be set up before its URLs are imported)

import os
from pathlib import Path

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.urls import clear_url_caches, path

from somatics.wsgi import application as site
from somatics import urls

__all__ = ["application"]

FLOOR_URL = "/__floor__/"
BARE_FLOOR_URL = "/__floor_bare__/"
BODY = Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def floor(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urls.urlpatterns.insert(0, path(FLOOR_URL.strip("/") + "/", floor, name="bench-floor"))
urls.urlpatterns.insert(0, path(BARE_FLOOR_URL.strip("/") + "/", floor, name="bench-floor-bare"))
clear_url_caches()


class WithoutMiddleware(WSGIHandler):
    """Django's own WSGI handler with an empty middleware list: URL resolution, view, response."""

    def load_middleware(self, is_async=False):
        self._view_middleware, self._template_response_middleware = [], []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


bare = WithoutMiddleware()


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_FLOOR_URL:
        return bare(environ, start_response)
    return site(environ, start_response)
