"""
Readers' questions in real Chromium: a reader asks under the psoas release, a moderator approves
it in admin, a teacher answers on the site, the reader is emailed, the moderator makes it one of
the routine's FAQ; a second reader typing a warning sign sees the red-flag note before posting.
axe-core finds nothing serious on the pages this adds.
"""

# ruff: noqa: F811 (the fixtures of tests/questions/conftest.py, imported to be used here)
import re

import pytest
from playwright.sync_api import expect

from questions.models import Answer, ReaderQuestion, Status
from questions.red_flags import load_red_flags

from ..questions.conftest import question_moderator, teacher  # noqa: F401
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
QUESTION = "my hip clicks, is that normal?"
ANSWER = "A soft click as the leg lengthens is common. Go more slowly, and stop if it hurts."


def test_a_question_is_asked_approved_answered_emailed_and_promoted_to_the_faq(
    starter_library,
    make_reader,
    question_moderator,
    teacher,
    open_page,
    mailoutbox,
):
    load_red_flags()
    reader = make_reader("asker@example.com")

    # The reader asks at the bottom of the psoas release.
    page = open_page(reader, width=390)
    page.goto("/routines/psoas-release/")
    form = page.locator("[data-question-form]")
    expect(form).to_contain_text("Questions are public")
    form.get_by_label("Your question").fill(QUESTION)
    form.get_by_role("button", name="Post my question").click()
    expect(page.locator(".messages, .messagelist, [role=status]").first).to_contain_text(
        "once a moderator has read it"
    )
    question = ReaderQuestion.objects.get()
    assert question.status == Status.WAITING

    # Not yet on the routine's page.
    visitor = open_page()
    visitor.goto("/routines/psoas-release/")
    expect(visitor.locator("#reader-questions")).not_to_contain_text(QUESTION)

    # The moderator publishes it from the queue.
    admin = open_page(question_moderator)
    admin.goto("/admin/questions/readerquestion/")
    row = admin.locator("#result_list tbody tr", has_text=QUESTION)
    row.locator("input[type=checkbox]").check()
    admin.locator("select[name=action]").select_option("approve_selected")
    admin.get_by_role("button", name=re.compile("Go|Run")).click()
    expect(admin.locator(".messagelist")).to_contain_text("1 question published.")

    # A teacher finds it under the routine and answers it on the site.
    teaching = open_page(teacher)
    teaching.goto("/routines/psoas-release/")
    item = teaching.locator(".reader-question", has_text=QUESTION)
    expect(item).to_contain_text("Waiting for a teacher’s answer.")
    item.get_by_role("link", name=re.compile("Open this question")).click()
    teaching.get_by_label("Your answer").fill(ANSWER)
    teaching.get_by_role("button", name="Publish my answer").click()
    expect(teaching.locator(".reader-answer")).to_contain_text("Answered by Maya (Teacher)")
    assert Answer.objects.get().status == Status.PUBLISHED

    # Every reader sees it under the routine at once; the asker got an email.
    visitor.goto("/routines/psoas-release/")
    answered = visitor.locator(".reader-question", has_text=QUESTION)
    expect(answered).to_contain_text(ANSWER)
    expect(answered).to_contain_text("Answered by Maya (Teacher)")
    (email,) = mailoutbox
    assert email.to == ["asker@example.com"] and ANSWER in email.body

    # The moderator makes it one of the routine's frequently asked questions.
    admin.goto("/admin/questions/readerquestion/?status=all")
    row = admin.locator("#result_list tbody tr", has_text=QUESTION)
    row.locator("input[type=checkbox]").check()
    admin.locator("select[name=action]").select_option("promote_selected")
    admin.get_by_role("button", name=re.compile("Go|Run")).click()
    expect(admin.locator(".messagelist")).to_contain_text("added to its routine’s FAQ")
    visitor.goto("/routines/psoas-release/")
    faq = visitor.locator(".faq")
    expect(faq).to_contain_text(QUESTION)
    expect(faq).to_contain_text("A reader’s question, answered by Maya (Teacher)")
    faq.get_by_role("link", name="where it was asked").click()
    expect(visitor).to_have_url(re.compile(rf"/questions/{question.pk}/$"))


def test_a_reader_typing_a_warning_sign_sees_the_note_before_posting(
    starter_library, make_reader, open_page
):
    load_red_flags()
    page = open_page(make_reader("second@example.com"), width=390)
    page.goto("/routines/psoas-release/")
    form = page.locator("[data-question-form]")
    form.get_by_label("Your question").fill("numbness in my groin")
    note = form.locator(".red-flag-note")
    expect(note).to_contain_text("Before you post: this may need a doctor")
    expect(note).to_contain_text("Call emergency services now:")
    expect(note).to_contain_text("112")
    assert not ReaderQuestion.objects.exists()
    form.get_by_role("button", name="Post my question anyway").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A reader’s question")
    assert ReaderQuestion.objects.get().text == "numbness in my groin"


def test_the_note_shows_on_submit_even_before_the_reader_pauses(
    starter_library, make_reader, open_page
):
    load_red_flags()
    page = open_page(make_reader("third@example.com"))
    page.goto("/fr/routines/psoas-release/")
    form = page.locator("[data-question-form]")
    form.get_by_label("Votre question").fill("Je suis tombée hier, puis-je le faire ?")
    form.get_by_role("button", name="Publier ma question").click()
    expect(form.locator(".red-flag-note")).to_contain_text("Consultez un médecin aujourd")
    assert not ReaderQuestion.objects.exists()


@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_violations_on_the_pages_of_questions(
    axe,
    starter_library,
    make_reader,
    question_moderator,
    teacher,
    width,
):
    from questions import moderation
    from routines.models import Routine

    load_red_flags()
    asker = make_reader("asker@example.com")
    routine = Routine.objects.get(slug="psoas-release")
    question = moderation.ask(routine=routine, author=asker, text=QUESTION, language="en")
    moderation.approve(question, moderator=question_moderator)
    moderation.answer(question, author=teacher, text=ANSWER, language="en")
    pages = [
        ("/routines/psoas-release/", None),  # with questions, and the sign-in link
        ("/routines/psoas-release/", asker),  # the form
        (f"/questions/{question.pk}/", teacher),  # the answer form
        ("/see-a-professional/", None),
        ("/fr/see-a-professional/", None),
        ("/es/see-a-professional/", None),
    ]
    for path, user in pages:
        violations = axe(path, width, user=user)
        assert violations == [], f"{path}: {axe.format(violations)}"


def test_no_serious_accessibility_violations_with_the_red_flag_note(
    axe, starter_library, make_reader, live_server, browser
):
    """The note as the page shows it without script (the server's, after 'Post')."""
    load_red_flags()
    reader = make_reader("noted@example.com")
    from django.test import Client

    client = Client()
    client.force_login(reader)
    html = client.post("/routines/psoas-release/ask/", {"text": "numbness in my groin"})
    assert "red-flag-note" in html.content.decode()
    # The same page, in the browser, through a real form post.
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    sign_in(context, live_server, reader)
    page = context.new_page()
    page.goto("/routines/psoas-release/ask/")
    page.get_by_label("Your question").fill("numbness in my groin")
    page.evaluate("document.querySelector('[data-question-form]').submit()")
    page.wait_for_selector(".red-flag-note")
    from .conftest import AXE

    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    context.close()
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
