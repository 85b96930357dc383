"""
In real Chromium: a video goes up in chunks with its progress shown, the send button waits for
it, a dropped chunk or a reloaded page goes on from where it stopped, a video attached to a
written pattern is kept, and withdrawing asks first and can be undone.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from submissions.models import ResumableUpload, Submission

from .conftest import send_pattern, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
CHUNK = 64 * 1024


@pytest.fixture
def small_chunks(settings):
    settings.RESUMABLE_CHUNK_BYTES = CHUNK


@pytest.fixture
def reader_page(reader_page, small_chunks):
    """The conftest's reader page, with uploads in chunks small enough to count."""
    return reader_page


@pytest.fixture
def clip(tmp_path):
    from tests.submissions.videos import make_video

    path = make_video(tmp_path / "my clip.mp4", seconds=1)
    assert path.stat().st_size > 6 * CHUNK, "several chunks"
    return path


class Chunks:
    """Watches the browser's PATCH requests: drops the ones asked, slows the others a little."""

    def __init__(self, page, *, drop: set[int] = frozenset(), delay: float = 0.0):
        self.offsets: list[int] = []
        self.drop, self.delay = set(drop), delay
        page.route(re.compile(r"/submit/uploads/[0-9a-f-]+/$"), self.handle)

    def handle(self, route):
        request = route.request
        if request.method != "PATCH":
            return route.continue_()
        self.offsets.append(int(request.headers["upload-offset"]))
        if len(self.offsets) in self.drop:
            return route.abort("connectionreset")
        time.sleep(self.delay)
        return route.continue_()


def status(page):
    """What the reader reads under the progress bar (screen readers hear it in 10 % steps)."""
    return page.locator(".resumable__status")


def arrived(page):
    expect(status(page)).to_contain_text("has arrived in full", timeout=30_000)


def test_a_chunked_upload_shows_progress_survives_a_dropped_chunk_and_resumes(
    reader_page, clip, private_media
):
    page = reader_page
    chunks = Chunks(page, drop={3}, delay=0.15)
    page.goto("/submit/")
    send_pattern(page, "Sent in chunks", kind="On video", send=False)

    page.get_by_label("Video file").set_input_files(clip)

    expect(status(page)).to_have_text(re.compile(r"Sending… \d+ %, keep this page open"))
    expect(page.get_by_role("status")).to_contain_text("Sending…")
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_role("button", name="Send for review")).to_be_disabled()
    arrived(page)
    expect(page.get_by_role("button", name="Send for review")).to_be_enabled()

    size = clip.stat().st_size
    chunk_count = -(-size // CHUNK)
    assert chunks.offsets.count(2 * CHUNK) == 2, "the dropped chunk was sent again"
    assert len(chunks.offsets) == chunk_count + 1, "and only that one"
    page.get_by_role("button", name="Send for review").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    submission = Submission.objects.get()
    assert submission.kind == "video"
    assert (private_media / submission.video.name).read_bytes() == clip.read_bytes()


def test_a_reloaded_page_goes_on_from_the_last_chunk_received(reader_page, clip):
    page = reader_page
    chunks = Chunks(page, delay=0.3)
    page.goto("/submit/")
    page.get_by_label("Video file").set_input_files(clip)
    deadline = time.monotonic() + 20
    while ResumableUpload.objects.filter(offset__gte=3 * CHUNK).count() == 0:
        assert time.monotonic() < deadline, "three chunks arrive"
        page.wait_for_timeout(50)  # Playwright runs the route handlers meanwhile

    page.reload()
    received = ResumableUpload.objects.get().offset
    chunks.offsets.clear()
    page.get_by_label("Video file").set_input_files(clip)
    arrived(page)

    assert chunks.offsets[0] >= received > 0
    assert ResumableUpload.objects.count() == 1


def test_pause_holds_the_upload_and_resume_goes_on(reader_page, clip):
    page = reader_page
    chunks = Chunks(page, delay=0.3)
    page.goto("/submit/")
    page.get_by_label("Video file").set_input_files(clip)
    expect(status(page)).to_have_text(re.compile(r"Sending… \d+ %"))

    page.get_by_role("button", name="Pause").click()
    expect(status(page)).to_have_text(re.compile(r"Paused at \d+ %"))
    sent = len(chunks.offsets)
    page.wait_for_timeout(800)
    assert len(chunks.offsets) <= sent + 1  # at most the chunk already on its way
    page.get_by_role("button", name="Resume").click()

    arrived(page)


def test_a_video_attached_to_a_written_pattern_is_kept_and_the_form_says_so(
    reader_page, clip, private_media
):
    page = reader_page
    page.goto("/submit/")
    send_pattern(page, "Written, with a video", steps=["Lie down."], send=False)
    expect(page.get_by_label("In writing")).to_be_checked()

    page.get_by_label("Video file").set_input_files(clip)

    expect(
        page.get_by_text("You chose a video, so this will be sent as a pattern on video")
    ).to_be_visible()
    expect(page.get_by_label("On video")).to_be_checked()
    arrived(page)
    page.get_by_role("button", name="Send for review").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    submission = Submission.objects.get()
    assert submission.kind == "video"
    assert (private_media / submission.video.name).read_bytes() == clip.read_bytes()


def test_removing_the_video_sends_the_pattern_in_writing_after_all(reader_page, clip):
    page = reader_page
    page.goto("/submit/")
    send_pattern(page, "Written after all", steps=["Lie down."], send=False)
    page.get_by_label("Video file").set_input_files(clip)
    arrived(page)

    page.get_by_role("button", name="Remove this file").click()

    expect(page.get_by_label("In writing")).to_be_checked()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    submission = Submission.objects.get()
    assert (submission.kind, submission.video.name) == ("written", "")


def test_withdraw_asks_first_and_can_be_undone(reader_page, reader, make_submission):
    submission = make_submission(reader, title="Knee rocking")
    page = reader_page
    page.goto(submission.get_absolute_url())

    page.get_by_role("link", name="Withdraw this submission").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw this submission?")
    page.get_by_role("link", name="No, keep it").click()
    expect(page.locator(".status")).to_have_text("Waiting for review")

    page.get_by_role("link", name="Withdraw this submission").click()
    page.get_by_role("button", name="Yes, withdraw it").click()
    expect(page.locator(".status")).to_have_text("Withdrawn")
    page.get_by_role("button", name="Undo the withdrawal").click()

    expect(page.locator(".status")).to_have_text("Waiting for review")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.WAITING


def test_without_javascript_the_form_posts_the_video_and_says_it_became_a_video_pattern(
    browser, live_server, starter_library, reader, clip, private_media
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, base_url=live_server.url
    )
    sign_in(context, live_server, reader)
    page = context.new_page()
    page.goto("/submit/")
    expect(page.locator(".resumable")).to_be_hidden()

    send_pattern(page, "Written, no script", steps=["Lie down."], video=clip)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    expect(page.get_by_text("so your pattern was sent as a pattern on video")).to_be_visible()
    submission = Submission.objects.get()
    assert submission.kind == "video"
    assert (private_media / submission.video.name).read_bytes() == clip.read_bytes()
    assert not ResumableUpload.objects.exists()
    context.close()


def test_the_withdraw_pages_have_no_serious_accessibility_violations(axe, reader, make_submission):
    from submissions.flows import withdraw

    asking = make_submission(reader, title="To withdraw")
    withdrawn = withdraw(make_submission(reader, title="Withdrawn"), by=reader)

    for path in (f"/submissions/{asking.pk}/withdraw/", withdrawn.get_absolute_url()):
        violations = axe(path, 390, user=reader)
        assert violations == [], axe.format(violations)
