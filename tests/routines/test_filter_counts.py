"""The browse filters say how many routines each option shows, and which have none yet."""

import re

import pytest

from routines.facets import option_counts
from routines.models import Position

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL).group(0)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))


@pytest.fixture
def library(make_routine, make_area):
    back, neck = make_area("Low back"), make_area("Neck")
    make_routine(position=Position.BACK, minutes=4, areas=[back])
    make_routine(position=Position.BACK, minutes=8, areas=[back, neck])
    make_routine(position=Position.CHAIR_OR_BED, minutes=8, areas=[neck])
    make_routine(position=Position.FRONT, published=False, areas=[back])  # a draft: not counted
    return back, neck


def test_each_option_says_how_many_routines_it_shows(client, library):
    html = client.get("/routines/").content.decode()

    assert options(html, "position")["back"] == "Lying on your back (2)"
    assert options(html, "position")["chair_or_bed"] == "In a chair or in bed (1)"
    assert options(html, "area")["low-back"] == "Low back (2)"
    assert options(html, "duration")["short"] == "Up to 5 minutes (1)"
    assert options(html, "duration")["medium"] == "6 to 10 minutes (2)"
    assert options(html, "position")[""] == "Any position"


def test_an_option_with_no_routine_says_so_before_it_is_chosen(client, library):
    html = client.get("/routines/").content.decode()

    assert options(html, "position")["front"] == "Lying on your front (none yet)"
    assert options(html, "duration")["long"] == "More than 10 minutes (none yet)"


def test_the_counts_follow_the_other_filters(client, library):
    html = client.get("/routines/?area=neck").content.decode()

    assert options(html, "position")["back"] == "Lying on your back (1)"
    assert options(html, "area")["low-back"] == "Low back (2)"  # its own filter is not applied


def test_while_searching_only_the_empty_options_are_marked(client, library):
    html = client.get("/routines/?q=gentle").content.decode()

    assert options(html, "position")["back"] == "Lying on your back"
    assert options(html, "position")["front"] == "Lying on your front (none yet)"


def test_counting_the_options_takes_two_queries_whatever_the_library(
    library, make_routine, make_area, django_assert_num_queries
):
    with django_assert_num_queries(2):
        small = option_counts(area="low-back")
    for n in range(12):
        make_routine(position=Position.SIDE, minutes=12, areas=[make_area(f"Area {n}")])
    with django_assert_num_queries(2):
        large = option_counts(area="low-back", position="back")
    assert small.position["back"] == 2 and small.position["side"] == 0
    assert large.duration["long"] == 0


@pytest.mark.parametrize("path", ["/routines/", "/routines/?position=back", "/routines/?q=gentle"])
def test_the_list_page_queries_stay_constant_with_more_routines_and_areas(
    client, library, make_routine, make_area, django_assert_max_num_queries, path
):
    from routines.caching import forget_all

    client.get(path)
    forget_all()
    with django_assert_max_num_queries(12) as few:
        client.get(path)
    for n in range(15):
        make_routine(position=Position.SIDE, areas=[make_area(f"Area {n}")])
    forget_all()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(path)


@pytest.mark.parametrize("path", ["/routines/", "/routines/?q=routine"])
def test_the_list_cards_are_headed_one_level_below_the_page(client, library, path):
    html = client.get(path).content.decode()

    assert '<h2 class="card__title"' in html
    assert '<h3 class="card__title"' not in html


def test_the_home_page_cards_stay_under_their_section_heading(client, library):
    html = client.get("/").content.decode()

    assert '<h3 class="card__title"' in html
