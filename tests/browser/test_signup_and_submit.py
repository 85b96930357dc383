"""
From the front door to two submissions, in real Chromium: a new reader signs up, verifies their
email with the link they were sent, sends a written pattern and then one on video, and finds
both waiting for review.

The live server runs in this process, so the verification email lands in pytest-django's
`mailoutbox` (the locmem backend) and the test reads the link from it as the reader would.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.submissions.videos import make_video

from .conftest import heading, send_pattern

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_rate_limits")]

EMAIL = "new.mover@example.com"
PASSWORD = "slow-gentle-arch-and-flatten"


def verification_path(message) -> str:
    """The path of the confirmation link in the email. Outside DEBUG allauth writes https://
    links (the site sits behind a TLS proxy); the live server speaks plain http, so keep only
    the path and let the browser context's base_url supply the rest."""
    url = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    return urlsplit(url).path


def test_a_new_reader_signs_up_verifies_their_email_and_sends_a_written_and_a_video_pattern(
    page, mailoutbox, tmp_path
):
    # The front door: nobody is signed in, so the header offers "Sign in", and its page "sign up".
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(heading(page)).to_have_text(re.compile("Sign in", re.IGNORECASE))
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(heading(page)).to_have_text("Create an account")

    # Signing up with an email and a password, through the real form.
    page.get_by_label("Your email address").fill(EMAIL)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("link", name="Your submissions")).to_be_visible()

    # The verification email arrives; its link opens a page that asks to confirm.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    assert message.subject.startswith("[Somatics Library] ")
    page.goto(verification_path(message))
    expect(heading(page)).to_have_text(re.compile("Confirm", re.IGNORECASE))
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("main").get_by_role("button", name="Confirm")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # Verified and signed in, the reader reaches the form and sends a written pattern.
    page.goto("/submit/")
    expect(heading(page)).to_have_text("Send in your own movement pattern")
    send_pattern(
        page,
        "Rolling the pelvis after a long drive",
        kind="In writing",
        steps=[
            "Lie on your back with your knees bent.",
            "Slowly arch the low back, then flatten it.",
            "Rest, and notice how the back meets the floor.",
        ],
    )
    expect(heading(page)).to_contain_text("Thank you")
    expect(page.get_by_role("main")).to_contain_text(
        "We received “Rolling the pelvis after a long drive”. It is now waiting for review."
    )

    page.get_by_role("link", name="All your submissions").click()
    expect(heading(page)).to_have_text("Your submissions")
    rows = page.locator(".submission-list li")
    expect(rows).to_have_count(1)
    written = rows.filter(has_text="Rolling the pelvis after a long drive")
    expect(written).to_contain_text("Waiting for review")
    expect(written).to_contain_text("In writing")

    # Then a pattern on video, with a small real video file.
    page.get_by_role("link", name="Send in a pattern").click()
    expect(heading(page)).to_have_text("Send in your own movement pattern")
    send_pattern(
        page,
        "Knee rocking for a tired back",
        kind="On video",
        steps=["Lie on your back and rock both knees gently."],
        video=make_video(tmp_path / "knee rocking.mp4"),
    )
    expect(heading(page)).to_contain_text("Thank you")
    expect(page.get_by_role("main")).to_contain_text("Knee rocking for a tired back")

    page.get_by_role("link", name="All your submissions").click()
    expect(heading(page)).to_have_text("Your submissions")
    expect(rows).to_have_count(2)
    video = rows.filter(has_text="Knee rocking for a tired back")
    expect(video).to_contain_text("Waiting for review")
    expect(video).to_contain_text("On video")
    expect(written).to_contain_text("Waiting for review")

    # The video submission's own page shows its status and what was sent.
    video.get_by_role("link", name="Knee rocking for a tired back").click()
    expect(heading(page)).to_have_text("Knee rocking for a tired back")
    expect(page.get_by_role("main")).to_contain_text("Waiting for review")
    expect(page.get_by_role("region", name="What you sent")).to_contain_text("On video")
