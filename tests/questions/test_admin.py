"""
Moderators decide on questions in admin as on submissions: one queue opening on what waits,
filters, bulk actions that call the domain functions, the history; and promote a good question
and its answer into the routine's FAQ, credited, with a link back.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from questions import moderation
from questions.models import QuestionEvent, ReaderQuestion, Status
from routines.models import AnsweredBy
from routines.models import Question as FrequentQuestion

pytestmark = pytest.mark.django_db
QUEUE = "/admin/questions/readerquestion/"


@pytest.fixture
def as_moderator(question_moderator):
    client = Client()
    client.force_login(question_moderator)
    return client


def act(client, action, questions, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [q.pk for q in questions], **extra}
    return client.post(QUEUE + "?status=all", data, follow=True)


def test_the_queue_opens_on_waiting_and_reported_questions(
    as_moderator, make_question, question_moderator, make_reader
):
    make_question("Waiting one?")
    shown = make_question("Published one?", publish_by=question_moderator)
    reported = make_question("Reported one?", publish_by=question_moderator)
    moderation.report(reported, by=make_reader("r@example.com"))
    page = as_moderator.get(QUEUE).content.decode()
    assert "Readers’ questions: waiting for a moderator" in page
    assert "Waiting one?" in page and "Reported one?" in page
    assert "Published one?" not in page
    assert shown.text in as_moderator.get(QUEUE + "?status=all").content.decode()


def test_bulk_publish_and_take_down_call_the_domain_and_write_history(as_moderator, make_question):
    first, second = make_question("One?"), make_question("Two?")
    response = act(as_moderator, "approve_selected", [first, second])
    assert "2 questions published." in response.content.decode()
    assert ReaderQuestion.objects.published().count() == 2
    act(as_moderator, "take_down_selected", [first])
    assert ReaderQuestion.objects.get(pk=first.pk).status == Status.TAKEN_DOWN
    assert QuestionEvent.objects.filter(question=first, actor__isnull=False).count() == 3


def test_bulk_reject_asks_for_a_reason_first(as_moderator, make_question):
    question = make_question()
    page = act(as_moderator, "reject_selected", [question])
    html = page.content.decode()
    assert "Reason, kept in the history" in html
    assert "Reject this question? The reason is kept in its history." in html
    assert question.text in html
    assert f'href="{QUEUE}" class="button cancel-link"' in html
    assert ReaderQuestion.objects.get().status == Status.WAITING
    act(as_moderator, "reject_selected", [question], post="yes", reason="Advertising")
    assert ReaderQuestion.objects.get().status == Status.REJECTED
    assert QuestionEvent.objects.filter(action="rejected", message="Advertising").exists()


def test_a_refused_decision_is_reported_and_the_others_go_through(
    as_moderator, make_question, question_moderator
):
    done = make_question("Already?", publish_by=question_moderator)
    waiting = make_question("Waiting?")
    page = act(as_moderator, "approve_selected", [done, waiting]).content.decode()
    assert "1 question published." in page and "already decided" in page


def test_staff_without_the_permission_cannot_decide(make_question, django_user_model):
    staff = django_user_model.objects.create_user("staff", "s@example.com", "pw", is_staff=True)
    client = Client()
    client.force_login(staff)
    question = make_question()
    act(client, "approve_selected", [question])
    assert ReaderQuestion.objects.get().status == Status.WAITING


def test_the_question_page_in_admin_shows_its_history_and_answers(
    as_moderator, make_question, question_moderator, teacher
):
    question = make_question(publish_by=question_moderator)
    moderation.answer(question, author=teacher, text="Gently.", language="en")
    page = as_moderator.get(f"{QUEUE}{question.pk}/change/").content.decode()
    assert "Gently." in page and "Approved" in page and "Answered" in page


def test_a_question_and_its_answer_become_a_credited_faq_with_a_link_back(
    as_moderator, client, make_question, question_moderator, teacher
):
    question = make_question("Is it normal that my hip clicks?", publish_by=question_moderator)
    moderation.answer(question, author=teacher, text="Clicking is common.", language="en")
    page = act(as_moderator, "promote_selected", [question]).content.decode()
    assert "1 question added to its routine’s FAQ." in page
    faq = FrequentQuestion.objects.get(routine=question.routine)
    assert faq.question == question.text and faq.answer == "Clicking is common."
    assert faq.answered_by == AnsweredBy.READER_AND_TEACHER
    assert faq.credit_name == "Maya (Teacher)"
    assert faq.source_url == question.get_absolute_url()
    routine_page = client.get(question.routine.get_absolute_url()).content.decode()
    assert "A reader’s question, answered by Maya (Teacher)" in routine_page
    assert f'<a href="{question.get_absolute_url()}">where it was asked</a>' in routine_page
    assert QuestionEvent.objects.filter(question=question, action="promoted").exists()


def test_a_french_question_becomes_a_french_faq(make_question, question_moderator, teacher):
    question = make_question("Est-ce normal ?", language="fr", publish_by=question_moderator)
    moderation.answer(question, author=teacher, text="Oui.", language="fr")
    faq = moderation.promote_to_faq(question, moderator=question_moderator)
    faq.refresh_from_db()
    assert faq.question_fr == "Est-ce normal ?" and faq.answer_fr == "Oui."
    assert faq.source_url.startswith("/fr/questions/")


def test_an_unanswered_question_cannot_be_promoted(make_question, question_moderator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        moderation.promote_to_faq(
            make_question(publish_by=question_moderator), moderator=question_moderator
        )


def test_the_moderators_group_moderates_questions_and_teachers_need_no_admin_rights():
    from django.contrib.auth.models import Group

    moderators = Group.objects.get(name="Moderators").permissions
    assert set(
        moderators.filter(content_type__app_label="questions").values_list("codename", flat=True)
    ) == {
        "moderate_readerquestion", "view_readerquestion", "change_readerquestion",
        "view_answer", "change_answer", "view_questionevent",
        "view_redflag", "change_redflag", "view_emergencynumber", "change_emergencynumber",
    }  # fmt: skip
    assert not Group.objects.get(name="Teachers").permissions.exists()


def test_the_admin_first_page_says_how_many_questions_wait(as_moderator, make_question):
    make_question("Is a click normal?")
    make_question("Can I do it in bed?")
    page = as_moderator.get("/admin/").content.decode()
    assert "2 readers’ questions are waiting for a moderator." in page
    assert f'href="{QUEUE}?status=waiting"' in page


def test_the_first_page_counts_no_questions_for_staff_who_may_not_moderate_them(
    make_question, django_user_model
):
    make_question("Is a click normal?")
    staff = django_user_model.objects.create_user(
        username="staff", email="staff@example.com", password="x", is_staff=True
    )
    client = Client()
    client.force_login(staff)
    assert "waiting for a moderator" not in client.get("/admin/").content.decode()
