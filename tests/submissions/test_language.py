"""
A submission carries its language: asked on the form (the page's language preselected), seen and
filtered by in the moderation queue, and kept by the routine that publishing it makes.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from submissions.forms import SubmissionForm
from submissions.models import Submission
from submissions.moderation import approve

from .forms import written

pytestmark = pytest.mark.django_db
QUEUE = "/admin/submissions/submission/"
NOTICE = "This routine is not yet translated into your language. It is shown in French."


def url_in(language: str, name: str, **kwargs) -> str:
    """The page's address in `language` (the same as the English one until addresses carry it)."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def get_in(client, language: str, name: str, **kwargs):
    """A page as a reader of `language` gets it: its address, and a browser preferring it."""
    with translation.override(language):  # also undoes the language the request activated
        return client.get(reverse(name, kwargs=kwargs), HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def queue_moderator(django_user_model):
    """A member of the Moderators group, as the editor's team is set up."""
    user = django_user_model.objects.create_user("mod", "mod@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


# The form -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_form_preselects_the_page_language(language):
    with translation.override(language):
        form = SubmissionForm()
    assert form["language"].value() == language


def test_the_submit_page_in_french_asks_with_french_preselected(client, reader):
    client.force_login(reader)
    html = get_in(client, "fr", "submissions:submit").content.decode()
    with translation.override("fr"):
        question = gettext("Which language is your pattern written or spoken in?")
    assert question in html
    assert re.search(r'<option value="fr" selected>', html)
    assert not re.search(r'<option value="en" selected>', html)


def test_a_submission_keeps_the_language_the_reader_chose(client, reader):
    client.force_login(reader)
    response = client.post(url_in("en", "submissions:submit"), written(language="es"))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.language == "es"
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "<dt>Language</dt><dd>Español</dd>" in page


def test_an_unknown_language_is_refused_with_a_message(client, reader):
    client.force_login(reader)
    response = client.post(url_in("en", "submissions:submit"), written(language="xx"))
    assert response.status_code == 200
    assert "Please choose one of the languages in the list." in response.content.decode()
    assert Submission.objects.count() == 0


# Moderation -----------------------------------------------------------------------------------


def test_the_queue_shows_and_filters_by_language(client, queue_moderator, make_submission):
    french = make_submission(title="Bercer le bassin", language="fr")
    english = make_submission(title="Rocking the pelvis", language="en")
    client.force_login(queue_moderator)

    everything = client.get(QUEUE)
    assert {french, english} == set(everything.context["cl"].result_list)
    assert "Français" in everything.content.decode()  # the language column

    only_french = client.get(QUEUE, {"language__exact": "fr"})
    assert list(only_french.context["cl"].result_list) == [french]


def test_a_french_submission_becomes_a_french_routine(client, make_submission, moderator):
    submission = make_submission(
        title="Bercer le bassin",
        addresses="Un bas du dos raide après la conduite.",
        steps=["Allongez-vous sur le dos.", "Bercez doucement le bassin."],
        cautions="Arrêtez si cela fait mal.",
        language="fr",
    )

    routine = approve(submission, moderator=moderator)

    assert routine.original_language == "fr"
    assert routine.title_fr == "Bercer le bassin"
    assert not routine.title_en and not routine.title_es
    assert routine.cautions_fr == "Arrêtez si cela fait mal."
    assert [step.cue_fr for step in routine.steps.all()] == [
        "Allongez-vous sur le dos.",
        "Bercez doucement le bassin.",
    ]
    assert routine.translated_into("fr") and not routine.translated_into("en")

    html = client.get(url_in("en", "routines:detail", slug=routine.slug)).content.decode()
    assert NOTICE in html
    assert '<h1 id="routine-title" lang="fr">Bercer le bassin</h1>' in html
    assert '<p class="step__cue" lang="fr">Allongez-vous sur le dos.</p>' in html

    html = get_in(client, "fr", "routines:detail", slug=routine.slug).content.decode()
    assert '<h1 id="routine-title">Bercer le bassin</h1>' in html
    assert "banner--language" not in html


def test_an_english_submission_stays_english_whatever_the_editors_language(
    make_submission, moderator
):
    submission = make_submission(title="Rocking the pelvis", language="en")
    with translation.override("fr"):  # the editor reads the admin in French
        routine = approve(submission, moderator=moderator)
    assert routine.original_language == "en"
    assert routine.title_en == "Rocking the pelvis" and not routine.title_fr
