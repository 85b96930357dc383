"""
The asker is emailed when their question is answered: through the task queue, in their own
language, with a link to the answer and a signed link that stops these emails.
"""

import re

import pytest
from django.test import Client

from questions import moderation
from questions.models import AnswerEmailOptOut
from questions.tasks import unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer_now(make_question, question_moderator, teacher, django_capture_on_commit_callbacks):
    def answer(asker=None, text="Clicking is common; go slowly."):
        question = make_question(author=asker, publish_by=question_moderator)
        with django_capture_on_commit_callbacks(execute=True):
            moderation.answer(question, author=teacher, text=text, language="en")
        return question

    return answer


def unsubscribe_link(body: str) -> str:
    return re.search(r"http://\S+/questions/unsubscribe/\S+/", body)[0]


def test_the_asker_is_emailed_with_the_answer_and_a_link_to_it(answer_now, mailoutbox):
    question = answer_now()
    (email,) = mailoutbox
    assert email.to == [question.author.email]
    assert email.subject == "Your question was answered"
    assert "Clicking is common; go slowly." in email.body and "Maya (Teacher)" in email.body
    assert f"/questions/{question.pk}/" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")


@pytest.mark.parametrize(
    "language,subject,prefix",
    [
        ("fr", "Votre question a reçu une réponse", "/fr/"),
        ("es", "Su pregunta tiene respuesta", "/es/"),
    ],
)
def test_the_email_is_in_the_askers_language(
    answer_now, make_reader, mailoutbox, language, subject, prefix
):
    asker = make_reader(f"{language}@example.com")
    asker.language = language
    asker.save()
    answer_now(asker)
    (email,) = mailoutbox
    assert email.subject == subject and email.extra_headers["Content-Language"] == language
    assert f"{prefix}questions/unsubscribe/" in email.body
    assert "(Profesor)" in email.body or "(Enseignant)" in email.body


def test_the_unsubscribe_link_asks_then_stops_the_emails(answer_now, make_reader, mailoutbox):
    asker = make_reader("asker@example.com")
    answer_now(asker)
    link = unsubscribe_link(mailoutbox[0].body).removeprefix("http://127.0.0.1:8000")
    browser = Client()
    assert "Stop these emails" in browser.get(link).content.decode()
    assert not AnswerEmailOptOut.objects.exists()  # a link opened is not a decision
    assert "we will not email you" in browser.post(link).content.decode()
    assert AnswerEmailOptOut.objects.filter(user=asker).exists()
    answer_now(asker, text="Another answer.")
    assert len(mailoutbox) == 1


def test_a_forged_or_altered_unsubscribe_token_does_nothing(client, reader):
    token = unsubscribe_token(reader)
    assert client.post(f"/questions/unsubscribe/{token}x/").status_code == 404
    assert client.post("/questions/unsubscribe/1/").status_code == 404
    assert not AnswerEmailOptOut.objects.exists()


def test_a_mail_programs_one_click_unsubscribe_works_without_a_form(reader):
    token = unsubscribe_token(reader)
    response = Client(enforce_csrf_checks=True).post(
        f"/questions/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert AnswerEmailOptOut.objects.filter(user=reader).exists()


def test_answering_your_own_question_sends_no_email(
    teacher, make_question, question_moderator, mailoutbox, django_capture_on_commit_callbacks
):
    question = make_question(author=teacher, publish_by=question_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.answer(question, author=teacher, text="Answering myself.", language="en")
    assert mailoutbox == []


def test_the_email_waits_for_the_task_worker(
    make_question, question_moderator, teacher, settings, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    question = make_question(publish_by=question_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.answer(question, author=teacher, text="Later.", language="en")
    assert mailoutbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="send_answer_email").count() == 1
