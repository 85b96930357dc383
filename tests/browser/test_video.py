"""Video in the browser: the YouTube facade turns into the privacy-enhanced player on demand."""

import pytest
from playwright.sync_api import expect

from routines.models import Routine

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_facade_requests_nothing_from_youtube_until_play(page):
    routine = Routine.objects.get(slug="psoas-release")
    routine.video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    routine.save()
    requested = []
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: (requested.append(route.request.url), route.fulfill(body="<p>player</p>")),
    )
    page.on("request", lambda r: requested.append(r.url) if "youtube" in r.url else None)

    page.goto("/routines/psoas-release/")
    play = page.get_by_role("link", name="Play the video (from YouTube)")
    expect(play).to_be_visible()
    assert requested == []

    play.click()
    frame = page.locator("iframe.video")
    expect(frame).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    )
    expect(page.frame_locator("iframe.video").get_by_text("player")).to_be_visible()
