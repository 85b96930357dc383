"""
The reader's path in real Chromium: back to the submission form once their address is
confirmed, the step editor on a phone, focus on the error summary, the 404 page, and headings
in order on the list and search results (axe).
"""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from .conftest import AXE, heading, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_rate_limits")]


def confirmation_link(message) -> str:
    """The link's path and query (where the reader was going); the live server is plain http."""
    url = urlsplit(re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0))
    return f"{url.path}?{url.query}" if url.query else url.path


def test_after_confirming_their_email_the_reader_is_back_on_the_submission_form(
    page, make_reader, mailoutbox, live_server
):
    reader = make_reader("newcomer@example.com", verified=False)
    sign_in(page.context, live_server, reader)

    page.goto("/submit/?routine=psoas-release")
    expect(heading(page)).to_have_text("Confirm your email address first")
    expect(page.get_by_role("main")).to_contain_text("you will come back to this form")
    expect(page.get_by_role("main")).not_to_contain_text("claim to be")

    (message,) = mailoutbox
    assert "Somatics Library" in message.subject
    page.goto(confirmation_link(message))
    expect(heading(page)).to_have_text("Confirm your email address")
    page.get_by_role("button", name="Yes, confirm my address").click()

    expect(page).to_have_url(re.compile(r"/submit/\?routine=psoas-release$"))
    expect(heading(page)).to_have_text("Send in your own movement pattern")
    expect(page.get_by_role("main")).to_contain_text("In response to Psoas release")
    expect(page.get_by_text("Thank you: newcomer@example.com is confirmed.")).to_be_visible()
    assert EmailAddress.objects.get(user=reader).verified
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Submit")).to_be_visible()


def test_on_a_phone_the_step_editor_fits_its_steps(browser, live_server, reader, starter_library):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    sign_in(context, live_server, reader)
    page = context.new_page()
    page.goto("/submit/")

    rows = page.locator(".step-row")
    expect(rows).to_have_count(3)
    first, last = rows.nth(0), rows.nth(2)
    expect(first.get_by_role("button", name="Move up")).to_be_disabled()
    expect(first.get_by_role("button", name="Move down")).to_be_enabled()
    expect(last.get_by_role("button", name="Move down")).to_be_disabled()

    # A long step: its box grows with the text, and its buttons take less room than it.
    box = page.get_by_label("Step 1", exact=True)
    before = box.bounding_box()["height"]
    box.fill("Lie on your back with your knees bent and your feet flat on the floor. " * 6)
    after = box.bounding_box()["height"]
    assert after > before * 1.5
    assert page.evaluate("(box) => box.scrollHeight <= box.clientHeight + 2", box.element_handle())
    buttons = first.locator(".step-row__buttons").bounding_box()
    assert buttons["height"] < after
    assert buttons["width"] <= first.bounding_box()["width"]

    # Moving the first step down: the states follow the new order.
    first.get_by_role("button", name="Move down").click()
    moved = page.locator(".step-row").nth(1)
    expect(moved.get_by_role("button", name="Move up")).to_be_enabled()
    expect(page.locator(".step-row").nth(0).get_by_role("button", name="Move up")).to_be_disabled()
    context.close()


def test_after_an_error_focus_moves_to_the_error_summary(page, reader, live_server):
    sign_in(page.context, live_server, reader)
    page.goto("/submit/")
    page.get_by_label("Title").fill("Knee rocking")
    page.get_by_role("button", name="Send for review").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()


def test_the_licence_is_chosen_in_plain_words_with_a_default(page, reader, live_server):
    sign_in(page.context, live_server, reader)
    page.goto("/submit/")

    licence = page.get_by_role("group", name="Licence", exact=True)
    expect(licence.get_by_label(re.compile("CC BY-NC-SA 4.0"))).to_be_checked()
    expect(licence).to_contain_text("not to make money from it")
    expect(licence).to_contain_text("even to make money from it")


def test_an_old_link_meets_the_sites_404_with_a_search_and_a_way_back(
    browser, live_server, starter_library
):
    # Its own page: Chromium reports any 404 response as a console error, which `page` refuses.
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto("/routines/psoas-release-for-truckers/")
    assert response.status == 404
    expect(heading(page)).to_have_text("We cannot find this page")
    search = page.get_by_role("search").get_by_role("searchbox")
    expect(search).to_have_value("psoas release for truckers")

    search.fill("psoas")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(heading(page)).to_have_text("Routines for “psoas”")
    page.go_back()
    page.get_by_role("link", name="Back to the library").click()
    expect(page).to_have_url(re.compile(r"/$"))
    context.close()
    assert errors == []


@pytest.mark.parametrize("path", ["/routines/", "/routines/?q=soas", "/fr/routines/?q=dos"])
@pytest.mark.parametrize("width", [390, 1280])
def test_headings_on_the_list_and_search_results_are_in_order(
    browser, live_server, starter_library, path, width
):
    """axe's heading-order (moderate, so the general audit does not report it): no h3 after h1."""
    if not AXE.is_file():
        pytest.skip("axe-core not installed (npm install)")
    context = browser.new_context(
        bypass_csp=True, viewport={"width": width, "height": 900}, base_url=live_server.url
    )
    page = context.new_page()
    page.goto(path)
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['heading-order', 'page-has-heading-one']})"
    )
    context.close()
    assert [v["id"] for v in result["violations"]] == []
    assert {p["id"] for p in result["passes"]} >= {"heading-order"}


@pytest.mark.parametrize(
    "path", ["/follow/", "/es/follow/", "/accounts/signup/", "/fr/accounts/password/reset/"]
)
@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_problems_on_the_new_pages(axe, starter_library, path, width):
    violations = axe(path, width)
    assert violations == [], axe.format(violations)


def test_no_serious_accessibility_problems_when_asked_to_confirm_first(axe, make_reader):
    violations = axe("/submit/", 390, user=make_reader("newcomer@example.com", verified=False))
    assert violations == [], axe.format(violations)
