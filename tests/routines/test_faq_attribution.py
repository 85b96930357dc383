"""Every frequently asked question says who answered it, under its answer, in every language."""

import pytest

from routines.models import AnsweredBy, Question, Routine
from routines.starter import read_library

pytestmark = pytest.mark.django_db


def test_every_starter_faq_names_who_answered_it():
    _areas, routines = read_library()
    for data in routines:
        for item in data.get("faqs", []):
            assert item.get("answered_by") in AnsweredBy.values, (data["slug"], item["question"])


def test_the_loader_keeps_who_answered_and_credits_the_teacher(starter_library):
    faqs = Question.objects.filter(routine__slug__startswith="psoas-release")
    # What the teacher herself explains in her video, and what the editor wrote.
    teacher = faqs.get(question_en="Why turn the leg out?")
    assert teacher.answered_by == AnsweredBy.TEACHER and teacher.credit_name == "Susan Koenig"
    editor = faqs.get(question_en="What mat is that?")
    assert editor.answered_by == AnsweredBy.EDITOR and editor.credit_name == ""


@pytest.mark.parametrize(
    "prefix,teacher,editor",
    [
        ("", "Answered by the teacher, Susan Koenig", "Answered by the teacher"),
        ("/fr", "Réponse de l'enseignant, Susan Koenig", "Réponse de l'enseignant"),
        ("/es", "Respuesta del profesor, Susan Koenig", "Respuesta del profesor"),
    ],
)
def test_the_page_shows_who_answered_under_each_faq(
    client, starter_library, prefix, teacher, editor
):
    page = client.get(f"{prefix}/routines/psoas-release-variation/").content.decode()
    faqs = Routine.objects.get(slug="psoas-release-variation").questions.count()
    assert page.count('class="faq__credit"') == faqs
    assert teacher in page and editor in page
