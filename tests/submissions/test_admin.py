"""Moderation in Django admin: the queue, the submission's page, decisions, bulk actions, access."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from routines.models import Routine
from submissions.models import Submission
from submissions.moderation import approve
from submissions.workflow import move

pytestmark = pytest.mark.django_db
Status = Submission.Status
LIST = "/admin/submissions/submission/"


def change_url(submission):
    return reverse("admin:submissions_submission_change", args=[submission.pk])


def decide_url(submission):
    return reverse("admin:submissions_submission_decide", args=[submission.pk])


def preview_url(submission):
    return reverse("admin:submissions_submission_preview", args=[submission.pk])


def sent_days_ago(submission, days):
    Submission.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Many readers are created here; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def moderator(django_user_model):
    """A member of the Moderators group that the data migration creates."""
    user = django_user_model.objects.create_user(
        "mod", "mod@example.com", "pw", is_staff=True, display_name="The Editor"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def staff(django_user_model):
    """Staff who may read submissions (and keep notes) but are not moderators."""
    user = django_user_model.objects.create_user("staff", "staff@example.com", "pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "change_submission"])
    )
    return user


@pytest.fixture
def submission(make_submission, make_reader, make_area):
    reader = make_reader("teacher@example.com", display_name="Mara Teacher")
    sent = make_submission(
        reader,
        title="Knee rocking for the low back",
        steps=["Lie on your back, knees bent.", "Rock both knees slowly to the left."],
        cautions="Stop if it pinches.",
        minutes=7,
    )
    sent.body_areas.set([make_area("Low back", slug="low-back")])
    return sent


@pytest.fixture
def as_moderator(client, moderator):
    client.force_login(moderator)
    return client


def decide(client, submission, decision, **fields):
    data = {
        "decision": decision,
        "message": "",
        "title": submission.title,
        "summary": submission.addresses,
        "purpose": submission.addresses,
        "cautions": submission.cautions,
        "steps": submission.steps,
        **fields,
    }
    return client.post(decide_url(submission), data, follow=True)


def page(response) -> str:
    return response.content.decode()


# The queue ------------------------------------------------------------------------------------


def test_the_list_opens_on_waiting_submissions_oldest_first(
    as_moderator, make_submission, moderator
):
    newest = make_submission(title="Newest")
    oldest = make_submission(title="Oldest")
    middle = make_submission(title="Middle")
    published = make_submission(title="Already published")
    sent_days_ago(oldest, 9)
    sent_days_ago(middle, 3)
    sent_days_ago(published, 20)
    approve(published, moderator=moderator)

    response = as_moderator.get(LIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [oldest, middle, newest]
    assert "3\xa0days" in page(response)  # timesince keeps the number and unit together


def test_all_submissions_stay_one_click_away(as_moderator, make_submission, moderator):
    waiting = make_submission(title="Waiting")
    published = make_submission(title="Published")
    approve(published, moderator=moderator)

    response = as_moderator.get(LIST, {"status": "all"})

    assert set(response.context["cl"].result_list) == {waiting, published}


def test_the_list_shows_how_many_submissions_each_status_holds(
    as_moderator, make_submission, moderator
):
    make_submission(title="One")
    make_submission(title="Two")
    approve(make_submission(title="Three"), moderator=moderator)

    response = as_moderator.get(LIST)

    counts = {row["value"]: row["count"] for row in response.context["status_counts"]}
    assert counts[Status.WAITING] == 2 and counts[Status.PUBLISHED] == 1
    assert counts[Status.WITHDRAWN] == 0
    assert response.context["all_count"] == 3
    assert '<a href="?status=published">Published <span class="status-counts__n">1</span>' in (
        page(response)
    )


@pytest.mark.parametrize(
    "term", ["knee rocking", "teacher@example", "Mara", "slowly to the left", "pinches"]
)
def test_search_finds_a_submission_by_title_reader_and_text(
    as_moderator, submission, make_submission, term
):
    make_submission(title="Something else", steps=["Breathe."])

    response = as_moderator.get(LIST, {"q": term})

    assert list(response.context["cl"].result_list) == [submission]


def test_search_finds_steps_with_accented_words(as_moderator, make_submission):
    found = make_submission(title="Genoux", steps=["Allongez-vous, genoux pliés."])
    make_submission(title="Other", steps=["Breathe."])

    response = as_moderator.get(LIST, {"q": "pliés"})

    assert list(response.context["cl"].result_list) == [found]


def test_the_list_makes_the_same_number_of_queries_for_3_or_30_submissions(
    as_moderator, make_submission, django_assert_max_num_queries
):
    for n in range(3):
        make_submission(title=f"Few {n}")
    with CaptureQueriesContext(connection) as few:
        assert as_moderator.get(LIST).status_code == 200

    for n in range(27):
        make_submission(title=f"Many {n}")
    with django_assert_max_num_queries(len(few)):
        response = as_moderator.get(LIST)
    assert len(response.context["cl"].result_list) == 30


# The submission's page -----------------------------------------------------------------------


def test_the_page_frames_the_preview_and_shows_history_notes_and_decisions(
    as_moderator, submission, make_submission, moderator
):
    earlier = make_submission(submission.submitter, title="An earlier pattern")
    approve(earlier, moderator=moderator)
    Submission.objects.filter(pk=submission.pk).update(moderator_notes="Check the hip cue.")

    html = page(as_moderator.get(change_url(submission)))

    assert f'src="{preview_url(submission)}"' in html
    assert "An earlier pattern" in html and "Published" in html  # the reader's history
    assert change_url(earlier) in html
    assert "Check the hip cue." in html
    assert 'name="decision" value="publish"' in html
    assert 'name="decision" value="reject"' in html
    assert "Lie on your back, knees bent." in html  # the original, read-only


def test_the_preview_is_the_public_routine_template_with_the_submissions_text(
    as_moderator, submission
):
    response = as_moderator.get(preview_url(submission))

    assert "includes/routine_body.html" in [t.name for t in response.templates]
    html = page(response)
    assert "Knee rocking for the low back" in html
    assert "Lie on your back, knees bent." in html
    assert "Rock both knees slowly to the left." in html
    assert "Before you start" in html and "Stop if it pinches." in html
    assert "Low back" in html
    assert "Send your own way" not in html  # preview=True: no call to readers
    assert '<script id="practice-strings" type="application/json">' in html  # practice mode works
    assert not Routine.objects.exists()  # built in memory only


def test_the_preview_shows_the_editors_edits_when_asked(as_moderator, submission):
    data = {
        "title": "Knee rocking",
        "summary": "Rock the knees.",
        "purpose": "A stiff low back.",
        "cautions": "Stop if it pinches.\nGo slowly.",
        "steps": ["Lie down.", "", "Rock the knees gently."],
    }
    html = page(as_moderator.post(preview_url(submission), data))

    assert '<h1 id="routine-title">Knee rocking</h1>' in html
    assert "Go slowly." in html and "Rock the knees gently." in html
    assert "Lie on your back" not in html


def test_the_preview_of_an_uploaded_video_uses_the_permission_checked_address(
    as_moderator, make_submission, tmp_path
):
    from .videos import make_video

    sent = make_submission(kind="video", video=make_video(tmp_path / "clip.mp4"))

    response = as_moderator.get(preview_url(sent))

    assert response.context["routine"].video.url == reverse("submissions:video", args=[sent.pk])


def test_the_preview_may_be_framed_by_the_site_and_the_page_may_frame_it(as_moderator, submission):
    preview = as_moderator.get(preview_url(submission))
    change = as_moderator.get(change_url(submission))

    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert "frame-src 'self'" in change["Content-Security-Policy"]
    assert change["X-Frame-Options"] == "DENY"


def test_notes_are_saved_and_never_shown_to_the_reader(client, as_moderator, submission):
    response = as_moderator.post(
        change_url(submission), {"moderator_notes": "Internal: ask about the hip.", "_save": "1"}
    )
    assert response.status_code == 302

    submission.refresh_from_db()
    assert submission.moderator_notes == "Internal: ask about the hip."
    assert submission.status == Status.WAITING
    client.force_login(submission.submitter)
    html = page(client.get(submission.get_absolute_url()))
    assert "ask about the hip" not in html


def test_saving_notes_never_writes_the_status(as_moderator, submission, moderator):
    stale = Submission.objects.get(pk=submission.pk)
    approve(submission, moderator=moderator)
    stale.moderator_notes = "Saved from a page opened before it was published."

    from django.contrib import admin

    from submissions.admin import SubmissionAdmin

    SubmissionAdmin(Submission, admin.site).save_model(None, stale, None, True)

    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED
    assert submission.moderator_notes.startswith("Saved from a page")


# Decisions ------------------------------------------------------------------------------------


def test_publishing_with_an_edited_title_keeps_what_the_reader_sent(as_moderator, submission):
    response = decide(
        as_moderator,
        submission,
        "publish",
        title="Knee rocking",
        steps=["Lie on your back.", "Rock the knees.", ""],
    )

    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED
    assert submission.title == "Knee rocking for the low back"
    assert submission.steps[0] == "Lie on your back, knees bent."
    routine = submission.routine
    assert routine.title == "Knee rocking"
    assert [step.cue for step in routine.steps.all()] == ["Lie on your back.", "Rock the knees."]
    html = page(response)
    assert "Published as “Knee rocking”" in html
    assert f'href="{routine.get_absolute_url()}"' in html


def test_request_changes_without_a_message_shows_an_error_and_changes_nothing(
    as_moderator, submission
):
    response = decide(as_moderator, submission, "request_changes", message="  ")

    assert "Please write the message for the reader." in page(response)
    submission.refresh_from_db()
    assert submission.status == Status.WAITING
    assert submission.events.count() == 1


def test_request_changes_sends_the_message(as_moderator, submission):
    decide(as_moderator, submission, "request_changes", message="Add a caution.", title="")

    submission.refresh_from_db()
    assert submission.status == Status.CHANGES_REQUESTED
    assert submission.latest_message().message == "Add a caution."


def test_reject_with_a_reason(as_moderator, submission):
    response = decide(as_moderator, submission, "reject", message="Too strenuous for beginners.")

    submission.refresh_from_db()
    assert submission.status == Status.NOT_ACCEPTED
    assert submission.latest_message().message == "Too strenuous for beginners."
    assert "Rejected" in page(response)


def test_publishing_twice_says_who_already_published_it(as_moderator, submission):
    decide(as_moderator, submission, "publish")
    response = decide(as_moderator, submission, "publish")

    assert "This submission is already published. It was last changed by The Editor on " in page(
        response
    )
    assert Routine.objects.count() == 1


def test_a_withdrawn_submission_cannot_be_published(as_moderator, submission):
    move(submission, Status.WITHDRAWN, actor=submission.submitter)

    response = decide(as_moderator, submission, "publish")

    assert "already withdrawn" in page(response)
    assert not Routine.objects.exists()


def test_publishing_text_from_a_page_opened_before_a_resubmission_is_refused(
    as_moderator, submission, moderator
):
    seen = submission.events.get().pk
    move(submission, Status.CHANGES_REQUESTED, actor=moderator, message="Add a caution.")
    move(submission, Status.WAITING, actor=submission.submitter)

    response = decide(as_moderator, submission, "publish", seen=seen)

    assert "sent a new version" in page(response)
    submission.refresh_from_db()
    assert submission.status == Status.WAITING


def test_a_finished_submission_offers_no_decision(as_moderator, submission, moderator):
    routine = approve(submission, moderator=moderator)

    html = page(as_moderator.get(change_url(submission)))

    assert 'name="decision"' not in html
    assert "No decision to make: this submission’s status is “Published”." in html
    assert routine.get_absolute_url() in html
    assert preview_url(submission) not in html  # the routine itself is what to look at now


# Who may do what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("moderator", 302), ("staff", 403), ("reader", 302), ("anonymous", 302)],
)
def test_only_moderators_may_decide(client, request, submission, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.post(decide_url(submission), {"decision": "reject", "message": "No."})

    assert response.status_code == status
    if who in ("reader", "anonymous"):
        assert response["Location"].startswith(reverse("admin:login"))
    submission.refresh_from_db()
    assert submission.status == (Status.NOT_ACCEPTED if who == "moderator" else Status.WAITING)


@pytest.mark.parametrize(
    ("who", "list_status", "buttons"),
    [
        ("moderator", 200, True),
        ("staff", 200, False),
        ("reader", 302, False),
        ("anonymous", 302, False),
    ],
)
def test_who_sees_the_queue_and_the_decision_buttons(
    client, request, submission, who, list_status, buttons
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    assert client.get(LIST).status_code == list_status
    response = client.get(change_url(submission))
    assert response.status_code == list_status
    assert ('name="decision"' in page(response)) is buttons
    preview = client.get(preview_url(submission))
    assert preview.status_code == list_status


def test_staff_without_moderation_see_why_there_are_no_buttons(client, staff, submission):
    client.force_login(staff)

    assert "Only moderators can decide" in page(client.get(change_url(submission)))


def test_the_moderators_group_has_exactly_the_permissions_moderation_needs():
    group = Group.objects.get(name="Moderators")
    permissions = group.permissions.exclude(content_type__app_label="questions")  # its own test

    assert {f"{p.content_type.app_label}.{p.codename}" for p in permissions} == {
        "submissions.moderate_submission",
        "submissions.view_submission",
        "submissions.change_submission",
        "routines.view_routine",
        "routines.add_routine",
        "routines.change_routine",
        "routines.view_step",
        "routines.add_step",
        "routines.change_step",
        "routines.delete_step",
        "routines.view_question",
        "routines.add_question",
        "routines.change_question",
        "routines.delete_question",
        "routines.view_bodyarea",
    }


def test_moderators_can_edit_and_unpublish_the_published_routine(
    as_moderator, submission, moderator
):
    routine = approve(submission, moderator=moderator)

    assert (
        as_moderator.get(reverse("admin:routines_routine_change", args=[routine.pk])).status_code
        == 200
    )
    as_moderator.post(
        reverse("admin:routines_routine_changelist"),
        {"action": "unpublish_selected", "_selected_action": [routine.pk], "index": "0"},
    )
    routine.refresh_from_db()
    assert routine.status == Routine.Status.DRAFT


# Bulk actions --------------------------------------------------------------------------------


def test_bulk_publish_reports_what_was_published_and_what_could_not_be(
    as_moderator, make_submission, moderator
):
    first, second = make_submission(title="First"), make_submission(title="Second")
    done = make_submission(title="Done before")
    approve(done, moderator=moderator)

    response = as_moderator.post(
        f"{LIST}?status=all",
        {"action": "publish_selected", "_selected_action": [first.pk, second.pk, done.pk]},
        follow=True,
    )

    html = page(response)
    assert "2 submissions published." in html
    assert "“Done before”: This submission is already published. It was last changed by" in html
    assert Submission.objects.filter(status=Status.PUBLISHED).count() == 3
    assert Routine.objects.count() == 3


def test_bulk_reject_asks_for_a_reason_then_rejects(as_moderator, make_submission):
    first, second = make_submission(title="First"), make_submission(title="Second")
    selected = {"action": "reject_selected", "_selected_action": [first.pk, second.pk]}

    asked = as_moderator.post(LIST, {**selected, "index": "0"})
    assert asked.status_code == 200
    assert "Reject these 2 submissions?" in page(asked)
    assert "First — " in page(asked) and "Second — " in page(asked)
    assert not Submission.objects.filter(status=Status.NOT_ACCEPTED).exists()

    without_reason = as_moderator.post(LIST, {**selected, "post": "yes", "reason": ""})
    assert "This field is required." in page(without_reason)
    assert not Submission.objects.filter(status=Status.NOT_ACCEPTED).exists()

    response = as_moderator.post(
        LIST, {**selected, "post": "yes", "reason": "Not somatic movement."}, follow=True
    )
    assert "2 submissions rejected." in page(response)
    for submission in (first, second):
        submission.refresh_from_db()
        assert submission.status == Status.NOT_ACCEPTED
        assert submission.latest_message().message == "Not somatic movement."


def test_staff_without_moderation_get_no_bulk_decisions(client, staff, submission):
    client.force_login(staff)

    response = client.post(
        LIST, {"action": "publish_selected", "_selected_action": [submission.pk], "index": "0"}
    )

    submission.refresh_from_db()
    assert submission.status == Status.WAITING
    assert 'value="publish_selected"' not in page(response)
