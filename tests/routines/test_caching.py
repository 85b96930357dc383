"""
Library pages are cached for every reader, never outlive a change, and never carry one reader's
own pieces (header, messages, tokens) to another.
"""

import re

import pytest
from django.contrib.messages import constants
from django.test import Client

from routines import views
from routines.models import Routine

pytestmark = pytest.mark.django_db

PAGES = ["/", "/routines/", "/routines/?q=washrag", "/routines/washrag/"]


def test_a_second_anonymous_visit_costs_one_small_query(
    client, starter_library, django_assert_num_queries
):
    client.get("/routines/psoas-release/")
    with django_assert_num_queries(1) as queries:
        response = client.get("/routines/psoas-release/")
    assert "routines_libraryversion" in queries.captured_queries[0]["sql"]
    assert response.status_code == 200
    assert "Psoas release" in response.content.decode()
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("path", PAGES)
def test_an_unpublished_routine_disappears_from_cached_pages(client, starter_library, path):
    assert "Washrag" in client.get(path).content.decode()
    Routine.objects.get(slug="washrag").unpublish()
    response = client.get(path)
    assert response.status_code == 404 or "Washrag" not in response.content.decode()


def test_an_edit_in_admin_shows_at_once(admin_client, client, starter_library):
    routine = Routine.objects.get(slug="washrag")
    client.get(routine.get_absolute_url())
    from routines.search import index_routine

    routine.summary = "A brand new summary."
    routine.save()
    index_routine(routine)
    assert "A brand new summary." in client.get(routine.get_absolute_url()).content.decode()


def test_a_signed_in_reader_gets_the_shared_page_with_their_own_header(
    client, starter_library, reader, monkeypatch, django_assert_max_num_queries
):
    anonymous = client.get("/routines/psoas-release/").content.decode()
    assert "Sign in" in anonymous and "Sign out" not in anonymous

    client.force_login(reader)
    rendered = []
    monkeypatch.setattr(views, "render", lambda *a, **k: rendered.append(a) or None)
    with django_assert_max_num_queries(2):  # the session and the library version
        page = client.get("/routines/psoas-release/")
    assert rendered == []  # the routine came from the cache, only the header was made
    text = page.content.decode()
    assert "Psoas release" in text
    assert "Your submissions" in text and "Sign out" in text
    assert "Sign in" not in text
    assert "private" in page["Cache-Control"]


@pytest.mark.parametrize("path", PAGES)
def test_no_reader_ever_gets_another_readers_header_or_messages(starter_library, make_reader, path):
    first, second = make_reader(email="ann@example.org"), make_reader(email="bob@example.org")
    ann, bob, nobody = Client(), Client(), Client()
    ann.force_login(first)
    bob.force_login(second)
    add_message_to(ann, "Only for Ann: your pattern was sent.")

    seen = {name: c.get(path).content.decode() for name, c in [("ann", ann), ("bob", bob)]}
    seen["nobody"] = nobody.get(path).content.decode()
    seen["bob again"] = bob.get(path).content.decode()

    assert "Only for Ann" in seen["ann"]
    for name in ("bob", "nobody", "bob again"):
        assert "Only for Ann" not in seen[name]
    ann_token = csrf_token(seen["ann"])
    assert ann_token and ann_token not in seen["bob"]
    assert csrf_token(seen["bob"]) != ann_token
    assert "Sign out" not in seen["nobody"] and csrf_token(seen["nobody"]) is None
    # Ann's message was shown once; her next page is plain.
    assert "Only for Ann" not in ann.get(path).content.decode()


def test_the_shared_page_is_the_same_whoever_asked_first(starter_library, reader):
    """What a signed-in reader's visit leaves in the cache is what a stranger's would."""
    from routines.caching import forget_all

    signed_in = Client()
    signed_in.force_login(reader)
    for path in PAGES:
        signed_in.get(path)
        after_reader = Client().get(path).content
        forget_all()
        after_stranger = Client().get(path).content
        forget_all()
        assert after_reader == after_stranger, path


def test_an_editors_preview_of_a_draft_is_never_shared(client, admin_client, starter_library):
    Routine.objects.get(slug="washrag").unpublish()
    preview = admin_client.get("/routines/washrag/")
    assert preview.status_code == 200
    assert "private" in preview["Cache-Control"]
    assert client.get("/routines/washrag/").status_code == 404


def test_unchanged_pages_answer_304_to_a_conditional_request(client, starter_library):
    first = client.get("/routines/psoas-release/")
    etag = first["ETag"]
    again = client.get("/routines/psoas-release/", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_each_host_gets_its_own_cached_page(client, starter_library, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    client.get("/routines/psoas-release/", HTTP_HOST="one.example")
    page = client.get("/routines/psoas-release/", HTTP_HOST="two.example").content.decode()
    assert 'href="http://two.example/routines/psoas-release/"' in page
    assert "one.example" not in page


def test_a_cached_page_never_asks_the_shared_cache(client, starter_library, monkeypatch):
    """Pages live in each process's memory; the shared cache is for rate limits."""
    from django.core.cache import caches

    client.get("/routines/psoas-release/")
    calls = []
    backend = caches["default"]
    for name in ("get", "get_many", "get_or_set", "set", "add", "incr"):
        monkeypatch.setattr(backend, name, lambda *a, _name=name, **k: calls.append(_name))

    response = client.get("/routines/psoas-release/")

    assert response.status_code == 200
    assert calls == []


def test_a_page_cached_before_a_change_is_not_served_after_it(client, starter_library):
    from routines.caching import library_changed

    client.get("/routines/washrag/")
    Routine.objects.filter(slug="washrag").update(summary="Changed behind the cache's back.")
    assert "Changed behind" not in client.get("/routines/washrag/").content.decode()
    library_changed()
    assert "Changed behind" in client.get("/routines/washrag/").content.decode()


def test_the_version_is_bumped_in_the_changing_transaction(starter_library):
    """Another process sees the new version exactly when it sees the change, not before."""
    from django.db import transaction

    from routines.caching import library_version

    before = library_version()
    with transaction.atomic():
        Routine.objects.get(slug="washrag").unpublish()
        assert library_version() == before + 1
    assert library_version() == before + 1


def add_message_to(client, text):
    """A message waiting for the reader, in the cookie where a view after a POST leaves it."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage, response = CookieStorage(HttpRequest()), HttpResponse()
    storage.add(constants.SUCCESS, text)
    storage.update(response)
    client.cookies.update(response.cookies)


def csrf_token(page: str) -> str | None:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found[1] if found else None


def test_a_page_served_whole_carries_every_header_the_first_one_had(client, starter_library):
    first = client.get("/routines/psoas-release/")
    again = client.get("/routines/psoas-release/")
    assert again.content == first.content
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Content-Type-Options",
        "Content-Language",
        "Vary",
        "Content-Type",
    ):
        assert again[header] == first[header], header


def test_pages_that_are_not_the_librarys_never_ask_for_its_version(
    client, starter_library, django_assert_num_queries
):
    with django_assert_num_queries(0):
        client.get("/robots.txt")
    login = client.get("/accounts/login/")
    assert login.status_code == 200
    assert not getattr(login, "shared_page", False)


@pytest.mark.parametrize("path", PAGES)
def test_a_deleted_routine_is_gone_from_cached_pages(client, starter_library, path):
    assert "Washrag" in client.get(path).content.decode()
    Routine.objects.filter(slug="washrag").delete()  # a queryset delete, as admin's action does
    response = client.get(path)
    assert response.status_code == 404 or "Washrag" not in response.content.decode()


def test_a_deleted_body_area_leaves_the_cached_filters(client, starter_library):
    from routines.models import BodyArea

    area = BodyArea.objects.filter(routines__isnull=False).first()
    assert f'value="{area.slug}"' in client.get("/routines/").content.decode()
    area.delete()
    assert f'value="{area.slug}"' not in client.get("/routines/").content.decode()


def test_the_header_marks_the_page_the_reader_is_on(client, starter_library, reader):
    client.force_login(reader)
    mine = client.get("/submissions/").content.decode()
    assert 'href="/submissions/" aria-current="page"' in mine
    assert 'href="/routines/" aria-current="page"' not in mine
    browse = client.get("/routines/").content.decode()
    assert 'href="/routines/" aria-current="page"' in browse


def test_the_sign_out_button_of_a_cached_page_works(starter_library, reader):
    """The header is made once per page and state; each request puts its own CSRF token in."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    strict.get("/routines/psoas-release/")
    page = strict.get("/routines/psoas-release/").content.decode()
    response = strict.post("/accounts/logout/", {"csrfmiddlewaretoken": csrf_token(page)})
    assert response.status_code == 302
    assert "_auth_user_id" not in strict.session


def test_a_reader_whose_account_is_gone_still_gets_pages_and_no_more(
    client, starter_library, reader
):
    """Library pages read only the session's claim; pages that act for a reader check it."""
    client.force_login(reader)
    reader.is_active = False
    reader.save()
    assert client.get("/routines/psoas-release/").status_code == 200
    response = client.get("/submissions/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
