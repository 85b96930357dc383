"""
The production site plus the benchmark's floor: `gunicorn tests.perf.floor_wsgi:application`.

The floor is a bare Django view at /__floor__/ that returns the routine page's bytes, read once
at startup from BENCH_FLOOR_FILE: no database, no template, but the same gunicorn, the same
settings and the same middleware as every real page. Its URL is put in front of the project's
own in this process only; somatics/urls.py is untouched and production never sees it.
"""

# ruff: noqa: I001 (the site must be set up before its URLs are imported)

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import clear_url_caches, path

from somatics.wsgi import application
from somatics import urls

__all__ = ["application"]

FLOOR_URL = "/__floor__/"
BODY = Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def floor(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urls.urlpatterns.insert(0, path(FLOOR_URL.strip("/") + "/", floor, name="bench-floor"))
clear_url_caches()
