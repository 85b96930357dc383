"""
Questions wait for a moderator until their reader is trusted; a web address always waits;
reports put things back in the queue; each decision writes one history row.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from questions import moderation
from questions.models import Answer, QuestionEvent, ReaderQuestion, Status

pytestmark = pytest.mark.django_db


def test_a_readers_first_question_waits_for_a_moderator(make_question):
    question = make_question()
    assert question.status == Status.WAITING
    assert list(question.events.values_list("action", "to_status")) == [("asked", "waiting")]


def test_a_reader_with_three_published_questions_is_published_at_once(
    make_question, reader, question_moderator
):
    for n in range(3):
        make_question(f"Question {n}?", author=reader, publish_by=question_moderator)
    question = make_question("And one more?", author=reader)
    assert question.status == Status.PUBLISHED and question.published_at


def test_the_number_that_makes_a_reader_trusted_is_a_setting(
    make_question, reader, question_moderator, settings
):
    settings.QUESTIONS_TRUSTED_AFTER = 1
    make_question("First?", author=reader, publish_by=question_moderator)
    assert make_question("Second?", author=reader).status == Status.PUBLISHED


@pytest.mark.parametrize(
    "text",
    ["See https://example.com for my pills", "Buy at www.cheap.example", "visit cheap-pills.com"],
)
def test_a_question_with_a_web_address_always_waits_even_from_a_trusted_reader(
    make_question, reader, question_moderator, text
):
    for n in range(3):
        make_question(f"Question {n}?", author=reader, publish_by=question_moderator)
    assert make_question(text, author=reader).status == Status.WAITING


def test_a_moderator_approves_rejects_and_takes_down_with_one_history_row_each(
    make_question, question_moderator
):
    question = make_question()
    moderation.approve(question, moderator=question_moderator)
    moderation.take_down(question, moderator=question_moderator, reason="Off topic")
    other = make_question("Spam?")
    moderation.reject(other, moderator=question_moderator, reason="Advertising")
    assert ReaderQuestion.objects.get(pk=question.pk).status == Status.TAKEN_DOWN
    assert ReaderQuestion.objects.get(pk=other.pk).status == Status.REJECTED
    assert list(question.events.values_list("action", flat=True)) == [
        "asked",
        "approved",
        "taken_down",
    ]
    assert other.events.last().message == "Advertising"


def test_rejecting_needs_a_reason(make_question, question_moderator):
    with pytest.raises(ValidationError):
        moderation.reject(make_question(), moderator=question_moderator, reason=" ")


def test_a_second_approval_of_the_same_question_is_refused_clearly(
    make_question, question_moderator
):
    question = make_question()
    moderation.approve(question, moderator=question_moderator)
    with pytest.raises(moderation.IllegalTransition, match="already decided"):
        moderation.approve(question, moderator=question_moderator)
    assert QuestionEvent.objects.filter(question=question, action="approved").count() == 1


def test_a_reported_question_goes_back_to_the_queue(make_question, question_moderator, make_reader):
    question = make_question(publish_by=question_moderator)
    moderation.report(question, by=make_reader("someone@example.com"), reason="Rude")
    question.refresh_from_db()
    assert question.status == Status.WAITING and question.reported
    assert ReaderQuestion.objects.waiting().filter(pk=question.pk).exists()
    moderation.approve(question, moderator=question_moderator)
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED and not question.reported


def test_a_reported_answer_goes_back_to_the_queue(
    make_question, question_moderator, teacher, make_reader
):
    question = make_question(publish_by=question_moderator)
    reply = moderation.answer(question, author=teacher, text="Clicking is common.", language="en")
    moderation.report_answer(reply, by=make_reader("someone@example.com"))
    reply.refresh_from_db()
    assert reply.status == Status.WAITING and reply.reported
    moderation.take_down_answer(reply, moderator=question_moderator)
    assert Answer.objects.get(pk=reply.pk).status == Status.TAKEN_DOWN


def test_a_teachers_answer_is_published_at_once_and_credited_as_teacher(
    make_question, question_moderator, teacher
):
    question = make_question(publish_by=question_moderator)
    reply = moderation.answer(question, author=teacher, text="It is common.", language="en")
    assert reply.status == Status.PUBLISHED and reply.role == "teacher"
    assert str(reply.credit) == "Maya"
    editor_reply = moderation.answer(
        question, author=question_moderator, text="Yes.", language="en"
    )
    assert editor_reply.role == "editor"


def test_an_answer_without_a_display_name_is_credited_to_a_reader(
    make_question, question_moderator, make_reader
):
    from django.contrib.auth.models import Group

    nameless = make_reader("nameless@example.com")
    nameless.groups.add(Group.objects.get(name="Teachers"))
    question = make_question(publish_by=question_moderator)
    reply = moderation.answer(question, author=nameless, text="Go slowly.", language="en")
    assert str(reply.credit) == "a reader"


def test_a_waiting_question_cannot_be_answered(make_question, teacher):
    with pytest.raises(moderation.IllegalTransition):
        moderation.answer(make_question(), author=teacher, text="Hi", language="en")


@pytest.mark.parametrize("who", ["anonymous", "reader", "owner", "teacher"])
def test_only_moderators_decide(make_question, make_reader, teacher, who):
    from django.contrib.auth.models import AnonymousUser

    question = make_question()
    user = {
        "anonymous": AnonymousUser(),
        "reader": make_reader("other@example.com"),
        "owner": question.author,
        "teacher": teacher,
    }[who]
    for decide in (moderation.approve, moderation.take_down):
        with pytest.raises(PermissionDenied):
            decide(question, moderator=user)


@pytest.mark.parametrize("who", ["anonymous", "reader", "owner"])
def test_only_teachers_and_moderators_answer(make_question, question_moderator, make_reader, who):
    from django.contrib.auth.models import AnonymousUser

    question = make_question(publish_by=question_moderator)
    user = {
        "anonymous": AnonymousUser(),
        "reader": make_reader("other@example.com"),
        "owner": question.author,
    }[who]
    with pytest.raises(PermissionDenied):
        moderation.answer(question, author=user, text="Hi", language="en")


def test_readers_delete_their_own_questions_and_answers_and_nobody_elses(
    make_question, question_moderator, teacher, make_reader
):
    question = make_question(publish_by=question_moderator)
    reply = moderation.answer(question, author=teacher, text="Yes.", language="en")
    with pytest.raises(PermissionDenied):
        moderation.delete_own(question, by=make_reader("other@example.com"))
    with pytest.raises(PermissionDenied):
        moderation.delete_own_answer(reply, by=question.author)
    moderation.delete_own_answer(reply, by=teacher)
    moderation.delete_own(question, by=question.author)
    assert not ReaderQuestion.objects.exists() and not Answer.objects.exists()


def test_deleting_an_account_deletes_its_questions_and_answers(
    make_question, question_moderator, teacher
):
    question = make_question(publish_by=question_moderator)
    moderation.answer(question, author=teacher, text="Yes.", language="en")
    teacher.delete()
    assert not Answer.objects.exists()
    question.author.delete()
    assert not ReaderQuestion.objects.exists()


def test_a_question_carries_its_language(make_question):
    assert make_question("¿Es normal?", language="es").language == "es"


@pytest.mark.django_db(transaction=True)
def test_two_moderators_approving_at_the_same_moment_produce_exactly_one_decision(
    make_question, question_moderator, django_user_model
):
    import threading

    from django.contrib.auth.models import Group
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; CI runs this on PostgreSQL")
    second = django_user_model.objects.create_user("m2", "m2@example.com", "pw", is_staff=True)
    second.groups.add(Group.objects.get(name="Moderators"))
    for _ in range(5):  # the race is short: run it a few times so a missing lock shows
        question = make_question()
        barrier, outcomes = threading.Barrier(2), []

        def decide(moderator, question=question, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait()
                current = ReaderQuestion.objects.get(pk=question.pk)
                moderation.approve(current, moderator=moderator)
                outcomes.append("approved")
            except moderation.IllegalTransition:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=decide, args=(question_moderator,)),
            threading.Thread(target=decide, args=(second,)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes).count("refused") == 1, outcomes
        assert question.events.count() == 2
