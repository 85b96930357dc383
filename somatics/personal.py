"""
The pieces of a page that belong to one reader: the header's account links, the messages.

Library pages are rendered once for everyone and cached as shells (routines/caching.py). Where a
reader's own piece goes, a shell holds a marker (`{% personal "includes/…" %}` in a template),
and each request fills the markers with that reader's pieces (`fill`). Pages that are not cached
render the same pieces in place. So nothing of one reader is ever kept in a shell: the shell is
made with holes, whoever happened to ask for it first.

A piece sees only what it is given (`_render_piece`), never the whole request: the header gets
whether the reader is signed in, which page this is, and a CSRF token. Since that is all its
output can depend on, it is made once per language, state and page, and only the token is
new each time (the header is most of the cost of a signed-in reader's page).
"""

import re
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

NAV, MESSAGES = "includes/site_nav.html", "includes/messages.html"
# A routine's question form: the form and its token for a signed-in reader, a sign-in link for
# others. Its marker names the routine (`arg`, a slug).
QUESTION_FORM = "questions/includes/ask_piece.html"
# The only templates a marker may name: what differs from one reader to the next.
PIECES = (NAV, MESSAGES, QUESTION_FORM)
_TOKEN = "csrf-token-of-this-request"  # noqa: S105 (a placeholder: each request puts its own)
_made_headers: dict[tuple, str] = {}
_MARKER = re.compile(
    rb"<!--personal:("
    + b"|".join(re.escape(p.encode()) for p in PIECES)
    + rb")(?:\|([A-Za-z0-9_-]+))?-->"
)
_ARG = re.compile(r"[A-Za-z0-9_-]*")


def marker(name: str, arg: str = "") -> str:
    if name not in PIECES:
        raise ValueError(f"{name} is not one of the personal pieces {PIECES}")
    if not _ARG.fullmatch(arg):
        raise ValueError(f"{arg!r} is not a slug")
    # One of PIECES and a slug: no reader's text.
    return mark_safe(f"<!--personal:{name}|{arg}-->" if arg else f"<!--personal:{name}-->")  # noqa: S308


def renders_shell(request) -> bool:
    return getattr(request, "renders_shell", False)


@contextmanager
def rendering_shell(request):
    """Within this block, templates leave markers where the reader's own pieces go."""
    request.renders_shell = True
    try:
        yield
    finally:
        request.renders_shell = False


def fill(content: bytes, request) -> bytes:
    """The shell `content` with each marker replaced by its piece, rendered for `request`."""
    return _MARKER.sub(
        lambda m: render_piece(m[1].decode(), request, (m[2] or b"").decode()).encode(), content
    )


def render_piece(name: str, request, arg: str = "") -> str:
    """
    One reader's piece, from what it may know of them and nothing else. Without a request
    (a page rendered outside one, like Django's own 500 page) there is no reader: no messages,
    and the header of someone who is not signed in. A piece given an `arg` (the routine a
    question form is for) is made afresh each time: there is one per routine.
    """
    if name == MESSAGES:
        messages = get_messages(request) if request is not None else []
        return render_to_string(MESSAGES, {"messages": messages}) if messages else ""
    match = getattr(request, "resolver_match", None)
    known = {
        "signed_in": request is not None and signed_in(request),
        "page": match.view_name if match else "",
    }
    if arg:
        made = render_to_string(name, {**known, "arg": arg, "csrf_token": _TOKEN})
        return made.replace(_TOKEN, get_token(request)) if _TOKEN in made else made
    key = (name, get_language(), *known.values())
    made = _made_headers.get(key)
    if made is None:
        made = _made_headers[key] = render_to_string(name, {**known, "csrf_token": _TOKEN})
    return made.replace(_TOKEN, get_token(request)) if _TOKEN in made else made


def signed_in(request) -> bool:
    """
    Whether the reader signed in, as far as a library page needs to know: their session says
    so. Who they are is not loaded for it (the header's links are the same for everyone signed
    in); every page that acts for a reader checks that with `request.user`, as Django does, and
    where that has already been loaded it is the answer here too.
    """
    user = getattr(request, "_cached_user", None)  # AuthenticationMiddleware's, once loaded
    if user is not None:
        return user.is_authenticated
    return SESSION_KEY in request.session


def has_no_reader_cookies(request) -> bool:
    """
    No session and no message waiting: a reader whose filled page is the same as every other
    such reader's, known without a query. (Messages wait in their cookie; only what overflows
    it goes to the session, and then the cookie says so.)
    """
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )
