"""Public pages come from the cache for anonymous readers, and never outlive a change."""

import pytest

from routines.models import Routine

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_visit_costs_no_query(
    client, starter_library, django_assert_num_queries
):
    client.get("/routines/psoas-release/")
    with django_assert_num_queries(0):
        response = client.get("/routines/psoas-release/")
    assert response.status_code == 200
    assert "Psoas release" in response.content.decode()
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("path", ["/", "/routines/", "/routines/?q=washrag", "/routines/washrag/"])
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


def test_signed_in_readers_get_a_fresh_page(client, starter_library, reader):
    client.get("/")
    client.force_login(reader)
    assert "Your submissions" in client.get("/").content.decode()


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


def test_a_cached_page_is_one_round_trip_to_the_cache(client, starter_library, monkeypatch):
    from django.core.cache import caches

    client.get("/routines/psoas-release/")
    backend, calls, depth = caches["default"], [], [0]

    def spy(name, method):
        def call(*args, **kwargs):
            if not depth[0]:  # the local cache answers get_many with gets: count the outer call
                calls.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "get_or_set", "set", "add", "incr"):
        monkeypatch.setattr(backend, name, spy(name, getattr(backend, name)))

    response = client.get("/routines/psoas-release/")

    assert response.status_code == 200
    assert calls == ["get_many"]


def test_a_page_cached_before_a_change_is_not_served_after_it(client, starter_library):
    from routines.caching import library_changed

    client.get("/routines/washrag/")
    Routine.objects.filter(slug="washrag").update(summary="Changed behind the cache's back.")
    assert "Changed behind" not in client.get("/routines/washrag/").content.decode()
    library_changed()
    assert "Changed behind" in client.get("/routines/washrag/").content.decode()
