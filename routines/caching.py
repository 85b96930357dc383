"""
What the library caches, and how nothing stale is ever served.

A page of the library only changes when the library does, so anonymous pages, search results and
related routines are kept under the library version, a number that every index, publish and
unpublish bumps (`library_changed`): nothing stale is served after an edit, and no expiry has to
be guessed. Each entry remembers the version it was made for; reading it fetches the entry and
the current version in one round trip to the cache (`current`).

Signed-in readers and editors always get a fresh page (it shows their name, drafts, tokens),
and so does anyone with a message waiting to be shown.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "routines:library-version"
TIMEOUT = 300  # seconds; also bounds how late a scheduled publication can appear
KEPT_HEADERS = {"content-type", "content-language"}
_MISSING = object()


def library_version() -> int:
    """A number that changes whenever what readers can find changes (see `library_changed`)."""
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def library_changed() -> None:
    """
    Forget cached pages and results: a routine was indexed, published or withdrawn.

    Bumped now and again when the transaction commits, so a request served in between cannot
    cache the old library under the new version.
    """
    _bump_version()
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def current(key: str) -> tuple[int, object]:
    """The library version and what is cached under `key` for it (`MISSING` if nothing)."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or library_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return version, entry[1]
    return version, _MISSING


def keep(key: str, version: int, value) -> None:
    """Cache `value` under `key` as made for library `version` (from `current`)."""
    cache.set(key, (version, value), TIMEOUT)


def remembered(key: str, make):
    """`make()`, cached under `key` until the library changes."""
    version, value = current(key)
    if value is _MISSING:
        value = make()
        keep(key, version, value)
    return value


def hashed(prefix: str, *parts: str) -> str:
    """A cache key for `parts` of any length or content."""
    return f"{prefix}:{hashlib.sha256('|'.join(parts).encode()).hexdigest()}"


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
        key = hashed("routines:page", get_language(), request.get_host(), request.get_full_path())
        version, cached = current(key)
        if cached is not _MISSING:
            headers, content = cached
            response = HttpResponse(content, headers=dict(headers))
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                headers = [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS]
                keep(key, version, (headers, response.content))
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
