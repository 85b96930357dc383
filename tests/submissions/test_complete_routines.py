"""
A published submission is a complete routine: at least one caution, steps unless the editor
marks it video-only (the page then says "follow the video"), no "What it is for" that repeats
the summary, and the credit the reader asked for in the form.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from routines.models import Routine
from submissions.models import Submission
from submissions.moderation import RoutineText, approve

from .forms import written

pytestmark = pytest.mark.django_db
Status = Submission.Status
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def admin_moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "mod", "mod@example.com", "pw", is_staff=True, display_name="The Editor"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_publishing_without_a_caution_is_refused_and_changes_nothing(make_submission, moderator):
    submission = make_submission(cautions="")
    with pytest.raises(ValidationError, match="at least one caution"):
        approve(submission, moderator=moderator)
    submission.refresh_from_db()
    assert submission.status == Status.WAITING
    assert submission.events.count() == 1
    assert not Routine.objects.exists()


def test_the_editor_may_add_the_caution_the_reader_left_out(make_submission, moderator):
    submission = make_submission(cautions="")
    text = RoutineText.from_submission(submission)
    text.cautions = "Stop if it pinches."
    assert approve(submission, moderator=moderator, text=text).caution_list() == [
        "Stop if it pinches."
    ]


def test_a_video_without_steps_is_refused_unless_marked_video_only(make_submission, moderator):
    submission = make_submission(kind="video", video_url=VIDEO, steps=[])
    with pytest.raises(ValidationError, match="at least one step"):
        approve(submission, moderator=moderator)
    assert Submission.objects.get(pk=submission.pk).status == Status.WAITING

    text = RoutineText.from_submission(submission)
    text.video_only = True
    routine = approve(submission, moderator=moderator, text=text)
    assert routine.video_only and routine.is_published


def test_a_written_pattern_cannot_be_video_only(make_submission, moderator):
    submission = make_submission(steps=[])
    text = RoutineText.from_submission(submission)
    text.video_only = True
    with pytest.raises(ValidationError, match="has no video"):
        approve(submission, moderator=moderator, text=text)


def test_a_video_only_routine_says_follow_the_video_instead_of_an_empty_steps_heading(
    client, make_submission, moderator
):
    submission = make_submission(kind="video", video_url=VIDEO, steps=[])
    text = RoutineText.from_submission(submission)
    text.video_only = True
    page = client.get(approve(submission, moderator=moderator, text=text).get_absolute_url())
    html = page.content.decode()
    assert "Follow the video" in html
    assert ">Steps</h2>" not in html and "data-steps" not in html
    assert "Before you start" in html


def test_a_routine_with_steps_still_lists_them(client, make_submission, moderator):
    html = client.get(approve(make_submission(), moderator=moderator).get_absolute_url())
    html = html.content.decode()
    assert ">Steps</h2>" in html and "Follow the video" not in html


def test_what_it_is_for_is_left_out_when_it_would_repeat_the_summary(
    client, make_submission, moderator
):
    submission = make_submission(addresses="A stiff low back after long drives.")
    html = client.get(approve(submission, moderator=moderator).get_absolute_url())
    html = html.content.decode()
    assert html.count("A stiff low back after long drives.") == 2  # the lead and the description
    assert "What it is for" not in html

    longer = make_submission(title="Other", addresses="Stiff hips.")
    text = RoutineText.from_submission(longer)
    text.purpose = "Stiff hips, from sitting with the knees higher than the hips."
    html = client.get(approve(longer, moderator=moderator, text=text).get_absolute_url())
    assert "What it is for" in html.content.decode()


def test_the_published_routine_credits_the_name_given_in_the_form(
    client, make_reader, make_submission, moderator
):
    reader = make_reader("ana@example.com", display_name="Ana")
    routine = approve(make_submission(reader, credit_name="Ana from Lyon"), moderator=moderator)
    html = client.get(routine.get_absolute_url()).content.decode()
    assert "Taught by Ana from Lyon" in " ".join(html.split())


def test_the_form_asks_for_the_name_to_credit_prefilled_with_the_display_name(client, make_reader):
    client.force_login(make_reader(display_name="Mara Teacher"))
    html = client.get("/submit/").content.decode()
    assert 'name="credit_name"' in html
    assert 'value="Mara Teacher"' in html


def test_the_name_to_credit_is_kept_when_the_form_comes_back_with_an_error(client, make_reader):
    client.force_login(make_reader(display_name="Mara Teacher"))
    response = client.post("/submit/", written(title="", credit_name="Ana from Lyon"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Ana from Lyon"' in html and 'value="Mara Teacher"' not in html


def test_the_name_to_credit_is_stored_and_may_be_left_empty(client, make_reader):
    client.force_login(make_reader(display_name="Mara Teacher"))
    client.post("/submit/", written(credit_name="  Ana  "))
    client.post("/submit/", written(title="Second", credit_name=""))
    assert list(Submission.objects.order_by("pk").values_list("credit_name", flat=True)) == [
        "Ana",
        "",
    ]


def test_admin_explains_a_refused_publication_instead_of_failing(
    client, admin_moderator, make_submission
):
    submission = make_submission(kind="video", video_url=VIDEO, steps=[], cautions="")
    client.force_login(admin_moderator)
    url = reverse("admin:submissions_submission_decide", args=[submission.pk])
    data = {"decision": "publish", "message": "", "title": submission.title,
            "summary": "Rocking.", "purpose": submission.addresses, "cautions": ""}  # fmt: skip
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be published yet" in html
    assert "at least one caution" in html and "at least one step" in html
    assert Submission.objects.get(pk=submission.pk).status == Status.WAITING

    response = client.post(url, {**data, "cautions": "Stop if it hurts.", "video_only": "on"})
    assert Submission.objects.get(pk=submission.pk).status == Status.PUBLISHED
    assert Routine.objects.get().video_only


def test_the_bulk_publish_action_reports_an_incomplete_submission(
    client, admin_moderator, make_submission
):
    incomplete = make_submission(title="No caution", cautions="")
    complete = make_submission(title="Complete")
    client.force_login(admin_moderator)
    response = client.post(
        "/admin/submissions/submission/",
        {"action": "publish_selected", "_selected_action": [incomplete.pk, complete.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 submission published." in html
    assert "No caution" in html and "at least one caution" in html


def test_an_incomplete_submission_already_decided_says_who_decided_it(make_submission, moderator):
    from submissions.moderation import reject
    from submissions.workflow import IllegalTransition

    submission = make_submission(cautions="")
    reject(submission, moderator=moderator, reason="Not for us.")
    with pytest.raises(IllegalTransition):
        approve(submission, moderator=moderator)
