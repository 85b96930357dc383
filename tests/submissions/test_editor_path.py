"""The editor's path in admin: what waits on the first page, the decision bar, the next one."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from somatics import waiting
from submissions.models import Submission, Video
from submissions.processing import process_video

from .test_admin import change_url, decide, page, preview_url, sent_days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "mod", "mod@example.com", "pw", is_staff=True, display_name="The Editor"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def as_moderator(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def queue(make_submission):
    """Three submissions waiting, sent three, two and one days ago."""
    sent = [make_submission(title=title) for title in ("Oldest", "Middle", "Newest")]
    for days, submission in zip((3, 2, 1), sent, strict=True):
        sent_days_ago(submission, days)
    return sent


def test_after_a_decision_the_editor_goes_to_the_next_waiting_submission(as_moderator, queue):
    oldest, middle, newest = queue
    response = decide(as_moderator, middle, "reject", message="Too strenuous for beginners.")

    assert response.redirect_chain[-1][0] == change_url(oldest)
    html = page(response)
    assert "This is the next submission waiting." in html
    assert f'<a href="{change_url(middle)}">Back to “Middle”</a>' in html


def test_after_the_last_waiting_submission_the_editor_goes_back_to_the_queue(
    as_moderator, make_submission
):
    only = make_submission(title="Only one")
    response = decide(as_moderator, only, "publish")

    assert response.redirect_chain[-1][0] == reverse("admin:submissions_submission_changelist")
    html = page(response)
    assert "Nothing else is waiting for review." in html
    assert f'href="{change_url(only)}"' in html


def test_a_refused_decision_stays_on_the_same_submission(as_moderator, queue):
    response = decide(as_moderator, queue[1], "reject", message="")

    assert response.redirect_chain[-1][0] == change_url(queue[1])


def test_the_decision_bar_comes_before_the_preview_and_belongs_to_the_decision_form(
    as_moderator, queue
):
    html = page(as_moderator.get(change_url(queue[0])))

    bar, preview = html.index('id="decision-bar"'), html.index('id="preview-heading"')
    assert bar < preview
    bar_html = html[bar : html.index("</section>", bar)]
    assert 'name="message"' in bar_html and 'form="decision-form"' in bar_html
    for key in ("publish", "request_changes", "reject"):
        assert f'form="decision-form" name="decision" value="{key}"' in bar_html
    assert html.count('name="message"') == 1  # one message, sent once
    assert "style=" not in bar_html and "<script" not in bar_html  # the CSP allows neither


def test_a_decision_sent_from_the_bar_carries_its_message(as_moderator, queue):
    decide(as_moderator, queue[0], "request_changes", message="Please add a caution.")

    queue[0].refresh_from_db()
    assert queue[0].status == Submission.Status.CHANGES_REQUESTED
    assert queue[0].events.last().message == "Please add a caution."


def test_the_admin_first_page_says_how_many_submissions_are_waiting(as_moderator, queue):
    html = page(as_moderator.get("/admin/"))

    assert "Waiting for you" in html
    assert "3 submissions are waiting for review." in html
    assert reverse("admin:submissions_submission_changelist") + "?status=waiting" in html


def test_the_admin_first_page_says_when_nothing_is_waiting(as_moderator):
    assert "No submission is waiting for review." in page(as_moderator.get("/admin/"))


def test_staff_who_cannot_moderate_see_no_count(client, django_user_model, queue):
    staff = django_user_model.objects.create_user("s", "s@example.com", "pw", is_staff=True)
    client.force_login(staff)

    assert "Waiting for you" not in page(client.get("/admin/"))


def test_another_kind_of_waiting_item_is_one_line(as_moderator, monkeypatch):
    monkeypatch.setattr(
        waiting,
        "WAITING",
        [*waiting.WAITING, "tests.submissions.test_editor_path.two_questions"],
    )
    html = page(as_moderator.get("/admin/"))

    assert "No submission is waiting for review." in html
    assert "2 questions are waiting for an answer." in html


def two_questions(request):
    return waiting.Waiting(count=2, sentence="2 questions are waiting for an answer.", url="/q/")


def test_the_preview_shows_the_uploaded_video_with_its_poster(
    as_moderator, make_submission, tmp_path
):
    from .videos import make_video

    sent = make_submission(kind="video", video=make_video(tmp_path / "clip.mp4"))
    process_video(Video.objects.get(submission=sent))
    assert Video.objects.get(submission=sent).poster  # processing took a frame

    poster = reverse("submissions:video", args=[sent.pk]) + "?file=poster"
    preview = page(as_moderator.get(preview_url(sent)))
    change = page(as_moderator.get(change_url(sent)))

    assert f'poster="{poster}"' in preview
    assert f'poster="{poster}"' in change
    assert as_moderator.get(poster)["Content-Type"].startswith("image/")
