"""The step drawings in real Chromium: labelled, moving, and still for a reader who asks for it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

MOVING = ".drawing__moving svg"
STILLS = ".drawing__stills svg"


def test_every_step_is_drawn_with_words_and_the_movement_runs(page):
    page.goto("/routines/psoas-release/")

    steps = page.locator("[data-step]")
    expect(steps).to_have_count(6)
    for n in range(6):
        drawing = steps.nth(n).get_by_role("img").first
        expect(drawing).to_be_visible()
        assert drawing.get_attribute("aria-label")
    right_side = steps.nth(2).get_by_role("img", name="Moving slowly from")
    expect(right_side).to_be_visible()
    expect(page.locator(STILLS).first).to_be_hidden()

    # The clock of the drawing runs by itself...
    first = right_side.evaluate("svg => svg.getCurrentTime()")
    page.wait_for_timeout(700)
    assert right_side.evaluate("svg => svg.getCurrentTime()") > first
    # ...and the leg is elsewhere halfway through the slow release than at the start.
    thigh_at = """(svg, t) => {
        svg.pauseAnimations();
        svg.setCurrentTime(t);
        const box = svg.querySelector("animate").parentElement.getBBox();
        return [box.x, box.y, box.width, box.height].map(Math.round);
    }"""
    assert right_side.evaluate(thigh_at, 0) != right_side.evaluate(thigh_at, 9)


def test_a_reader_who_prefers_reduced_motion_sees_the_two_stills(page):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/routines/psoas-release/")

    right_side = page.locator("[data-step]").nth(2)
    expect(right_side.locator(MOVING)).to_be_hidden()
    stills = right_side.locator(STILLS)
    expect(stills).to_have_count(2)
    expect(stills.nth(0)).to_be_visible()
    expect(stills.nth(1)).to_be_visible()
    expect(right_side.get_by_role("img", name="right knee drawn towards the chest")).to_be_visible()
    expect(right_side.get_by_role("img", name="right leg long on the floor")).to_be_visible()
    expect(right_side.locator("figcaption")).to_have_text(["Start", "End"])


def test_on_paper_the_stills_are_printed(page):
    page.emulate_media(media="print")
    page.goto("/fr/routines/psoas-release/")

    right_side = page.locator("[data-step]").nth(2)
    expect(right_side.locator(MOVING)).to_be_hidden()
    knee_in = right_side.get_by_role("img", name="genou droit ramené vers la poitrine")
    expect(knee_in).to_be_visible()
