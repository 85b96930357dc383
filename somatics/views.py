"""
What belongs to no app: the health check and robots.txt, the favicon, and on a laptop
(`make run`) the published media that nginx or the bucket serve in production.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .files import stream_file

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """
    200 when the site can reach its database, and its shared cache when that is a server of its
    own (REDIS_URL): a load balancer then sends traffic elsewhere while either is down. 503 and a
    log line when not. A cache in the database or in the process's memory is not checked apart.
    """
    checks = {"database": _database_answers}
    if not settings.CACHES["default"]["BACKEND"].endswith((".LocMemCache", ".DatabaseCache")):
        checks["cache"] = _cache_answers
    report = {name: "ok" if check() else "unreachable" for name, check in checks.items()}
    healthy = all(state == "ok" for state in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **report}, status=200 if healthy else 503
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False
    return True


def _cache_answers() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:  # each cache client raises its own errors (redis.ConnectionError, …)
        logger.exception("health check: cache unreachable")
        return False
    if not answered:
        logger.error("health check: cache did not keep a value")
    return answered


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    private = []  # each reader's own submissions, in every language
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            private.append(f"Disallow: {reverse('submissions:list')}")
    lines = ["User-agent: *", "Disallow: /admin/", *private, f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says (admin pages name none)."""
    return HttpResponsePermanentRedirect(static("icons/favicon.svg"))


@require_safe
def media_file(request, path):
    """Published media for `make run` (DEBUG): with Range, so videos can seek as in production."""
    try:
        found = default_storage.exists(path)
    except SuspiciousFileOperation:  # a path outside MEDIA_ROOT
        found = False
    if not found:
        raise Http404
    return stream_file(request, default_storage, path)


def page_not_found(request, exception):
    """
    The site's 404, in the reader's language, with a search box: an old link (a newsletter's,
    say) often names what the reader wanted, so its last words are offered as the search.
    """
    from django.shortcuts import render

    last = request.path.rstrip("/").rsplit("/", 1)[-1]
    words = " ".join(last.replace("-", " ").replace("_", " ").split())
    suggestion = words if words.replace(" ", "").isalpha() and len(words) <= 80 else ""
    return render(request, "404.html", {"suggestion": suggestion}, status=404)
