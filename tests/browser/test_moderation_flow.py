"""
Moderation from end to end, in real Chromium: a reader sends a written pattern, a moderator
asks for changes in the admin, the reader edits and resubmits, the moderator publishes, and an
anonymous visitor finds the routine in the library, in search and in the feed, with credit.

Each person has their own browser context (their own cookies). The live server runs in this
process, so the emails the background tasks send (django-tasks' ImmediateBackend, once the
decision commits) land in pytest-django's `mailoutbox`.
"""

import re

import pytest
from playwright.sync_api import expect

from submissions.models import Submission

from .conftest import heading, send_pattern

pytestmark = pytest.mark.django_db(transaction=True)

READER_EMAIL = "mara@example.com"
TITLE = "Pelvic seesaw for long drives"
PUBLISHED_TITLE = "Pelvic seesaw after a long drive"
STEPS = [
    "Lie on your back with your knees bent and your feet flat.",
    "Tip the pelvis so the low back arches a little, then let it flatten.",
    "Rest, and notice how the back meets the floor.",
]
EDITED_STEP = "Very slowly tip the pelvis so the low back arches, then let it flatten again."
CAUTION = "Stop if the movement causes sharp pain."
REQUEST = "Please say how slowly to move in step 2."


def test_a_reader_sends_a_pattern_the_editor_asks_for_changes_and_publishes_it_with_credit(
    starter_library, make_reader, moderator, open_page, mailoutbox
):
    reader = make_reader(READER_EMAIL, display_name="Mara Teacher")

    # The reader sends a written pattern with three steps and a caution.
    reader_page = open_page(reader)
    reader_page.goto("/submit/")
    expect(heading(reader_page)).to_have_text("Send in your own movement pattern")
    send_pattern(reader_page, TITLE, kind="In writing", steps=STEPS, cautions=CAUTION)
    expect(heading(reader_page)).to_contain_text("Thank you")
    submission = Submission.objects.get()
    assert submission.steps == STEPS

    # The moderator finds it in the queue, waiting, and opens it.
    mod_page = open_page(moderator)
    mod_page.goto("/admin/submissions/submission/")
    expect(heading(mod_page)).to_have_text("Submissions: waiting for review")
    row = mod_page.locator("#result_list tbody tr", has_text=TITLE)
    expect(row).to_contain_text("Mara Teacher")
    expect(row).to_contain_text("Waiting for review")
    row.get_by_role("link", name=TITLE).click()
    expect(mod_page).to_have_url(re.compile(rf"/admin/submissions/submission/{submission.pk}/"))

    # The preview shows the routine as readers will see it: steps, and the caution.
    preview = mod_page.frame_locator("iframe[name='routine-preview']")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.locator(".step__cue").nth(1)).to_have_text(STEPS[1])
    expect(preview.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(preview.locator(".cautions:not(.practice__cautions)")).to_contain_text(CAUTION)

    # It asks for changes, with a message, from the decision bar above the preview.
    bar = mod_page.get_by_role("region", name=re.compile("Your decision on"))
    bar.get_by_label("Message to the reader").fill(REQUEST)
    bar.get_by_role("button", name="Request changes").click()
    expect(mod_page.locator(".messagelist")).to_contain_text(
        "Sent back to the reader with your message."
    )
    expect(mod_page.get_by_role("button", name="Request changes")).to_have_count(0)

    # The reader sees the message on their submission's page, edits step 2 and resends.
    reader_page.goto(f"/submissions/{submission.pk}/")
    expect(reader_page.locator(".status")).to_have_text("Changes requested")
    expect(reader_page.get_by_role("region", name="Message from the editor")).to_contain_text(
        REQUEST
    )
    reader_page.get_by_role("link", name="Edit and resubmit").click()
    expect(heading(reader_page)).to_have_text("Edit and resubmit")
    expect(reader_page.get_by_role("region", name="What the editor asked")).to_contain_text(REQUEST)
    expect(reader_page.get_by_label("Step 2", exact=True)).to_have_value(STEPS[1])
    reader_page.get_by_label("Step 2", exact=True).fill(EDITED_STEP)
    reader_page.get_by_role("button", name="Send the changes for review").click()
    expect(reader_page.get_by_text("Thank you: your changes are with the editor.")).to_be_visible()
    expect(reader_page.locator(".status")).to_have_text("Waiting for review")

    # The moderator reopens it, sees the new step, retitles it and publishes.
    mod_page.goto("/admin/submissions/submission/")
    mod_page.locator("#result_list tbody tr", has_text=TITLE).get_by_role(
        "link", name=TITLE
    ).click()
    preview = mod_page.frame_locator("iframe[name='routine-preview']")
    expect(preview.locator(".step__cue").nth(1)).to_have_text(EDITED_STEP)
    decision = mod_page.locator("form.moderation-decision__form")
    expect(decision.get_by_label("Step 2", exact=True)).to_have_value(EDITED_STEP)
    decision.get_by_label("Title").fill(PUBLISHED_TITLE)
    decision.get_by_role("button", name="Publish").click()
    expect(mod_page.locator(".messagelist")).to_contain_text(f"Published as “{PUBLISHED_TITLE}”")
    expect(mod_page.get_by_role("button", name="Publish")).to_have_count(0)
    routine_url = Submission.objects.get().routine.get_absolute_url()

    # An anonymous visitor finds it in the library, in search and in the feed, with credit.
    visitor = open_page()
    visitor.goto("/routines/")
    expect(visitor.get_by_role("link", name=PUBLISHED_TITLE)).to_be_visible()
    visitor.goto("/routines/?q=seesaw")
    expect(visitor.get_by_role("link", name=PUBLISHED_TITLE)).to_be_visible()
    feed = visitor.request.get("/feed/")
    assert feed.ok
    assert PUBLISHED_TITLE in feed.text() and "Mara Teacher" in feed.text()
    visitor.get_by_role("link", name=PUBLISHED_TITLE).click()
    expect(visitor).to_have_url(re.compile(re.escape(routine_url) + "$"))
    expect(heading(visitor)).to_have_text(PUBLISHED_TITLE)
    expect(visitor.locator(".credit")).to_have_text(re.compile(r"Taught by\s+Mara Teacher"))
    expect(visitor.locator(".step__cue")).to_have_text([STEPS[0], EDITED_STEP, STEPS[2]])
    expect(visitor.get_by_role("heading", name="Before you start")).to_be_visible()

    # The reader's list says it is published, and links to the routine.
    reader_page.goto("/submissions/")
    row = reader_page.locator(".submission-list li", has_text=TITLE)
    expect(row.locator(".status")).to_have_text("Published")
    row.get_by_role("link", name="In the library").click()
    expect(heading(reader_page)).to_have_text(PUBLISHED_TITLE)

    # And the reader was told both times, by email.
    to_reader = [m for m in mailoutbox if m.to == [READER_EMAIL]]
    subjects = [m.subject for m in to_reader]
    assert subjects == [
        f"The editor asks for changes to “{TITLE}”",
        f"“{TITLE}” is published in the Somatics Library",
    ], subjects
    assert REQUEST in to_reader[0].body
    assert f"/submissions/{submission.pk}/edit/" in to_reader[0].body
    assert routine_url in to_reader[1].body
