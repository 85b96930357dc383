"""Fixtures for readers' questions: a moderator of questions, a teacher, a routine to ask under."""

import pytest
from django.contrib.auth.models import Group, Permission


@pytest.fixture
def question_moderator(django_user_model):
    """
    Staff in the Moderators group, which the migrations give the questions' permissions (made
    again here if a transactional test's flush dropped it).
    """
    group, created = Group.objects.get_or_create(name="Moderators")
    if created:
        group.permissions.set(Permission.objects.filter(content_type__app_label="questions"))
    user = django_user_model.objects.create_user(
        "qmod", "qmod@example.com", "pw", is_staff=True, display_name="Ruth", language="en"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def teacher(make_reader):
    user = make_reader("teacher@example.com", display_name="Maya")
    user.groups.add(Group.objects.get_or_create(name="Teachers")[0])
    return user


@pytest.fixture
def routine(make_routine):
    return make_routine("Psoas release", slug="psoas-release")


@pytest.fixture
def make_question(routine, make_reader):
    """A question asked through the reader's flow, published by a moderator unless told not to."""
    from questions import moderation

    counter = iter(range(1000))

    def make(text="Is it normal that my hip clicks?", *, author=None, publish_by=None, **kw):
        author = author or make_reader(f"asker{next(counter)}@example.com")
        language = kw.pop("language", "en")
        question = moderation.ask(
            routine=kw.pop("on", routine), author=author, text=text, language=language
        )
        if publish_by is not None and not question.is_published:
            question = moderation.approve(question, moderator=publish_by)
        return question

    return make
