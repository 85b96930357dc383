"""
A reader whose browser prefers French, in real Chromium: lands on /fr/, searches in French,
opens the psoas release in French, practises with French controls, then switches to Spanish on
the same page. Labels come from the catalogs (so the test follows their wording), and a few
plain French and Spanish words pin that they are really translated.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def say(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def french_page(browser, live_server, starter_library):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"},
    )
    page = context.new_page()
    yield page
    context.close()


def test_a_french_reader_reads_searches_practises_and_switches_to_spanish(french_page):
    page = french_page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/fr/$"))
    assert page.locator("html").get_attribute("lang") == "fr"

    # Search in French, accents and all.
    page.goto("/fr/routines/")
    page.get_by_role("searchbox").fill("fléchisseurs")
    page.get_by_role("button", name=say("fr", "Show routines")).click()
    expect(page).to_have_url(re.compile(r"/fr/routines/\?q="))
    first = page.locator(".card__title").first
    expect(first).to_contain_text("psoas", ignore_case=True)

    # The psoas release, in French, with no "not translated" notice.
    page.goto("/fr/routines/psoas-release/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("psoas", ignore_case=True)
    expect(page.get_by_role("heading", name=say("fr", "Before you start"))).to_be_visible()
    assert say("fr", "Before you start") != "Before you start"
    expect(page.locator("body")).not_to_contain_text("Lie on your back")

    # Practice mode speaks French: its controls and its announcements.
    page.get_by_role("button", name=say("fr", "Practice: one step at a time")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name=say("fr", "Before you start"))).to_be_visible()
    expect(dialog.get_by_role("button", name=say("fr", "I'm ready"))).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(dialog.get_by_role("button", name=say("fr", "Next"))).to_be_visible()
    page.keyboard.press("ArrowRight")
    announce = say("fr", "Step {current} of {total}").split("{")[0].strip()
    expect(page.locator("[aria-live]").first).to_contain_text(announce)
    expect(dialog).to_contain_text(re.compile(r"Étape 2 sur"))
    page.keyboard.press("Escape")

    # Switch to Spanish on the same page: the same routine, in Spanish, remembered.
    page.get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"/es/routines/psoas-release/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_role("heading", name=say("es", "Before you start"))).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/$"))  # a chosen language is never overridden


FRENCH_AND_SPANISH_PAGES = [
    "/{lang}/",
    "/{lang}/routines/",
    "/{lang}/routines/?q=psoas",
    "/{lang}/routines/psoas-release/",
    "/{lang}/routines/psoas-release-in-bed/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/login/",
]


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("width, text", [(320, 200), (390, 100), (1280, 100)])
def test_french_and_spanish_pages_fit_the_screen(
    browser, live_server, starter_library, lang, width, text
):
    # French and Spanish run 20-30 % longer than English: nothing may run off the side of a
    # phone, even with the text at twice its size. (The larger text is set by a style sheet,
    # as a reader's browser setting would, so this context lets that one style in.)
    from .conftest import SCREENSHOTS

    context = browser.new_context(
        viewport={"width": width, "height": 844}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    for path in FRENCH_AND_SPANISH_PAGES:
        page.goto(path.format(lang=lang))
        if text != 100:
            page.add_style_tag(content=f"html {{ font-size: {text}% !important; }}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path.format(lang=lang)} is {overflow} px too wide at {width} px"
        name = path.format(lang=lang).strip("/").replace("/", "-").replace("?q=", "-q-")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{text}.png"))
    context.close()


def test_at_twice_the_text_on_a_narrow_phone_a_steps_words_keep_the_width(
    browser, live_server, starter_library
):
    # Margins and boxes measured in rem doubled with the text: a step's words were left a
    # column of 176 px out of 320 (nine letters a line, "aplatisse-z" broken). They stay narrow.
    context = browser.new_context(
        viewport={"width": 320, "height": 844}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/fr/routines/psoas-release/")
    page.add_style_tag(content="html { font-size: 200% !important; }")

    words = page.locator("#step-2 .step__cue").bounding_box()["width"]
    title = page.locator("#step-2 .step__title")
    title_lines = title.evaluate(
        "t => Math.round(t.offsetHeight / parseFloat(getComputedStyle(t).lineHeight))"
    )

    assert words >= 0.75 * 320, f"the step's words have {words:.0f} px of 320"
    assert title_lines <= 3  # "2. Échauffement : cambrer et aplatir", its long word whole
    context.close()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_printed_handout_in_french_and_spanish_is_the_routine_alone(
    browser, live_server, starter_library, lang
):
    # The handout in French and Spanish: the routine alone, no switcher, no header (its size,
    # pages and QR code: tests/browser/test_handout.py).
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/{lang}/routines/psoas-release/")
    page.emulate_media(media="print")
    expect(page.locator(".languages")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("ol.steps > li").first).to_be_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")
    context.close()
