"""The site's own 404 and 500 pages, and the page that explains how to follow new routines."""

import pytest
from django.template import loader
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, prefix", [("en", ""), ("fr", "/fr"), ("es", "/es")])
def test_an_unknown_address_gets_the_sites_404_with_a_search_and_ways_back(
    client, language, prefix
):
    response = client.get(f"{prefix}/routines/an-old-newsletter-link/")

    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    assert 'role="search"' in html and 'name="q"' in html
    assert 'value="an old newsletter link"' in html  # the old address's words, to search
    assert f'href="{prefix}/routines/"' in html and f'href="{prefix}/"' in html
    assert "Not Found" not in html
    assert html.count('type="search"') == 1  # one search box, the page's own


def test_the_404_offers_no_search_for_an_address_that_is_not_words(client):
    html = client.get("/routines/x123/").content.decode()

    assert 'value=""' in html


def test_the_500_page_renders_with_no_context_and_no_database(django_assert_num_queries):
    request = RequestFactory().get("/routines/")
    with django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'role="search"' in html and 'action="/routines/"' in html
    assert 'href="/"' in html
    assert "<script" not in html and "style=" not in html


def test_the_500_page_speaks_the_readers_language():
    with translation.override("fr"):
        html = loader.get_template("500.html").render()

    assert 'lang="fr"' in html and 'action="/fr/routines/"' in html


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
def test_the_footer_leads_to_a_page_explaining_how_to_follow_new_routines(client, prefix):
    home = client.get(f"{prefix}/").content.decode()
    assert f'href="{prefix}/follow/"' in home
    assert f'href="{prefix}/feed/">' not in home.split("<footer")[1]  # no raw XML from the footer

    page = client.get(f"{prefix}/follow/")

    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="http://testserver{prefix}/feed/" readonly' in html
    assert f'href="{prefix}/submit/"' in html
