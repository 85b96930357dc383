"""
Readers' questions under a routine: shown answered first, waiting ones marked, the form for a
signed-in reader, cached with the page and refreshed for that routine alone.
"""

import pytest
from django.test import Client

from questions import moderation
from routines.caching import forget_all, library_version
from routines.models import Routine

pytestmark = pytest.mark.django_db


def page_of(client, routine) -> str:
    return client.get(routine.get_absolute_url()).content.decode()


def test_published_questions_show_under_the_routine_answered_first(
    client, routine, make_question, question_moderator, teacher
):
    waiting = make_question("Still waiting for moderation?")
    make_question("Can I do this in bed?", publish_by=question_moderator)
    answered = make_question("Is it normal that my hip clicks?", publish_by=question_moderator)
    moderation.answer(answered, author=teacher, text="Clicking is common.", language="en")
    text = page_of(client, routine)
    assert "Still waiting for moderation?" not in text
    assert text.index("hip clicks") < text.index("in bed?")
    assert "Answered by Maya (Teacher)" in text and "Clicking is common." in text
    assert "Waiting for a teacher’s answer." in text
    assert waiting.get_absolute_url() not in text


def test_an_anonymous_reader_is_asked_to_sign_in_and_a_reader_gets_the_form(
    client, routine, reader
):
    assert "Sign in to ask a question" in page_of(client, routine)
    client.force_login(reader)
    text = page_of(client, routine)
    assert 'name="text"' in text and "csrfmiddlewaretoken" in text
    assert "Questions are public" in text and "do not include your name" in text


def test_an_approval_refreshes_that_routines_page_and_no_other(
    routine, make_routine, make_question, question_moderator, django_assert_num_queries
):
    other = make_routine("Washrag", slug="washrag")
    anonymous = Client()
    page_of(anonymous, routine), page_of(anonymous, other)
    version = library_version()
    question = make_question("Does it help sciatica?")
    moderation.approve(question, moderator=question_moderator)
    assert library_version() == version  # the library's cache is untouched
    assert "Does it help sciatica?" in page_of(anonymous, routine)
    with django_assert_num_queries(1):  # the other routine: still whole from the cache
        anonymous.get(other.get_absolute_url())


def test_an_answer_refreshes_the_routines_page_for_every_reader(
    client, routine, make_question, question_moderator, teacher, reader
):
    question = make_question(publish_by=question_moderator)
    signed_in = Client()
    signed_in.force_login(reader)
    assert "Waiting for a teacher" in page_of(client, routine)
    assert "Waiting for a teacher" in page_of(signed_in, routine)
    moderation.answer(question, author=teacher, text="Go slowly.", language="en")
    assert "Go slowly." in page_of(client, routine)
    assert "Go slowly." in page_of(signed_in, routine)


def test_anonymous_readers_get_the_page_with_questions_from_the_cache(
    client, routine, make_question, question_moderator, django_assert_num_queries
):
    make_question(publish_by=question_moderator)
    page_of(client, routine)
    with django_assert_num_queries(1) as queries:
        response = client.get(routine.get_absolute_url())
    assert "routines_libraryversion" in queries.captured_queries[0]["sql"]
    assert "hip clicks" in response.content.decode()


def answered_questions(routine, count, moderator, teacher, author):
    from django.utils import timezone

    from questions.models import Answer, ReaderQuestion, Status

    now = timezone.now()
    questions = ReaderQuestion.objects.bulk_create(
        ReaderQuestion(
            routine=routine, author=author, text=f"Question {n}?", language="en",
            status=Status.PUBLISHED, published_at=now, answered_at=now,
        )
        for n in range(count)
    )  # fmt: skip
    Answer.objects.bulk_create(
        Answer(question=q, author=teacher, role="teacher", text="An answer.", language="en")
        for q in questions
    )


def test_the_routine_page_costs_the_same_queries_with_0_10_and_100_answered_questions(
    client, routine, question_moderator, teacher, reader, django_assert_max_num_queries
):
    forget_all()
    with django_assert_max_num_queries(50) as baseline:
        client.get(routine.get_absolute_url())
    few, counts = len(baseline.captured_queries), []
    for count in (10, 90):  # 10, then 100 in all
        answered_questions(routine, count, question_moderator, teacher, reader)
        Routine.objects.filter(pk=routine.pk).update(page_version=routine.page_version + count)
        forget_all()
        with django_assert_max_num_queries(few + 2) as made:  # + the questions and answers
            response = client.get(routine.get_absolute_url())
        counts.append(len(made.captured_queries))
        assert response.content.decode().count('class="reader-question"') == 10
    assert counts[0] == counts[1]
    assert "Older questions" in response.content.decode()
    page_10 = client.get(routine.get_absolute_url() + "?questions=10").content.decode()
    assert page_10.count('class="reader-question"') == 10 and "Page 10 of 10" in page_10


def test_the_cautions_box_and_the_footer_link_to_the_professional_page(client, routine):
    routine.cautions = "Stop if it hurts."
    routine.save()
    Routine.objects.filter(pk=routine.pk).update(page_version=99)
    text = page_of(client, routine)
    assert text.count('href="/see-a-professional/"') >= 2


def test_a_web_address_in_a_question_or_answer_is_never_made_a_link(
    client, routine, make_question, question_moderator, teacher
):
    question = make_question("Is https://pills.example/buy any good?")
    moderation.approve(question, moderator=question_moderator)
    moderation.answer(
        question, author=teacher, text="See www.other.example instead.", language="en"
    )
    for path in (routine.get_absolute_url(), question.get_absolute_url()):
        text = client.get(path).content.decode()
        assert "https://pills.example/buy" in text and "www.other.example" in text
        assert 'href="https://pills.example' not in text and 'href="http://www.other' not in text
