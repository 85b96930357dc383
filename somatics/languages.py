"""
Which language a reader gets, and how the site remembers it.

The address says the language: English at today's addresses, French and Spanish under /fr/ and
/es/ (`i18n_patterns` in urls.py; Django's LocaleMiddleware activates it). Around that:

- a first visit to the home page `/` by a browser that prefers French or Spanish, and that has
  no language cookie yet, is sent once to /fr/ or /es/ (`HomeLanguageMiddleware`);
- a reader page answered in a language remembers it in the language cookie
  (`RememberLanguageMiddleware`), so a reader who chooses English on the switcher is never sent
  away from `/` again;
- the admin has no language in its address: it speaks the editor's own (`AdminLanguageMiddleware`);
- the switcher and the `hreflang` alternates are links to the same page in each language
  (`alternates`); plain links, so pages carry no form and no CSRF cookie, and stay cacheable.

The cookie is only ever set on the way out, above the page cache: a page served whole from the
cache gets it like any other, and no cookie is ever kept inside a cached page.
"""

import re
from functools import cache

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Search engines must see `/` as it is (English), never be sent away from it.
BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|mediapartners",
    re.IGNORECASE,
)


def names() -> dict[str, str]:
    """Each language's code and its name in itself (English, Français, Español)."""
    return dict(settings.LANGUAGES)


def supported(code: str | None) -> str | None:
    """`code` if it is one of the site's languages, else None."""
    return code if code in names() else None


def supported_or_default(code: str | None) -> str:
    """`code` if it is one of the site's languages, else the site's own (English)."""
    return supported(code) or settings.LANGUAGE_CODE


@cache
def admin_prefix() -> str:
    return reverse("admin:index")


def is_admin(request) -> bool:
    return request.path_info.startswith(admin_prefix())


def first_visit_language(request) -> str | None:
    """
    Where a first visit to the home page should go: the language the browser prefers most
    among ours, for a visitor who has not chosen one yet (no language cookie) and is not a
    search engine. None when that is English, which `/` already is.
    """
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return None
    if BOTS.search(request.headers.get("User-Agent", "")):
        return None
    if not request.headers.get("Accept-Language"):
        return None
    language = translation.get_language_from_request(request)  # the cookie is absent
    return None if language == settings.LANGUAGE_CODE else supported(language)


class HomeLanguageMiddleware:
    """
    A first visit to `/` in French or Spanish goes once to /fr/ or /es/ (302: the same address
    answers another browser differently). It sits above the page cache, which would answer `/`
    with the English page; only `/` redirects, so /fr/ never does and nothing loops.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        language = first_visit_language(request)
        if language is None:
            response = self.get_response(request)
        else:
            with translation.override(language):
                address = reverse("home")
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponseRedirect(f"{address}?{query}" if query else address)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


class RememberLanguageMiddleware:
    """
    A reader page answered in one language sets the language cookie to it when the reader's
    cookie says otherwise: French or Spanish when there is no cookie yet, English only over
    another language (a reader who came from /fr/ to an English page chose English). A first
    visit to an English page (a search engine's link, say) chooses nothing, so a French browser
    is still taken to /fr/ when it comes to the home page later, and a plain anonymous English
    page carries no cookie at all. Only whole HTML pages that worked: not the admin, feeds,
    the sitemap, files or errors. It sits above the page cache, so cached pages get the cookie
    on their way out and the cache never keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = supported(getattr(request, "LANGUAGE_CODE", None))
        if (
            language is not None
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
            != language
            and not is_admin(request)
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def editor_language(request) -> str:
    """The admin's language: the signed-in user's own, else the one their cookie remembers."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return supported_or_default(user.language)
    return supported_or_default(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


class AdminLanguageMiddleware:
    """
    The admin in the editor's saved language (its address has none, so the locale middleware
    chose English). Below the authentication middleware, which tells who the editor is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_admin(request):
            return self.get_response(request)
        language = editor_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers["Content-Language"] = language
        return response


def alternates(request) -> list[dict]:
    """
    The page `request` asked for, in each language: code, name (in itself), address (path and
    query), absolute address, whether it is the page's own language and whether it is the
    default (English: `x-default`). A page the address
    book does not know (a 404) offers each language's home page.
    """
    current = translation.get_language()
    path, query = request.path_info, request.META.get("QUERY_STRING", "")
    try:
        match = resolve(path)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    except Resolver404:
        match, name = None, None
    links = []
    for code, language_name in settings.LANGUAGES:
        with translation.override(code):
            try:
                if name is None:
                    raise NoReverseMatch
                address = reverse(name, args=match.args, kwargs=match.kwargs)
                if query:
                    address = f"{address}?{query}"
            except NoReverseMatch:
                address = reverse("home")
        links.append(
            {
                "code": code,
                "name": language_name,
                "url": address,
                "absolute_url": request.build_absolute_uri(address),
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return links
