"""The public pages: what a reader sees, what they must not see, and how many queries it costs."""

import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.urls import reverse

from routines.models import Licence, Routine

pytestmark = pytest.mark.django_db


def cards(response):
    return [r.slug for r in response.context["page"].object_list]


# Home -----------------------------------------------------------------------------------------


def test_home_says_what_the_library_is_and_shows_recent_routines(client, make_routine):
    make_routine("Arch and flatten")
    make_routine("Hidden draft", published=False)
    response = client.get("/")
    assert response.status_code == 200
    assert b"Somatics Library" in response.content
    assert b"Arch and flatten" in response.content
    assert b"Hidden draft" not in response.content
    assert b"Share your own way of moving" in response.content


# Browse and filter ----------------------------------------------------------------------------


def test_list_shows_every_published_routine_as_a_card(client, make_routine, make_area):
    back = make_area("Low back", slug="low-back")
    make_routine("Arch and flatten", areas=[back], minutes=5)
    make_routine("Draft", published=False)
    response = client.get(reverse("routines:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Arch and flatten" in html
    assert "Lying on your back" in html
    assert "5 minutes" in html
    assert "Low back" in html
    assert "Draft" not in html


def test_filters_combine_and_live_in_the_url(client, make_routine, make_area):
    back, neck = make_area("Low back", slug="low-back"), make_area("Neck", slug="neck")
    wanted = make_routine("Chair back", areas=[back], position="chair_or_bed", minutes=5)
    make_routine("Floor back", areas=[back], position="back", minutes=5)
    make_routine("Chair neck", areas=[neck], position="chair_or_bed", minutes=5)
    make_routine("Long chair back", areas=[back], position="chair_or_bed", minutes=20)

    response = client.get("/routines/?area=low-back&position=chair_or_bed&duration=short")

    assert cards(response) == [wanted.slug]
    assert 'value="chair_or_bed" selected' in response.content.decode()


@pytest.mark.parametrize(
    ("duration", "titles"),
    [
        ("short", {"Five"}),
        ("medium", {"Six", "Ten"}),
        ("long", {"Eleven"}),
        ("", {"Five", "Six", "Ten", "Eleven"}),
    ],
)
def test_duration_buckets(client, make_routine, duration, titles):
    for title, minutes in (("Five", 5), ("Six", 6), ("Ten", 10), ("Eleven", 11)):
        make_routine(title, minutes=minutes)
    response = client.get(f"/routines/?duration={duration}")
    assert {r.title for r in response.context["page"].object_list} == titles


@pytest.mark.parametrize(
    "query", ["area=nowhere", "position=upside-down", "duration=9", "page=999"]
)
def test_unknown_filter_values_are_ignored_not_errors(client, make_routine, query):
    make_routine("Arch and flatten")
    response = client.get(f"/routines/?{query}")
    assert response.status_code == 200
    assert "Arch and flatten" in response.content.decode()


def test_list_is_paginated_and_keeps_the_filters(client, make_routine, settings):
    settings.ROUTINES_PER_PAGE = 2
    for _ in range(5):
        make_routine(minutes=5)
    first = client.get("/routines/?duration=short")
    assert len(cards(first)) == 2
    assert 'href="?duration=short&amp;page=2"' in first.content.decode()
    last = client.get("/routines/?duration=short&page=3")
    assert len(cards(last)) == 1


def test_search_results_are_ranked_and_paginated(client, starter_library, settings):
    settings.ROUTINES_PER_PAGE = 2
    response = client.get("/routines/?q=soas")
    assert cards(response)[0] == "psoas-release"
    assert response.context["page"].paginator.count >= 3
    assert "Routines for “soas”" in response.content.decode()


def test_search_combines_with_filters(client, starter_library):
    response = client.get("/routines/?q=soas&position=chair_or_bed")
    assert cards(response) == ["psoas-release-in-bed"]


def test_a_search_that_finds_nothing_says_so_kindly(client, starter_library):
    response = client.get("/routines/?q=quantum")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No routine matches that yet." in html
    assert 'or <a href="/routines/">browse every routine</a>.' in html


def test_script_in_the_query_is_shown_as_text(client, starter_library):
    response = client.get("/routines/", {"q": '<script>alert("x")</script>'})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_an_overlong_query_is_ignored(client, starter_library):
    response = client.get("/routines/", {"q": "psoas " * 100})
    assert response.status_code == 200


def test_list_page_query_count_does_not_grow_with_the_library(
    client, make_routine, make_area, django_assert_max_num_queries, settings
):
    settings.ROUTINES_PER_PAGE = 60
    areas = [make_area("Low back", slug="low-back"), make_area("Hips", slug="hips")]
    for _ in range(3):
        make_routine(areas=areas)
    with django_assert_max_num_queries(7) as small:  # 4, the library version, 2 option counts
        client.get("/routines/")
    for _ in range(57):
        make_routine(areas=areas)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/routines/")
    assert len(cards(response)) == 60


def test_search_page_query_count_does_not_grow_with_the_results(
    client, make_routine, django_assert_max_num_queries, settings
):
    settings.ROUTINES_PER_PAGE = 60
    for _ in range(3):
        make_routine("Psoas release")
    with django_assert_max_num_queries(10) as small:  # 7, the library version, 2 option counts
        client.get("/routines/?q=psoas+release")
    for _ in range(57):
        make_routine("Psoas release")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/routines/?q=psoas+release")
    assert len(cards(response)) == 60


# A routine ------------------------------------------------------------------------------------


def test_routine_page_shows_cautions_before_numbered_steps(client, starter_library):
    response = client.get("/routines/psoas-release/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Before you start") < html.index('id="steps-heading"')
    routine = Routine.objects.get(slug="psoas-release")
    first, *_, last = routine.steps.all()
    assert html.index(first.title) < html.index(last.title)
    assert "Susan Koenig" in html
    assert "3 times" in html
    assert "Right side" in html
    assert "Questions readers ask" in html
    assert "{#" not in html and "{%" not in html


def test_each_fact_of_a_step_is_counted_whole(client, make_routine):
    routine = make_routine(steps=2)
    first, second = routine.steps.all()
    first.reps, first.hold_seconds, first.rest_seconds = 1, 1, 1
    first.save()
    second.reps, second.hold_seconds, second.rest_seconds = 4, 5, 10
    second.save()

    html = client.get(routine.get_absolute_url()).content.decode()

    for fact in ["1 time", "hold 1 second", "rest 1 second between reps"]:
        assert f"<li>{fact}</li>" in html
    for fact in ["4 times", "hold 5 seconds", "rest 10 seconds between reps"]:
        assert f"<li>{fact}</li>" in html


def test_variations_link_both_ways(client, starter_library):
    parent = client.get("/routines/psoas-release/").content.decode()
    child = client.get("/routines/psoas-release-variation/").content.decode()
    assert 'href="/routines/psoas-release-variation/"' in parent
    assert "A variation of" in child
    assert 'href="/routines/psoas-release/"' in child


def test_related_routines_share_a_body_area_and_exclude_the_family(client, starter_library):
    related = client.get("/routines/psoas-release/").context["related"]
    assert related
    slugs = {r.slug for r in related}
    assert not slugs & {"psoas-release", "psoas-release-variation", "psoas-release-in-bed"}


def test_unknown_slug_is_404(client, db):
    assert client.get("/routines/no-such-routine/").status_code == 404


def test_drafts_are_404_for_readers(client, make_routine, django_user_model):
    draft = make_routine("Draft", published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(django_user_model.objects.create_user("reader", "r@example.com", "pw"))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_editors_can_preview_a_draft_with_a_banner(client, make_routine, editor):
    draft = make_routine("Draft", published=False)
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "only editors can see this page" in response.content.decode()


def test_unpublished_routine_disappears_from_every_public_page(client, starter_library):
    routine = Routine.objects.get(slug="washrag")
    routine.unpublish()
    assert client.get(routine.get_absolute_url()).status_code == 404
    assert "washrag" not in cards(client.get("/routines/"))
    assert "washrag" not in cards(client.get("/routines/?q=washrag"))
    assert b"/routines/washrag/" not in client.get("/feed/").content
    assert b"/routines/washrag/" not in client.get("/sitemap.xml").content


def test_detail_page_query_count_does_not_grow_with_steps(
    client, make_routine, make_area, django_assert_max_num_queries
):
    area = make_area()
    small = make_routine(steps=3, questions=1, areas=[area])
    make_routine(areas=[area])
    # 9, the contraindications, the glossary's terms (once per version), the readers' questions,
    # the library version
    with django_assert_max_num_queries(13) as few:
        client.get(small.get_absolute_url())
    big = make_routine(steps=30, questions=10, areas=[area])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(big.get_absolute_url())
    assert response.content.decode().count('class="step" ') == 30


def test_routine_text_is_escaped(client, make_routine):
    routine = make_routine('<img src=x onerror="alert(1)">', summary="<b>bold</b>")
    html = client.get(routine.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_pages_refuse_post(client, starter_library):
    assert client.post("/routines/").status_code == 405


# Feed, sitemap, robots, health ----------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_valid_atom_with_published_routines_newest_first(client, make_routine):
    make_routine("Older")
    make_routine("Newer")
    make_routine("Draft", published=False)
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Newer", "Older"]


def test_sitemap_lists_published_routines(client, make_routine):
    published = make_routine("Published")
    draft = make_routine("Draft", published=False)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith(published.get_absolute_url()) for loc in locations)
    assert not any(loc.endswith(draft.get_absolute_url()) for loc in locations)
    assert any(loc.endswith("/routines/") for loc in locations)


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_down(client, db, monkeypatch):
    from django.db import DatabaseError, connection

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_favicon_ico_points_at_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.svg")


@pytest.mark.parametrize(("asked", "shown"), [("2", 2), ("abc", 1), ("-4", 1), ("999", 3)])
def test_search_results_are_paged_like_the_list(client, make_routine, settings, asked, shown):
    settings.ROUTINES_PER_PAGE = 2
    for n in range(5):
        make_routine(f"Washrag {n}")

    response = client.get(f"/routines/?q=washrag&page={asked}")

    page = response.context["page"]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (shown, 5, 3)
    assert f"Page {shown} of 3" in response.content.decode()
    assert len(page.object_list) == (1 if shown == 3 else 2)


def test_related_routines_share_the_most_areas_then_are_the_newest(make_routine, make_area):
    from django.utils import timezone

    back, hips, neck = make_area("Back"), make_area("Hips"), make_area("Neck")
    routine = make_routine("Seed", areas=[back, hips])
    old_both = make_routine("Old, both areas", areas=[back, hips])
    old_both.published_at = timezone.now() - timezone.timedelta(days=30)
    old_both.save()
    make_routine("New, one area", areas=[hips])
    older_one = make_routine("Older, one area", areas=[back])
    older_one.published_at = timezone.now() - timezone.timedelta(days=1)
    older_one.save()
    make_routine("Unrelated", areas=[neck])
    make_routine("Draft, both areas", areas=[back, hips], published=False)
    make_routine("A variation", areas=[back, hips], variation_of=routine)

    assert [r.title for r in routine.related()] == [
        "Old, both areas",
        "New, one area",
        "Older, one area",
    ]
    assert [r.title for r in routine.related(limit=1)] == ["Old, both areas"]


def test_a_large_result_count_is_written_with_thousands_separators(client, starter_library):
    from routines.search import SearchResults

    results = SearchResults(ids=[], terms=["psoas"], total=28616, page=1, per_page=12)
    with mock.patch("routines.views.cached_search", return_value=results):
        page = client.get("/routines/?q=psoas&nocache=1").content.decode()

    assert "28,616 routines" in page


def test_the_routine_page_credits_the_teacher_with_a_link(client, make_routine):
    routine = make_routine(credit_name="Mara Teacher", credit_url="https://example.org/mara")
    html = client.get(routine.get_absolute_url()).content.decode()
    assert (
        'Taught by <a href="https://example.org/mara" rel="nofollow noopener">Mara Teacher</a>'
        in html
    )


@pytest.mark.parametrize(
    "licence, name, deed",
    [
        ("cc-by-sa-4.0", "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        (
            "cc-by-nc-sa-4.0",
            "CC BY-NC-SA 4.0",
            "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        ),
    ],
)
def test_the_routine_page_links_the_licence_the_reader_chose(
    client, make_routine, licence, name, deed
):
    assert licence in Licence.values  # one the submission form offers
    routine = make_routine(licence=licence)
    html = client.get(routine.get_absolute_url()).content.decode()
    assert f'Shared under <a href="{deed}" rel="license noopener">{name}</a>.' in html
