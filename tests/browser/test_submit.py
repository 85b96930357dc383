"""A reader sends a pattern on video in real Chromium, and finds it waiting for review."""

import re

import pytest
from playwright.sync_api import expect

from submissions.models import Submission

from .conftest import send_pattern

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_sends_a_video_pattern_from_a_routine_page(reader_page, tmp_path):
    from tests.submissions.videos import make_video

    page = reader_page
    page.goto("/routines/psoas-release/")
    page.get_by_role("link", name="Send your own way").click()
    expect(page.get_by_text("In response to")).to_be_visible()

    send_pattern(
        page,
        "Knee rocking for a tired back",
        kind="On video",
        steps=["Lie on your back with your knees bent."],
        video=make_video(tmp_path / "my clip.mp4"),
    )

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    submission = Submission.objects.get()
    assert submission.kind == "video" and submission.video.name.startswith("submissions/")
    assert submission.in_response_to.slug == "psoas-release"

    page.get_by_role("link", name="All your submissions").click()
    row = page.locator(".submission-list li", has_text="Knee rocking for a tired back")
    expect(row).to_contain_text("Waiting for review")


def test_the_step_editor_adds_moves_and_removes_steps(reader_page):
    page = reader_page
    page.goto("/submit/")
    send_pattern(
        page,
        "Three little steps",
        steps=["First written", "Second written", "To be removed"],
        send=False,
    )
    page.get_by_role("button", name="Add a step").click()
    expect(page.get_by_label("Step 4")).to_be_focused()
    page.get_by_label("Step 4").fill("Added last")
    page.locator(".step-row").nth(1).get_by_role("button", name="Move up").click()
    page.locator(".step-row").nth(2).get_by_role("button", name="Remove").click()
    page.get_by_role("button", name="Send for review").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    assert Submission.objects.get().steps == ["Second written", "First written", "Added last"]


def test_a_mistake_keeps_everything_typed(reader_page):
    page = reader_page
    page.goto("/submit/")
    send_pattern(page, "Kept title")
    expect(page.get_by_role("alert")).to_contain_text("A written pattern needs at least one step.")
    expect(page.get_by_label("Title")).to_have_value("Kept title")
    expect(page.get_by_label("Low back")).to_be_checked()
    expect(page).to_have_url(re.compile(r"/submit/$"))
