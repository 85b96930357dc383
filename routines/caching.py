"""
Whole public pages from the cache, for readers who are not signed in.

A page of the library only changes when the library does, so anonymous responses are kept
under the library version (`search.library_version`), which every index, publish and
unpublish bumps: nothing stale is served after an edit, and no expiry has to be guessed.
Signed-in readers and editors always get a fresh page (it shows their name, drafts, tokens),
and so does anyone with a message waiting to be shown.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .search import RESULTS_TIMEOUT, library_version

KEPT_HEADERS = {"content-type", "content-language"}


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if CookieStorage.cookie_name in request.COOKIES:
        return False  # a message is waiting for this reader: render it
    # Without a session cookie there is no user to load: no query, certainly anonymous.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.user.is_authenticated


def public_page(view):
    """Serve GET/HEAD for anonymous readers from the cache until the library changes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        raw = f"{get_language()}|{request.get_host()}|{request.get_full_path()}"
        key = f"routines:page:{library_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            headers, content = cached
            response = HttpResponse(content, headers=dict(headers))
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                headers = [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS]
                cache.set(key, (headers, response.content), RESULTS_TIMEOUT)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
