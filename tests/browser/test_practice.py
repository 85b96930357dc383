"""
Practice mode as a reader on the floor uses it, in real Chromium: the cautions first, a guided
cycle per repetition (hold, release slowly, rest; the repetitions count themselves), an end that
says so, a layout that holds at 320 px and at 200 % text, and a voice that keeps the step's time.

Time is the page's own clock, driven by `page.clock`; headless Chromium has no voices, so the
voice tests replace `speechSynthesis` with a recorder that writes down what is said, when, and
in which language, and finishes each sentence at once.
"""

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from routines.models import Routine

from .conftest import AXE, SCREENSHOTS, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PSOAS = "/routines/psoas-release/"
START = datetime(2026, 6, 1, 9, 0)
RIGHT_SIDE = 3  # the psoas release's step 3: 3 reps, hold 5 s, release 8 s, rest 10 s

OVERFLOW = (Path(__file__).parent / "overflow.js").read_text()
RECORDER = (Path(__file__).parent / "speech_recorder.js").read_text()


def stop_the_clock(page) -> None:
    """
    From now on the page's time moves only with `page.clock.run_for`, so a busy machine adds no
    drift (the clock is installed before the page loads, and stopped once it has).
    """
    page.clock.pause_at(START + timedelta(hours=1))


def say(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


def open_practice(page, path=PSOAS, *, clock=False):
    """Open practice mode on `path`; with `clock`, on a page whose time moves only when told."""
    if clock:
        page.clock.install(time=START)
    page.goto(path)
    if clock:
        stop_the_clock(page)
    page.locator("[data-practice-start] button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    return dialog


def go_to_step(page, dialog, number: int) -> None:
    """From "Before you start", press Next (or I'm ready) until step `number` shows."""
    for _ in range(number):
        dialog.locator(".practice__next").click()
    expect(dialog.locator(".practice__progress")).to_contain_text(f" {number} ")


def test_practice_starts_on_the_routines_cautions_then_im_ready_opens_step_one(page):
    dialog = open_practice(page)
    cautions = Routine.objects.get(slug="psoas-release").caution_list()
    expect(dialog.get_by_role("heading", name="Before you start")).to_be_visible()
    for caution in cautions:
        expect(dialog).to_contain_text(caution)
    expect(dialog.locator(".practice__progress")).to_be_hidden()
    expect(dialog.get_by_role("button", name="Previous")).to_be_hidden()

    dialog.get_by_role("button", name="I'm ready").click()
    expect(dialog.locator(".practice__progress")).to_have_text(re.compile("Step 1 of 6", re.I))
    expect(dialog.get_by_role("heading", name="Before you start")).to_be_hidden()
    # Previous from the first step goes back to the cautions.
    dialog.get_by_role("button", name="Previous").click()
    expect(dialog.get_by_role("heading", name="Before you start")).to_be_visible()


def test_each_step_in_practice_mode_shows_its_drawing_with_its_words(page):
    dialog = open_practice(page)
    go_to_step(page, dialog, 3)
    drawing = dialog.locator(".practice__step .practice__drawing")
    expect(drawing).to_be_visible()
    moving = drawing.locator(".drawing__moving svg[role='img']")
    expect(moving).to_be_visible()
    expect(moving).to_have_attribute("aria-label", re.compile("right knee drawn"))
    # The next step brings its own drawing, not the one before.
    dialog.locator(".practice__next").click()
    expect(drawing.locator("svg[role='img']").first).not_to_have_attribute(
        "aria-label", re.compile("right knee drawn")
    )


def test_a_hold_counts_down_then_release_slowly_fills_the_screen_then_the_rest(page):
    dialog = open_practice(page, clock=True)
    go_to_step(page, dialog, RIGHT_SIDE)
    phase = dialog.locator(".practice__phase")
    expect(phase).to_be_hidden()

    dialog.get_by_role("button", name="Start").click()
    expect(phase.locator(".practice__phase-name")).to_have_text("Hold")
    expect(phase.get_by_role("timer")).to_have_text("5 s")
    page.clock.run_for(1050)
    expect(phase.get_by_role("timer")).to_have_text("4 s")
    page.clock.run_for(4000)
    expect(phase.locator(".practice__phase-name")).to_have_text("Release slowly")
    expect(phase.get_by_role("timer")).to_have_text("8 s")
    page.clock.run_for(100)  # the live region speaks a moment later, so a repeat is heard
    expect(dialog.locator("[aria-live]")).to_have_text("Release slowly.")
    # The panel covers the step: the words are large and the step's text is behind it.
    box = phase.bounding_box()
    assert box["width"] >= 1200 and box["height"] >= 500, box

    page.clock.run_for(7900)
    expect(phase.locator(".practice__phase-name")).to_have_text("Rest")
    expect(phase.get_by_role("timer")).to_have_text("10 s")
    # The rest is honoured: still resting a moment before its end, the next hold after it.
    page.clock.run_for(9800)
    expect(phase.locator(".practice__phase-name")).to_have_text("Rest")
    page.clock.run_for(300)
    expect(phase.locator(".practice__phase-name")).to_have_text("Hold")


def test_the_repetitions_count_themselves_and_the_step_ends_without_a_last_rest(page):
    dialog = open_practice(page, clock=True)
    go_to_step(page, dialog, RIGHT_SIDE)
    count = dialog.locator(".practice__count")
    expect(count).to_have_text("Rep 1 of 3")

    dialog.get_by_role("button", name="Start").click()
    page.clock.run_for(5000 + 8000 + 10000 + 100)  # hold, release, rest
    expect(count).to_have_text("Rep 2 of 3")
    expect(dialog.locator(".practice__phase-rep")).to_have_text("Rep 2 of 3")
    page.clock.run_for(23000)
    expect(count).to_have_text("Rep 3 of 3")
    page.clock.run_for(5000 + 8000 + 100)  # the last repetition ends on its release
    expect(count).to_have_text("All 3 reps done")
    expect(dialog.locator(".practice__phase")).to_be_hidden()
    # Without the voice, the reader moves on: the step stays until Next.
    page.clock.run_for(30000)
    expect(dialog.locator(".practice__progress")).to_contain_text("Step 3 of 6")


def test_pause_has_its_own_button_and_the_p_key_and_stops_the_clock(page):
    dialog = open_practice(page, clock=True)
    go_to_step(page, dialog, RIGHT_SIDE)
    dialog.get_by_role("button", name="Start").click()
    page.clock.run_for(2050)
    timer = dialog.get_by_role("timer")
    expect(timer).to_have_text("3 s")
    pause = dialog.get_by_role("button", name="Pause (P)")
    expect(pause).to_have_attribute("aria-keyshortcuts", "P")
    pause.click()
    page.clock.run_for(20000)
    expect(timer).to_have_text("3 s")
    page.keyboard.press("p")
    expect(dialog.get_by_role("button", name="Pause (P)")).to_be_visible()
    page.clock.run_for(3100)
    expect(dialog.locator(".practice__phase-name")).to_have_text("Release slowly")
    expect(dialog).to_contain_text("P pauses")  # the key is shown on screen


def test_a_slower_pace_stretches_every_phase_and_is_remembered(page):
    dialog = open_practice(page, clock=True)
    pace = dialog.get_by_role("button", name="Pace: as written")
    pace.click()
    expect(dialog.get_by_role("button", name="Pace: a little slower")).to_be_visible()
    go_to_step(page, dialog, RIGHT_SIDE)
    dialog.get_by_role("button", name="Start").click()
    expect(dialog.get_by_role("timer")).to_have_text("7 s")  # 5 s × 1.25, counted up to a whole
    page.clock.run_for(6200)
    expect(dialog.locator(".practice__phase-name")).to_have_text("Hold")
    page.clock.run_for(100)
    expect(dialog.locator(".practice__phase-name")).to_have_text("Release slowly")
    page.reload()
    page.locator("[data-practice-start] button").click()
    expect(page.get_by_role("button", name="Pace: a little slower")).to_be_attached()


def test_counting_by_hand_still_works_for_a_step_without_timing(page):
    dialog = open_practice(page)
    go_to_step(page, dialog, 2)  # the warm-up: 5 reps, no timing
    expect(dialog.get_by_role("button", name="Start")).to_be_hidden()
    expect(dialog.locator(".practice__count")).to_have_text("Rep 1 of 5")
    for _ in range(5):
        dialog.get_by_role("button", name="Done a rep").click()
    expect(dialog.locator(".practice__count")).to_have_text("All 5 reps done")


def test_the_end_says_done_well_done_and_what_next(page):
    dialog = open_practice(page)
    go_to_step(page, dialog, 6)
    expect(dialog.get_by_role("button", name="Finish")).to_be_visible()
    page.keyboard.press("Space")  # Space still means "next", as before
    expect(dialog.get_by_role("heading", name="Done. Well done.")).to_be_visible()
    expect(dialog.get_by_role("heading", name="Done. Well done.")).to_be_focused()
    expect(dialog).to_contain_text("Rest for a few breaths")
    expect(dialog.get_by_role("link", name="Psoas release in bed")).to_be_visible()
    expect(dialog.get_by_role("button", name="Start again")).to_be_visible()

    dialog.get_by_role("button", name="Back to the routine").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("Practice"))).to_be_focused()


def overflow(page) -> list[str]:
    """What sticks out sideways: the page, or any element of the dialog beyond its own box."""
    return page.evaluate(OVERFLOW)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width, text", [(320, 200), (390, 100), (1280, 100)])
def test_practice_mode_and_the_header_fit_at_320_px_and_200_percent_text(
    browser, live_server, starter_library, lang, width, text
):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    page.add_init_script(RECORDER)
    page.clock.install(time=START)
    page.goto(("" if lang == "en" else f"/{lang}") + PSOAS)
    stop_the_clock(page)
    page.add_style_tag(content=f"html {{ font-size: {text}% !important; }}")
    assert overflow(page) == [], "the routine page and its header"
    page.locator("[data-practice-start] button").click()
    page.clock.run_for(500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = [("before", 0), ("step", RIGHT_SIDE), ("hold", 0), ("release", 0), ("end", 0)]
    for name, forward in shots:
        for _ in range(forward):
            page.locator(".practice__next").click()
        if name == "hold":
            page.locator(".practice__run").click()
            page.clock.run_for(1050)
        elif name == "release":
            page.clock.run_for(5000)
        elif name == "end":
            page.keyboard.press("End")
            page.keyboard.press("ArrowRight")
            page.clock.run_for(500)
        assert overflow(page) == [], f"{name} at {width} px, {text} %, {lang}"
        page.screenshot(path=SCREENSHOTS / f"practice-{lang}-{width}-{text}-{name}.png")
    context.close()


def spoken_schedule(page, lang: str) -> list[tuple[int, str, str]]:
    """Voice on, to the right side's step, let it run: what was said, when (ms from "Hold")."""
    page.add_init_script(RECORDER)
    dialog = open_practice(page, ("" if lang == "en" else f"/{lang}") + PSOAS, clock=True)
    dialog.locator(".practice__toggle").click()
    expect(dialog.locator(".practice__toggle")).to_have_attribute("aria-pressed", "true")
    for _ in range(RIGHT_SIDE):
        dialog.locator(".practice__next").click()
    page.clock.run_for(60_000)
    spoken = page.evaluate("window.__spoken")
    start = next(i for i, item in enumerate(spoken) if item["text"] == say(lang, "Hold."))
    t0 = spoken[start]["at"]
    return [(item["at"] - t0, item["lang"], item["text"]) for item in spoken[start - 3 :]]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_voice_reads_the_step_then_keeps_its_time_in_the_readers_language(page, lang):
    schedule = spoken_schedule(page, lang)
    step = Routine.objects.get(slug="psoas-release").steps.all()[RIGHT_SIDE - 1]
    with translation.override(lang):
        title, cue = step.title, step.cue
    said = [text for _, _, text in schedule]
    # Before the cycle: the side, then the step's own words.
    assert said[:3] == [say(lang, "Now the right side."), title, cue.strip()]
    assert {item_lang for _, item_lang, _ in schedule} == {lang}

    def at(text, nth=0):
        return [t for t, _, s in schedule if s == say(lang, text)][nth]

    def near(actual, expected):  # each sentence ends a moment after it starts (a 0 ms timer)
        return abs(actual - expected) <= 20

    # hold 5 s counted down, release 8 s, rest 10 s; three times; no rest after the last.
    counts = [t for t, _, s in schedule if s in "54321"][:5]
    assert all(map(near, counts, [0, 1000, 2000, 3000, 4000])), counts
    assert near(at("Release slowly."), 5000)
    assert near(at("Rest."), 13000)
    assert near(at("Hold.", 1), 23000)
    assert say(lang, "Repetition {current} of {total}.").format(current=2, total=3) in said
    assert near(at("Release slowly.", 2), 2 * 23000 + 5000)
    assert said.count(say(lang, "Rest.")) == 2 + 1  # two rests between reps, then the next step's
    done = at("That step is done.")
    assert near(done, 2 * 23000 + 13000)
    # Then it moves on by itself: the next step ("Pause and compare") is read and rested.
    assert near(at("Rest.", 2), done)
    expect(page.locator(".practice__progress")).to_contain_text("4")


def test_turning_the_voice_on_reads_the_cautions_first(page):
    page.add_init_script(RECORDER)
    dialog = open_practice(page, "/fr/routines/psoas-release/")
    dialog.locator(".practice__toggle").click()
    wait_until(page, "window.__spoken.length >= 2")
    spoken = page.evaluate("window.__spoken")
    with translation.override("fr"):
        first_caution = Routine.objects.get(slug="psoas-release").caution_list()[0]
    assert spoken[0]["text"] == say("fr", "Before you start")
    assert spoken[1]["text"].startswith(first_caution)
    assert {item["lang"] for item in spoken[:2]} == {"fr"}


def test_an_untranslated_routine_is_read_in_its_own_language_and_the_cues_in_the_pages(
    page, make_routine
):
    routine = make_routine("Slow neck turn", steps=1, cautions="Go gently.")  # English only
    page.add_init_script(RECORDER)
    dialog = open_practice(page, f"/fr{routine.get_absolute_url()}")
    dialog.locator(".practice__toggle").click()
    wait_until(page, "window.__spoken.some(s => s.text === 'Go gently.')")
    dialog.locator(".practice__next").click()
    expect(dialog.locator(".practice__step .practice__title")).to_have_attribute("lang", "en")
    waiting = say("fr", "Press Next when you are ready.")
    wait_until(page, f"window.__spoken.some(s => s.text === {waiting!r})")
    spoken = {item["text"]: item["lang"] for item in page.evaluate("window.__spoken")}
    assert spoken["Go gently."] == "en"
    assert spoken[say("fr", "Before you start")] == "fr"
    assert spoken["Step 1"] == "en"
    assert spoken["Move slowly, part 1."] == "en"
    assert spoken[waiting] == "fr"


def test_a_routine_without_cautions_still_starts_with_a_word_of_care(page, make_routine):
    routine = make_routine("Slow neck turn", steps=1)
    dialog = open_practice(page, routine.get_absolute_url())
    expect(dialog.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(dialog).to_contain_text("Stop if anything hurts.")


def test_no_voice_for_the_language_says_so_and_a_soft_sound_marks_the_changes(page):
    page.add_init_script(
        RECORDER.replace("getVoices: () => voices", "getVoices: () => []")
        + "window.__chimes = 0; const Osc = AudioContext.prototype.createOscillator;"
        + "AudioContext.prototype.createOscillator = function () { window.__chimes += 1;"
        + " return Osc.call(this); };"
    )
    dialog = open_practice(page, clock=True)
    dialog.locator(".practice__toggle").click()
    page.clock.run_for(2000)
    expect(dialog).to_contain_text("This browser has no voice for this language")
    go_to_step(page, dialog, RIGHT_SIDE)
    dialog.get_by_role("button", name="Start").click()
    page.clock.run_for(5000 + 8000 + 100)
    assert page.evaluate("window.__spoken.length") == 0
    assert page.evaluate("window.__chimes") >= 3  # hold, release, rest


@pytest.mark.parametrize("screen", ["before", "step", "hold", "end"])
def test_practice_mode_has_no_serious_accessibility_violations(
    browser, live_server, starter_library, screen
):
    if not AXE.is_file():
        pytest.skip("axe-core not installed (npm install)")
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    page = context.new_page()
    dialog = open_practice(page, clock=True)
    if screen in ("step", "hold"):
        go_to_step(page, dialog, RIGHT_SIDE)
    if screen == "hold":
        dialog.get_by_role("button", name="Start").click()
        page.clock.run_for(1050)
    if screen == "end":
        page.keyboard.press("End")
        page.keyboard.press("ArrowRight")
    page.clock.run_for(500)
    page.clock.resume()  # axe waits on timers of its own
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document.querySelector('.practice'),"
        " {resultTypes: ['violations']})"
    )
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert serious == []
