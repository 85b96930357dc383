"""A reader's path through the library in real Chromium: browse, filter, search, practise, print."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_browse_filter_search_open_and_practise(page):
    page.goto("/")
    page.get_by_role("link", name="Browse all routines").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Routines")

    # Filter by position: in a chair or in bed. Works as a plain GET form.
    page.get_by_label("Position").select_option(label="In a chair or in bed (3)")
    page.get_by_role("button", name="Show routines").click()
    expect(page).to_have_url(re.compile(r"position=chair_or_bed"))
    titles = page.locator(".card__title").all_inner_texts()
    assert "Psoas release in bed" in titles
    assert "Psoas release" not in titles

    # Search the way a reader spells it.
    page.get_by_label("Position").select_option(label="Any position")
    page.get_by_role("searchbox", name="Search").fill("soas")
    page.get_by_role("button", name="Show routines").click()
    expect(page.locator(".card__title").first).to_have_text("Psoas release")
    page.get_by_role("link", name="Psoas release", exact=True).click()
    expect(page).to_have_url(re.compile(r"/routines/psoas-release/$"))
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()

    # Practice mode: the cautions first, then one step at a time; keyboard to step 2, Escape
    # to leave.
    start = page.get_by_role("button", name=re.compile("Practice"))
    start.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Before you start")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(dialog).to_contain_text("Step 1 of")
    page.keyboard.press("ArrowRight")
    expect(dialog).to_contain_text("Step 2 of")
    second_title = page.locator(".step__title").nth(1).inner_text().split(".", 1)[1].strip()
    expect(dialog).to_contain_text(second_title)
    expect(page.locator("[aria-live]").first).to_contain_text("Step 2 of")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(start).to_be_focused()


def test_practice_mode_counts_reps_and_buttons_move_between_steps(page):
    page.goto("/routines/psoas-release/")
    page.get_by_role("button", name=re.compile("Practice")).click()
    dialog = page.get_by_role("dialog")
    steps = page.locator("ol.steps > li")
    with_reps = next(
        i for i in range(steps.count()) if steps.nth(i).get_attribute("data-reps") is not None
    )
    dialog.get_by_role("button", name="I'm ready").click()
    for _ in range(with_reps):
        dialog.get_by_role("button", name="Next").click()
    expect(dialog).to_contain_text(f"Step {with_reps + 1} of")
    expect(dialog).to_contain_text("Rep 1 of")
    dialog.get_by_role("button", name="Done a rep").click()
    expect(dialog).to_contain_text("Rep 2 of")
    reps = int(steps.nth(with_reps).get_attribute("data-reps"))
    for _ in range(reps - 1):
        dialog.get_by_role("button", name="Done a rep").click()
    expect(dialog.locator(".practice__count")).to_have_text(f"All {reps} reps done")
    dialog.get_by_role("button", name="Previous").click()
    expect(dialog).to_contain_text(f"Step {with_reps} of")


def test_practice_mode_keeps_focus_in_the_dialog_and_the_page_behind_inert(page):
    page.goto("/routines/psoas-release/")
    page.get_by_role("button", name=re.compile("Practice")).click()
    header = page.locator(".site-header")
    expect(header).to_have_attribute("inert", "")
    for _ in range(8):
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('.practice').contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.querySelector('.practice').contains(document.activeElement)")

    page.keyboard.press("Escape")
    expect(header).not_to_have_attribute("inert", "")


def test_without_javascript_the_page_is_complete_and_has_no_dead_button(
    browser, live_server, starter_library
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/routines/?position=chair_or_bed")
    assert "Psoas release in bed" in page.locator(".card__title").all_inner_texts()
    page.goto("/routines/psoas-release/")
    expect(page.locator("ol.steps > li").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Practice"))).to_be_hidden()
    context.close()


def test_printed_routine_keeps_steps_and_cautions_without_navigation(page):
    page.goto("/routines/psoas-release/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("Practice"))).to_be_hidden()
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(page.locator("ol.steps > li").first).to_be_visible()
    expect(page.locator(".faq")).to_be_visible()  # the questions print unless unticked
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("path", ["/", "/routines/", "/routines/psoas-release/"])
@pytest.mark.parametrize("width", [390, 1280])
def test_pages_fit_the_screen_and_are_saved_as_screenshots(
    browser, live_server, starter_library, path, width
):
    from .conftest import SCREENSHOTS

    context = browser.new_context(
        viewport={"width": width, "height": 844}, base_url=live_server.url
    )
    page = context.new_page()
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    context.close()
