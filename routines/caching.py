"""
What the library caches, and how every process knows at once that it is stale.

The truth is one row in the database, the library version (`LibraryVersion`), which every
index, publish, unpublish and delete bumps inside its own transaction (`library_changed`). App
workers on every server, task workers and management commands all read that row, so a change
made by any of them is seen by the very next request everywhere; there is no expiry to guess
and no message to send.

What is cached lives in each process's own memory (the "library" cache): rendered pages, search
results, related routines. Each entry remembers the version it was made for and is used only
while that is still the version, which a request reads once (one small query, `library_version`).

Pages are cached for everyone. What is the same for every reader (the routine, the list, the
results) is rendered once per version as a shell, with holes where a reader's own pieces go (the
header's account links, messages: `somatics.personal`); every request fills the holes for its
reader. An anonymous reader's filled page is the same for all of them, so it is kept whole
(`PageCacheMiddleware`).

A routine's page also shows what changes without the library changing: readers' questions and
their answers under it. Such a page is kept under the library version and that routine's own
`page_version` (`depends_on_routine`), both read in one query; `routine_changed` bumps only the
latter, so an approved question or a new answer refreshes that routine's pages and no other.
"""

import hashlib
import threading
from functools import wraps

from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models import F
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from somatics import personal

from .models import BodyArea, Contraindication, GlossaryTerm, LibraryVersion, Routine

TIMEOUT = 300  # seconds; also bounds how late a scheduled publication can appear
KEPT_HEADERS = {"content-type", "content-language"}
_MISSING = object()

# The version read by the request this thread serves, so that a page asks the database once.
_request = threading.local()
_VERSION_SQL = f"SELECT number FROM {LibraryVersion._meta.db_table} WHERE id = 1"  # noqa: S608
# The library version and one routine's page version, in one query (a page that shows a routine).
_BOTH_SQL = (
    f"SELECT v.number, r.page_version FROM {LibraryVersion._meta.db_table} v, "  # noqa: S608
    f"{Routine._meta.db_table} r WHERE v.id = 1 AND r.id = %s"
)
_PAGE_SQL = f"SELECT page_version FROM {Routine._meta.db_table} WHERE id = %s"  # noqa: S608


def _cache():
    return caches["library"]


def _start_request(**kwargs) -> None:
    _request.active, _request.version = True, None


def _end_request(**kwargs) -> None:
    _request.active, _request.version = False, None


request_started.connect(_start_request, dispatch_uid="routines.caching.start")
request_finished.connect(_end_request, dispatch_uid="routines.caching.end")


def library_version() -> int:
    """The number that changes whenever what readers can find changes, as the database says."""
    version = getattr(_request, "version", None)
    if version is None:
        # Every page asks this: a plain query, without the ORM's query building (a third of
        # the time of a cached page).
        with connection.cursor() as cursor:
            cursor.execute(_VERSION_SQL)
            row = cursor.fetchone()
        version = row[0] if row else 0
        if getattr(_request, "active", False):
            _request.version = version
    return version


def _routine_versions(routine_id: int) -> tuple[int, int | None]:
    """The library version and `routine_id`'s page version (None once it is gone): one query."""
    known = getattr(_request, "version", None)
    with connection.cursor() as cursor:
        if known is not None:
            cursor.execute(_PAGE_SQL, [routine_id])
            row = cursor.fetchone()
            return known, row[0] if row else None
        cursor.execute(_BOTH_SQL, [routine_id])
        row = cursor.fetchone()
    if row is None:
        return library_version(), None
    if getattr(_request, "active", False):
        _request.version = row[0]
    return row[0], row[1]


def _is_fresh(stamp) -> bool:
    """
    Whether what was kept under `stamp` may still be shown: the library version it was made
    for, or for a routine's page (library version, routine id, page version), both unchanged.
    """
    if isinstance(stamp, tuple):
        version, routine_id, page_version = stamp
        return _routine_versions(routine_id) == (version, page_version)
    return stamp == library_version()


def depends_on_routine(response, routine: Routine) -> None:
    """
    Say that `response` shows `routine`'s own changing parts (readers' questions): its cached
    copies are kept until the library or this routine's page version changes. The version is
    the one the view read with the routine, before reading anything shown under it.
    """
    response.routine_stamp = (routine.pk, routine.page_version)


def routine_changed(routine_id: int) -> None:
    """
    Forget the cached pages of this one routine everywhere (a reader's question under it was
    published, answered or taken down); the rest of the library stays cached. Part of the
    caller's transaction, like `library_changed`.
    """
    Routine.objects.filter(pk=routine_id).update(page_version=F("page_version") + 1)


def library_changed() -> None:
    """
    Forget cached pages and results everywhere: a routine was indexed, published or withdrawn.

    The bump is part of the caller's transaction, so other processes see the new version exactly
    when they see the change. A request that read the old version just before the commit and
    the new rows just after keeps what it made under the old version, which nobody reads again.
    """
    if not LibraryVersion.objects.filter(pk=1).update(number=F("number") + 1):
        LibraryVersion.objects.update_or_create(pk=1, defaults={"number": 2})
    _request.version = None


def follow_deletions() -> None:
    """
    Deleting a routine or a body area (in admin, a shell, or a cascade) changes the library
    too: publishing, unpublishing and indexing call `library_changed` themselves, but a delete
    goes through no function of ours, so the database's own deletion signal calls it.
    """
    for model in (Routine, BodyArea, Contraindication, GlossaryTerm):
        post_delete.connect(
            _deleted, sender=model, dispatch_uid=f"routines.caching.deleted.{model.__name__}"
        )


def _deleted(**kwargs) -> None:
    library_changed()


def current(key: str) -> tuple[int, object]:
    """The library version and what is cached under `key` for it (`_MISSING` if nothing)."""
    entry = _cache().get(key)
    if entry is not None and _is_fresh(entry[0]):
        return library_version(), entry[1]
    return library_version(), _MISSING


def keep(key: str, version: int, value, routine_stamp: tuple[int, int] | None = None) -> None:
    """
    Cache `value` under `key` as made for library `version` (from `current`), and for a
    routine's page version too when it shows one (`routine_stamp`, see `depends_on_routine`).
    """
    stamp = (version, *routine_stamp) if routine_stamp else version
    _cache().set(key, (stamp, value), TIMEOUT)


def remembered(key: str, make):
    """`make()`, cached under `key` until the library changes."""
    version, value = current(key)
    if value is _MISSING:
        value = make()
        keep(key, version, value)
    return value


def lasting(key: str, make, seconds: int):
    """
    `make()`, cached under `key` for `seconds` whatever the library does meanwhile: for what may
    lag behind a change without harm because the caller checks it against the library when it
    uses it (related routines: ranked at most this long ago, shown only if still published).
    """
    value = _cache().get(key, _MISSING)
    if value is _MISSING:
        value = make()
        _cache().set(key, value, seconds)
    return value


def forget_all() -> None:
    """Empty this process's cache of the library (tests; the version makes it needless)."""
    _cache().clear()


def hashed(prefix: str, *parts: str) -> str:
    """A cache key for `parts` of any length or content."""
    return f"{prefix}:{hashlib.sha256('|'.join(parts).encode()).hexdigest()}"


def _shareable(response) -> bool:
    """Whether a response may be shown to every reader: a plain page, made for nobody."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def _snapshot(response) -> tuple[list, bytes]:
    return [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS], response.content


def _finish(request, response):
    patch_vary_headers(response, ["Cookie"])
    if personal.signed_in(request):
        patch_cache_control(response, private=True)
    return response


def public_page(view):
    """
    Serve GET/HEAD pages from the cache until the library changes, to every reader: the shared
    shell is cached, and each request fills in the reader's own pieces (see the module's text).
    A page filled from the shell is marked `shared_page`: when its reader brought no session
    and no message, `PageCacheMiddleware` keeps it whole for the next such reader.

    A view whose page must not be shared (an editor's preview of a draft) marks its response
    `Cache-Control: private`, and it is then filled for its reader and never kept.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = hashed("routines:shell", get_language(), request.get_host(), request.get_full_path())
        version, shell = current(key)
        if shell is _MISSING:
            with personal.rendering_shell(request):
                response = view(request, *args, **kwargs)
            if not _shareable(response):
                if not response.streaming:
                    response.content = personal.fill(response.content, request)
                return _finish(request, response)
            shell = (*_snapshot(response), getattr(response, "routine_stamp", None))
            keep(key, version, shell, shell[2])
        headers, content, routine_stamp = shell
        response = HttpResponse(personal.fill(content, request), headers=dict(headers))
        response.shared_page = True
        if routine_stamp:
            response.routine_stamp = routine_stamp
        return _finish(request, response)

    return wrapper


class PageCacheMiddleware:
    """
    A library page for a reader with no session and no message waiting, served whole from this
    process's memory, headers and all, as the middleware below this one last finished it: such
    a request skips sessions, authentication, CSRF, messages and the rest, and costs one small
    query (the library version); any other page costs a dictionary look-up. It sits below the
    compression and conditional-GET middleware, which treat a cached page like any other, and
    below the locale middleware, so a page is kept per language exactly as the view renders it;
    above everything that loads the session or the reader.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not personal.has_no_reader_cookies(request):
            return self.get_response(request)
        key = hashed("routines:page", get_language(), request.get_host(), request.get_full_path())
        # Asked before the version, so a page that is not the library's costs no query at all.
        entry = _cache().get(key)
        if entry is not None and _is_fresh(entry[0]):
            headers, content = entry[1]
            return HttpResponse(content, headers=dict(headers))
        response = self.get_response(request)
        if getattr(response, "shared_page", False) and _shareable(response):
            # The version this request's page was made for (read once per request, and kept).
            keep(
                key,
                library_version(),
                (list(response.items()), response.content),
                getattr(response, "routine_stamp", None),
            )
        return response
