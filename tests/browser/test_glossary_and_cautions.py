"""
In Chromium: a reader follows a glossary link from a routine to its plain-words entry in their
language, sees the contraindications before the steps, and the new pages pass axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_french_reader_follows_a_term_to_its_entry_in_the_glossary(page):
    page.goto("/fr/routines/psoas-release/")
    cautions = page.locator(".cautions:not(.practice__cautions)")  # not practice mode's copy
    expect(cautions.locator("[data-contraindication='hip-replacement']")).to_contain_text(
        "prothèse de hanche"
    )
    page.locator(".purpose").get_by_role("link", name="fléchisseurs de la hanche").click()
    expect(page).to_have_url(re.compile(r"/fr/glossary/#hip-flexors$"))
    entry = page.locator("dt#hip-flexors")
    expect(entry).to_have_text("fléchisseurs de la hanche")
    expect(entry).to_be_in_viewport()


def test_the_form_offers_the_name_to_credit_prefilled(browser, live_server, make_reader):
    reader = make_reader(display_name="Mara Teacher")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 900})
    sign_in(context, live_server, reader)
    page = context.new_page()
    page.goto("/submit/")
    field = page.get_by_label("Name to credit when it is published")
    expect(field).to_have_value("Mara Teacher")
    field.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/safety/submit-credit-390.png")
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/glossary/", "/fr/glossary/", "/es/glossary/", "/routines/psoas-release-variation/",
     "/fr/routines/psoas-release-variation/"],
)  # fmt: skip
@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_violations_on_the_glossary_and_the_variation(
    axe, starter_library, path, width
):
    violations = axe(path, width)
    assert violations == [], axe.format(violations)


def test_the_handout_prints_each_condition_in_its_whole_wording(page):
    page.goto("/routines/psoas-release/")
    page.emulate_media(media="print")
    cautions = page.locator(".cautions:not(.practice__cautions)")  # not practice mode's copy
    expect(cautions.locator(".cautions__conditions")).to_be_visible()
    expect(cautions.locator("[data-contraindication='hip-replacement']")).to_be_visible()
    expect(cautions.locator("[data-contraindication='late-pregnancy']")).to_be_visible()
