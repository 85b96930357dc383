"""
Our own video on a routine page, in real Chromium: a reader's upload, processed (web copy,
poster) and published, plays in the page, and each step's "Play from" button seeks to it.

The web copy is H.264 with AAC. Debian's Chromium plays H.264 (it is built with FFmpeg's
proprietary codecs); a build that cannot skips this test, saying so, even under CI=true, since
that is a property of the browser and not of the site.

Media: in production nginx (or the bucket) serves /media/ with byte ranges. Django's live server
does serve MEDIA_URL from MEDIA_ROOT, but without ranges, and Chromium treats a video served so
as not seekable (`seekable` is [0, 0]): setting `currentTime` then starts it over from 0:00, so
a seek could only "arrive" by playing there. The browser's /media/ requests are therefore
answered here, from MEDIA_ROOT, the way nginx would: 206 Partial Content for a range.
"""

import mimetypes
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from routines.search import library_changed
from submissions.moderation import approve
from submissions.processing import process_video, video_uploaded
from tests.submissions.videos import make_video

from .conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

H264 = 'video/mp4; codecs="avc1.42E01E"'
STARTS = [0, 4, 8]
RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


@pytest.fixture
def public_media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def serve_media(root: Path):
    """A Playwright route handler answering /media/<path> from `root`, with byte ranges."""

    def handle(route):
        request = route.request
        path = (root / unquote(urlsplit(request.url).path).removeprefix("/media/")).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            route.fulfill(status=404, body="not found")
            return
        data = path.read_bytes()
        headers = {
            "Content-Type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            "Accept-Ranges": "bytes",
        }
        match = RANGE.match(request.headers.get("range", ""))
        if match is None:
            route.fulfill(status=200, headers=headers, body=data)
            return
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last or len(data) - 1), len(data) - 1)
        else:  # "bytes=-N": the last N bytes
            start, end = max(len(data) - int(last), 0), len(data) - 1
        headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        route.fulfill(status=206, headers=headers, body=data[start : end + 1])

    return handle


@pytest.fixture
def video_routine(make_submission, moderator, public_media, tmp_path):
    """A published routine made from a 12-second uploaded video, with steps at 0:00, 0:04, 0:08."""
    clip = make_video(tmp_path / "seesaw.mp4", seconds=12, size=(320, 240), fps=12, audio=True)
    submission = make_submission(
        title="Pelvic seesaw on video",
        kind="video",
        video=clip,
        steps=["Lie on your back.", "Tip the pelvis.", "Rest and notice."],
    )
    record = process_video(video_uploaded(submission))
    assert record.status == "ready", record.error
    routine = approve(submission, moderator=moderator)
    for step, start in zip(routine.steps.order_by("order"), STARTS, strict=True):
        step.start_seconds = start
        step.save(update_fields=["start_seconds"])
    library_changed()  # the page is cached for anonymous readers until the library changes
    return routine


def test_a_routine_with_a_processed_video_shows_the_poster_plays_and_a_step_time_button_seeks_there(  # noqa: E501
    page, video_routine, public_media
):
    if page.evaluate("t => document.createElement('video').canPlayType(t)", H264) == "":
        pytest.skip(
            f"This Chromium cannot decode H.264 (canPlayType({H264!r}) is empty): it was built "
            "without proprietary codecs, so the site's MP4 web copies cannot play in it."
        )
    page.route("**/media/**", serve_media(public_media))

    page.goto(video_routine.get_absolute_url())
    video = page.locator("video[data-routine-video]")
    expect(video).to_be_visible()
    element = video.element_handle()

    # The poster is the processed still, served as a JPEG; the source is the web copy.
    poster = video.get_attribute("poster")
    assert poster and poster.startswith("/media/posters/"), poster
    response = page.request.get(poster)  # not routed: the live server's own answer
    assert response.ok, (poster, response.status)
    assert response.headers["content-type"] == "image/jpeg"
    assert response.body()[:3] == b"\xff\xd8\xff"  # a JPEG's signature
    assert video.get_attribute("src").startswith("/media/videos/")

    # The browser decodes it: 12 seconds long, and seekable to the end.
    wait_until(page, "v => v.readyState >= 1", element, timeout=10)
    assert video.evaluate("v => v.error") is None
    assert abs(video.evaluate("v => v.duration") - 12) < 0.5
    assert video.evaluate("v => v.seekable.length && v.seekable.end(0)") > 11

    # It plays: muted, as headless Chromium allows without a gesture, and time moves on.
    video.evaluate("async v => { v.muted = true; await v.play(); }")
    wait_until(page, "v => !v.paused && v.currentTime > 0.5", element, timeout=10)
    assert video.evaluate("v => v.currentTime") < 5

    # The step buttons appear with JavaScript; step 3's jumps to 0:08 and plays on from there.
    expect(page.locator("[data-seek]")).to_have_count(3)
    step_3 = page.locator("#step-3").get_by_role("button", name="Play from 0:08")
    expect(step_3).to_be_visible()
    clicked = time.monotonic()
    step_3.click()
    # A jump, not playing there: playing from under 5 s to 7.5 s would take over 2.5 s.
    wait_until(page, "v => v.currentTime >= 7.5 && !v.seeking", element, timeout=2)
    assert time.monotonic() - clicked < 2
    assert video.evaluate("v => v.currentTime") < 10
    wait_until(page, "v => !v.paused && v.currentTime > 8.2", element, timeout=5)
