"""
The editor's path in real Chromium: the decision bar stays in view above a long preview, and
after a decision the next waiting submission opens, with a way back to the one just decided.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.submissions.test_admin import sent_days_ago

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(make_submission):
    long_steps = [f"Step {n}: move very slowly and notice the breath. " * 6 for n in range(1, 15)]
    first = make_submission(title="Pelvic clock", steps=long_steps)
    second = make_submission(title="Knee rocking")
    sent_days_ago(first, 2)
    sent_days_ago(second, 1)
    return first, second


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_decision_is_reachable_without_scrolling_past_the_preview(
    browser, live_server, moderator, queue, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=live_server.url
    )
    sign_in(context, live_server, moderator)
    page = context.new_page()
    page.goto(f"/admin/submissions/submission/{queue[0].pk}/change/")

    bar = page.get_by_role("region", name="Your decision on “Pelvic clock”")
    publish = bar.get_by_role("button", name="Publish")
    assert in_view(page, publish)  # on arrival, before any scrolling
    if width >= 1024:  # on a wide screen it stays in view while the editor reads on
        page.mouse.wheel(0, 3000)
        page.wait_for_timeout(200)
        assert page.evaluate("window.scrollY") > 1000
        assert in_view(page, publish)
    context.close()


def test_after_a_decision_the_next_waiting_submission_opens_with_a_way_back(
    browser, live_server, moderator, queue
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    sign_in(context, live_server, moderator)
    page = context.new_page()
    page.goto(f"/admin/submissions/submission/{queue[0].pk}/change/")

    bar = page.get_by_role("region", name=re.compile("Your decision on"))
    bar.get_by_label("Message to the reader").fill("Please add a caution for bad knees.")
    bar.get_by_role("button", name="Request changes").click()

    expect(page).to_have_url(re.compile(rf"/admin/submissions/submission/{queue[1].pk}/change/"))
    expect(page.locator(".messagelist")).to_contain_text("Sent back to the reader")
    expect(page.locator(".messagelist")).to_contain_text("This is the next submission waiting.")
    expect(page.get_by_role("region", name="Your decision on “Knee rocking”")).to_be_visible()

    page.locator(".messagelist").get_by_role("link", name="Back to “Pelvic clock”").click()
    expect(page).to_have_url(re.compile(rf"/admin/submissions/submission/{queue[0].pk}/change/"))
    back = page.get_by_role("region", name="Your decision on “Pelvic clock”")
    expect(back.get_by_role("button", name="Reject")).to_be_visible()  # changes asked: no publish
    expect(back.get_by_role("button", name="Publish")).to_have_count(0)

    # The last one decided, the editor is back at the queue, told nothing else waits.
    page.goto(f"/admin/submissions/submission/{queue[1].pk}/change/")
    page.get_by_role("region", name=re.compile("Your decision on")).get_by_role(
        "button", name="Publish"
    ).click()
    expect(page).to_have_url(re.compile(r"/admin/submissions/submission/(\?.*)?$"))
    expect(page.locator(".messagelist")).to_contain_text("Nothing else is waiting for review.")
    context.close()


def test_the_admin_first_page_counts_what_waits(browser, live_server, moderator, queue):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    sign_in(context, live_server, moderator)
    page = context.new_page()
    page.goto("/admin/")

    waiting = page.get_by_role("region", name="Waiting for you")
    waiting.get_by_role("link", name="2 submissions are waiting for review.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submissions: waiting for review")
    context.close()
