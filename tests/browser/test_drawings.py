"""The step drawings in real Chromium: labelled, moving, and still for a reader who asks for it."""

import re

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


def test_the_editor_picks_a_pose_by_its_drawing_and_sees_the_step_redrawn(
    browser, live_server, starter_library, admin_user
):
    from routines.models import Routine

    from .conftest import sign_in, wait_until

    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    sign_in(context, live_server, admin_user)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"/admin/routines/routine/{Routine.objects.get(slug='psoas-release').pk}/change/")

    step = page.locator(".inline-related").nth(2)
    preview = step.locator("[data-step-preview]")
    assert "end=back-right-leg-long" in preview.get_attribute("src")
    step.locator("select[name$='-end_pose']").select_option("back-right-leg-raised")
    expect(preview).to_have_attribute("src", re.compile("end=back-right-leg-raised"))
    wait_until(page, "img => img.complete && img.naturalWidth > 0", preview.element_handle())

    start = step.locator("[data-pose-picker]").first
    start.get_by_text("Choose by drawing").click()
    start.get_by_role("button", name="Lying on your back, low back gently arched").click()
    expect(step.locator("select[name$='-start_pose']")).to_have_value("back-arch")
    expect(preview).to_have_attribute("src", re.compile("start=back-arch&"))
    context.close()
    assert errors == []
