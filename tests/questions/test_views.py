"""
The reader's side: asking under a routine, the honeypot, the rate limit, the question's own
page (answer, report, delete) for each kind of visitor, and everything a reader writes escaped.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from questions import moderation
from questions.models import Answer, ReaderQuestion, Status
from tests.xss import FORBIDDEN, PAYLOADS, assert_escaped

pytestmark = pytest.mark.django_db


def ask_url(routine) -> str:
    return f"/routines/{routine.slug}/ask/"


def test_a_reader_asks_and_is_told_it_waits_for_a_moderator(client, reader, routine):
    client.force_login(reader)
    response = client.post(ask_url(routine), {"text": "Can I do this in bed?"}, follow=True)
    question = ReaderQuestion.objects.get()
    assert question.status == Status.WAITING and question.author == reader
    assert question.language == "en"
    assert "once a moderator has read it" in response.content.decode()
    assert response.redirect_chain[-1][0] == question.get_absolute_url()


def test_a_question_asked_on_a_french_page_carries_french(client, reader, routine):
    client.force_login(reader)
    client.post(f"/fr{ask_url(routine)}", {"text": "Puis-je le faire au lit ?"})
    assert ReaderQuestion.objects.get().language == "fr"


def test_asking_needs_an_account(client, routine):
    response = client.post(ask_url(routine), {"text": "Hello?"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ReaderQuestion.objects.exists()


def test_a_question_over_the_length_limit_is_refused_with_the_text_kept(client, reader, routine):
    client.force_login(reader)
    text = "Why? " * 300
    response = client.post(ask_url(routine), {"text": text})
    assert response.status_code == 200 and not ReaderQuestion.objects.exists()
    assert "Why? Why?" in response.content.decode()


def test_the_honeypot_drops_a_robots_question_quietly(client, reader, routine):
    client.force_login(reader)
    response = client.post(
        ask_url(routine), {"text": "Cheap pills", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert not ReaderQuestion.objects.exists()


def test_a_reader_who_asks_too_often_is_asked_to_wait(client, reader, routine, settings):
    settings.QUESTIONS_RATE = "2/1h/user"
    client.force_login(reader)
    for n in range(2):
        assert client.post(ask_url(routine), {"text": f"Question {n}?"}).status_code == 302
    response = client.post(ask_url(routine), {"text": "A third one?"})
    assert response.status_code == 429
    assert "wait a little" in response.content.decode()
    assert "A third one?" in response.content.decode()
    assert ReaderQuestion.objects.count() == 2


def test_the_rate_limit_counts_each_reader_apart(client, make_reader, routine, settings):
    settings.QUESTIONS_RATE = "1/1h/user"
    for email in ("a@example.com", "b@example.com"):
        client.force_login(make_reader(email))
        assert client.post(ask_url(routine), {"text": "Question?"}).status_code == 302


# The question's own page, for each kind of visitor --------------------------------------------


@pytest.fixture
def published(make_question, question_moderator):
    return make_question(publish_by=question_moderator)


def visitor(kind, question, make_reader, teacher, question_moderator) -> Client:
    client = Client()
    user = {
        "anonymous": None,
        "reader": make_reader("other@example.com"),
        "owner": question.author,
        "teacher": teacher,
        "moderator": question_moderator,
    }[kind]
    if user is not None:
        client.force_login(user)
    return client


KINDS = ["anonymous", "reader", "owner", "teacher", "moderator"]


@pytest.mark.parametrize(
    "kind,sees_waiting,may_answer,may_delete,may_report",
    [
        ("anonymous", False, False, False, False),
        ("reader", False, False, False, True),
        ("owner", True, False, True, False),
        ("teacher", False, True, False, True),
        ("moderator", True, True, False, True),
    ],
)
def test_what_each_visitor_may_do_with_a_question(
    make_question, published, make_reader, teacher, question_moderator,
    kind, sees_waiting, may_answer, may_delete, may_report,
):  # fmt: skip
    client = visitor(kind, published, make_reader, teacher, question_moderator)
    waiting = make_question("Not yet public?", author=published.author)
    assert (client.get(waiting.get_absolute_url()).status_code == 200) is sees_waiting
    page = client.get(published.get_absolute_url()).content.decode()
    assert ("Answer as a teacher" in page) is may_answer
    assert ("Delete my question" in page) is may_delete
    assert ("Report this question" in page) is may_report

    response = client.post(published.get_absolute_url(), {"text": "Go gently."})
    assert Answer.objects.filter(text="Go gently.").exists() is may_answer
    if not may_answer:
        assert response.status_code in (302, 403)


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_asker_deletes_a_question(
    published, make_reader, teacher, question_moderator, kind
):
    client = visitor(kind, published, make_reader, teacher, question_moderator)
    client.post(f"/questions/{published.pk}/delete/")
    assert ReaderQuestion.objects.filter(pk=published.pk).exists() is (kind != "owner")


def test_a_teacher_deletes_their_own_answer(client, published, teacher):
    reply = moderation.answer(published, author=teacher, text="Yes.", language="en")
    client.force_login(teacher)
    client.post(f"/answers/{reply.pk}/delete/")
    assert not Answer.objects.exists()


def test_report_buttons_put_a_question_and_an_answer_back_in_the_queue(
    client, published, teacher, make_reader
):
    reply = moderation.answer(published, author=teacher, text="Yes.", language="en")
    client.force_login(make_reader("someone@example.com"))
    client.post(f"/answers/{reply.pk}/report/")
    client.post(f"/questions/{published.pk}/report/")
    assert Answer.objects.get().status == Status.WAITING
    assert ReaderQuestion.objects.get().status == Status.WAITING
    assert "hip clicks" not in client.get(published.routine.get_absolute_url()).content.decode()


def test_anonymous_visitors_cannot_report(client, published):
    client.post(f"/questions/{published.pk}/report/")
    assert ReaderQuestion.objects.get().status == Status.PUBLISHED


def test_the_user_in_the_domain_functions_is_never_anonymous(published):
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied, whatever the wording)
        moderation.report(published, by=AnonymousUser())


# Everything a reader or teacher writes comes back escaped -------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_xss_corpus_in_every_field_of_the_question_form_comes_back_escaped(
    client, reader, routine, question_moderator, payload
):
    client.force_login(reader)
    # Re-rendered after a refusal (too long), in the form's own text box:
    too_long = client.post(ask_url(routine), {"text": payload + " x" * 600}).content.decode()
    assert_escaped(too_long, payload + " x" * 600)
    # The honeypot: never shown back, never stored.
    spam = client.post(ask_url(routine), {"text": "Hi?", "website": payload}, follow=True)
    assert not any(
        bad.lower() in spam.content.decode().lower()
        for bad in FORBIDDEN
        if bad.lower() in payload.lower()
    )
    # Asked and published: on its own page and under the routine.
    client.post(ask_url(routine), {"text": payload, "post_anyway": "1"})
    question = ReaderQuestion.objects.get()
    moderation.approve(question, moderator=question_moderator)
    assert_escaped(client.get(question.get_absolute_url()).content.decode(), payload)
    assert_escaped(Client().get(routine.get_absolute_url()).content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_xss_corpus_in_every_field_of_the_answer_form_comes_back_escaped(
    client, published, teacher, payload
):
    client.force_login(teacher)
    refused = client.post(
        published.get_absolute_url(), {"text": payload + " x" * 2000, "website": payload}
    ).content.decode()
    assert_escaped(refused, payload + " x" * 2000)
    client.post(published.get_absolute_url(), {"text": payload})
    assert_escaped(client.get(published.get_absolute_url()).content.decode(), payload)
    assert_escaped(Client().get(published.routine.get_absolute_url()).content.decode(), payload)


def test_a_reader_cannot_empty_a_routine_by_reporting_everything(
    client, make_question, question_moderator, make_reader, settings
):
    settings.QUESTIONS_REPORT_RATE = "2/1d/user"
    questions = [make_question(f"Q{n}?", publish_by=question_moderator) for n in range(3)]
    client.force_login(make_reader("angry@example.com"))
    for question in questions:
        client.post(f"/questions/{question.pk}/report/")
    assert ReaderQuestion.objects.published().count() == 1


def test_a_reader_finds_all_their_questions_and_a_teacher_those_waiting_for_an_answer(
    client, make_question, question_moderator, reader, teacher
):
    make_question("Mine, waiting?", author=reader)
    make_question("Mine, published?", author=reader, publish_by=question_moderator)
    make_question("Someone else's?", publish_by=question_moderator)
    client.force_login(reader)
    page = client.get("/questions/mine/").content.decode()
    assert "Mine, waiting?" in page and "Mine, published?" in page
    assert "Someone else" not in page and "waiting for a teacher" not in page
    client.force_login(teacher)
    page = client.get("/questions/mine/").content.decode()
    assert "Someone else" in page and "Mine, published?" in page
    assert "Mine, waiting?" not in page
