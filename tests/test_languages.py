"""
The language is in the address: English at today's addresses, French and Spanish under /fr/
and /es/. The home page sends a first visit to the browser's language once; the switcher and the
hreflang alternates lead to the same page in each language; the language cookie remembers the
reader's choice; the page cache never gives one language's page to a reader of another.
"""

import pickle
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import Client

from routines.caching import _cache

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
FRENCH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}
SPANISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}


@pytest.fixture
def routine(make_routine):
    return make_routine("Psoas release", slug="psoas-release")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def switcher(response) -> dict[str, str]:
    """The switcher's links: each language's name and the address it leads to."""
    nav = re.search(r'<nav class="wrap languages".*?</nav>', response.content.decode(), re.S)[0]
    return {
        name: href.replace("&amp;", "&")
        for href, name in re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', nav)
    }


def alternates(response) -> dict[str, str]:
    found = re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode()
    )
    return {code: href.replace("&amp;", "&") for code, href in found}


# Addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, language",
    [
        ("/", "en"),
        ("/fr/", "fr"),
        ("/es/", "es"),
        ("/routines/", "en"),
        ("/fr/routines/", "fr"),
        ("/es/routines/psoas-release/", "es"),
        ("/fr/accounts/login/", "fr"),
        ("/es/accounts/signup/", "es"),
    ],
)
def test_every_reader_page_is_in_the_language_its_address_says(client, routine, path, language):
    response = client.get(path)

    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language


@pytest.mark.parametrize(
    "path", ["/de/", "/de/routines/", "/fr/admin/", "/fr/healthz", "/fr/sitemap.xml", "/en/"]
)
def test_other_prefixes_and_unprefixed_services_under_a_prefix_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/submit/", "/submissions/", "/accounts/profile/"])
def test_pages_for_signed_in_readers_send_french_readers_to_the_french_sign_in(client, db, path):
    response = client.get(f"/fr{path}")

    assert response.status_code == 302
    assert response.url.startswith("/fr/accounts/login/")


def test_the_same_slug_serves_the_routine_in_every_language(client, routine):
    for prefix in ("", "/fr", "/es"):
        assert client.get(f"{prefix}/routines/psoas-release/").status_code == 200


def test_robots_txt_keeps_every_languages_own_submissions_out(client, db):
    text = client.get("/robots.txt").content.decode()

    for path in ("/submissions/", "/fr/submissions/", "/es/submissions/"):
        assert f"Disallow: {path}\n" in text


# The home page's one redirect -----------------------------------------------------------------


@pytest.mark.parametrize("browser, target", [(FRENCH_BROWSER, "/fr/"), (SPANISH_BROWSER, "/es/")])
def test_a_first_visit_to_the_home_page_goes_to_the_browsers_language(client, db, browser, target):
    response = client.get("/", **browser)

    assert response.status_code == 302
    assert response.url == target
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert COOKIE not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9,fr;q=0.5"},
        {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"},
        {},
        {**FRENCH_BROWSER, "HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {**FRENCH_BROWSER, "HTTP_USER_AGENT": "Mozilla/5.0 (compatible; bingbot/2.0)"},
        {**FRENCH_BROWSER, "HTTP_USER_AGENT": "Baiduspider"},
        {**FRENCH_BROWSER, "HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Yahoo! Slurp)"},
    ],
)
def test_english_browsers_and_search_engines_stay_on_the_home_page(client, db, headers):
    response = client.get("/", **headers)

    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "Accept-Language" in response["Vary"]


def test_a_reader_who_chose_a_language_is_never_sent_away_from_the_home_page(client, db):
    client.cookies[COOKIE] = "en"

    response = client.get("/", **FRENCH_BROWSER)

    assert response.status_code == 200
    assert html_lang(response) == "en"


@pytest.mark.parametrize("path", ["/fr/", "/es/", "/routines/", "/fr/routines/"])
def test_only_the_home_page_redirects(client, db, path):
    assert (
        client.get(
            path, **SPANISH_BROWSER if path.startswith("/fr") else FRENCH_BROWSER
        ).status_code
        == 200
    )


def test_a_post_to_the_home_page_is_not_redirected(client, db):
    assert client.post("/", **FRENCH_BROWSER).status_code != 302


def test_the_redirect_keeps_the_query_string(client, db):
    assert client.get("/?utm_source=paper", **FRENCH_BROWSER).url == "/fr/?utm_source=paper"


def test_the_page_cache_never_answers_a_french_first_visit_with_the_english_home(client, db):
    assert client.get("/").status_code == 200  # the English home page, now in the page cache
    assert client.get("/").status_code == 200

    french = Client()
    response = french.get("/", **FRENCH_BROWSER)

    assert response.status_code == 302
    assert response.url == "/fr/"


def test_a_french_browser_follows_the_redirect_once_and_is_remembered(db):
    browser = Client(**FRENCH_BROWSER)

    landed = browser.get("/", follow=True)
    assert landed.redirect_chain == [("/fr/", 302)]
    assert html_lang(landed) == "fr"
    assert browser.cookies[COOKIE].value == "fr"

    english = browser.get(switcher(landed)["English"])  # the reader clicks "English"
    assert html_lang(english) == "en"
    assert browser.cookies[COOKIE].value == "en"
    assert browser.get("/").status_code == 200  # no more redirects


# The language cookie --------------------------------------------------------------------------


def test_a_page_remembers_its_language_in_the_cookie(client, routine):
    response = client.get("/es/routines/psoas-release/")

    cookie = response.cookies[COOKIE]
    assert cookie.value == "es"
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert int(cookie["max-age"]) == settings.LANGUAGE_COOKIE_AGE


def test_a_first_english_page_chooses_nothing_so_the_home_page_still_redirects_later(db, routine):
    browser = Client(**FRENCH_BROWSER)

    first = browser.get("/routines/psoas-release/")  # from a search engine, say
    assert first.status_code == 200
    assert COOKIE not in first.cookies

    assert browser.get("/").url == "/fr/"


def test_the_cookie_is_set_only_when_it_says_otherwise(client, routine):
    client.cookies[COOKIE] = "fr"

    assert COOKIE not in client.get("/fr/routines/").cookies
    assert client.get("/routines/").cookies[COOKIE].value == "en"


@pytest.mark.parametrize("path", ["/feed/", "/fr/feed/", "/sitemap.xml", "/robots.txt", "/healthz"])
def test_feeds_sitemap_and_services_set_no_cookie(client, routine, path):
    response = client.get(path)

    assert response.status_code == 200
    assert COOKIE not in response.cookies


def test_the_admin_and_missing_pages_set_no_cookie(admin_client, client, db):
    assert COOKIE not in admin_client.get("/admin/").cookies
    assert COOKIE not in client.get("/fr/routines/no-such-routine/").cookies


def test_a_page_from_the_page_cache_gets_the_cookie_and_the_cache_keeps_none(
    routine, django_assert_num_queries
):
    Client().get("/fr/routines/psoas-release/")  # fills the page cache

    with django_assert_num_queries(1):  # the library version: served whole from the cache
        response = Client().get("/fr/routines/psoas-release/")

    assert response.cookies[COOKIE].value == "fr"
    entries = [pickle.loads(value) for value in _cache()._cache.values()]  # noqa: SLF001, S301
    pages = [
        dict(entry[1][0])
        for entry in entries
        if isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[1], tuple)
        and isinstance(entry[1][0], list)
    ]
    assert pages  # the whole page, and the shell it was filled from
    assert all("Set-Cookie" not in headers and COOKIE not in str(headers) for headers in pages)
    again = Client()
    again.cookies[COOKIE] = "fr"
    assert COOKIE not in again.get("/fr/routines/psoas-release/").cookies


# The page cache keeps one page per language ---------------------------------------------------


@pytest.mark.parametrize("first, then", [("/fr", ""), ("", "/fr"), ("/es", "/fr")])
def test_a_cached_page_never_reaches_a_reader_of_another_language(routine, first, then):
    path = "/routines/psoas-release/"
    assert Client().get(f"{first}{path}").status_code == 200
    expected = then.strip("/") or "en"

    for cookie in (None, "fr", "es", "en"):
        reader = Client()
        if cookie:
            reader.cookies[COOKIE] = cookie
        response = reader.get(f"{then}{path}")
        assert html_lang(response) == expected, cookie
        assert response["Content-Language"] == expected


def test_an_english_address_is_english_whatever_the_cookie_or_browser(client, routine):
    client.cookies[COOKIE] = "fr"

    response = client.get("/routines/psoas-release/", **FRENCH_BROWSER)

    assert html_lang(response) == "en"
    assert "/fr/routines/psoas-release/" not in switcher(response)["English"]


def test_signed_in_readers_get_each_language_from_the_shared_pages_too(client, routine, reader):
    client.force_login(reader)

    assert html_lang(client.get("/fr/routines/psoas-release/")) == "fr"
    assert html_lang(client.get("/routines/psoas-release/")) == "en"
    nav = client.get("/es/routines/psoas-release/").content.decode()
    assert 'href="/es/submissions/"' in nav


# The switcher and the hreflang alternates -----------------------------------------------------


def test_the_switcher_leads_to_the_same_page_in_each_language(client, routine):
    response = client.get("/fr/routines/psoas-release/")

    assert switcher(response) == {
        "English": "/routines/psoas-release/",
        "Français": "/fr/routines/psoas-release/",
        "Español": "/es/routines/psoas-release/",
    }


def test_the_switcher_keeps_the_search_and_the_filters(client, routine):
    response = client.get("/es/routines/?q=psoas&area=low-back&page=1")

    assert switcher(response) == {
        "English": "/routines/?q=psoas&area=low-back&page=1",
        "Français": "/fr/routines/?q=psoas&area=low-back&page=1",
        "Español": "/es/routines/?q=psoas&area=low-back&page=1",
    }


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(client, db):
    html = client.get("/es/").content.decode()

    assert '<a href="/" hreflang="en" lang="en">English</a>' in html
    assert '<a href="/fr/" hreflang="fr" lang="fr">Français</a>' in html
    assert '<a href="/es/" hreflang="es" lang="es" aria-current="page">Español</a>' in html
    assert "csrfmiddlewaretoken" not in html  # plain links: no form, no CSRF cookie
    assert "csrftoken" not in client.cookies


def test_the_switcher_is_on_the_account_pages_too(client, db):
    response = client.get("/fr/accounts/signup/")

    assert switcher(response)["Español"] == "/es/accounts/signup/"


def test_a_signed_in_readers_pages_have_the_switcher(client, reader):
    client.force_login(reader)

    response = client.get("/fr/submissions/")

    assert switcher(response)["English"] == "/submissions/"


def test_every_page_names_its_alternates_with_english_as_the_default(client, routine):
    response = client.get("/fr/routines/?q=psoas")

    assert alternates(response) == {
        "en": "http://testserver/routines/?q=psoas",
        "x-default": "http://testserver/routines/?q=psoas",
        "fr": "http://testserver/fr/routines/?q=psoas",
        "es": "http://testserver/es/routines/?q=psoas",
    }


def test_each_host_gets_its_own_alternates(client, routine, settings):
    settings.ALLOWED_HOSTS = ["testserver", "somatics.example.org"]
    client.get("/routines/psoas-release/")

    response = client.get("/routines/psoas-release/", HTTP_HOST="somatics.example.org")

    assert alternates(response)["fr"] == "http://somatics.example.org/fr/routines/psoas-release/"


# The sitemap and the feeds --------------------------------------------------------------------

XHTML = "{http://www.w3.org/1999/xhtml}link"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_each_routine_in_each_language_with_its_alternates(client, routine):
    root = ET.fromstring(client.get("/sitemap.xml").content)

    urls = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.iter(XHTML)
        }
        for url in root.iter(f"{SITEMAP}url")
    }
    expected = {
        "en": "http://testserver/routines/psoas-release/",
        "fr": "http://testserver/fr/routines/psoas-release/",
        "es": "http://testserver/es/routines/psoas-release/",
        "x-default": "http://testserver/routines/psoas-release/",
    }
    for code in ("en", "fr", "es"):
        assert urls[expected[code]] == expected
    assert urls["http://testserver/fr/"]["es"] == "http://testserver/es/"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_each_language_has_its_own_feed(client, routine, language):
    response = client.get(f"/{language}/feed/")

    root = ET.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    links = [link.get("href") for link in root.iter(f"{atom}link")]
    assert f"http://testserver/{language}/routines/" in links
    assert f"http://testserver/{language}/routines/psoas-release/" in links
    assert "http://testserver/routines/psoas-release/" not in links


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
def test_the_page_names_the_feed_of_its_language(client, db, prefix):
    html = client.get(f"{prefix}/").content.decode()

    assert re.search(rf'type="application/atom\+xml"[^>]*href="{prefix}/feed/"', html)


# Dates ---------------------------------------------------------------------------------------


def test_dates_are_written_the_way_each_language_writes_them(client, reader, make_submission):
    make_submission(reader)
    client.force_login(reader)

    english = client.get("/submissions/").content.decode()
    spanish = client.get("/es/submissions/").content.decode()

    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", english)  # 2 December 2026, as before
    assert re.search(r"\d{1,2} de [a-z]+ de \d{4}", spanish)  # 2 de diciembre de 2026


@pytest.mark.parametrize("path", ["/fr", "/es/routines"])
def test_an_address_without_its_last_slash_gets_it(client, db, path):
    response = client.get(path)

    assert response.status_code == 301
    assert response.url == f"{path}/"
