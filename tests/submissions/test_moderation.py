"""The editor's decisions as domain functions: transitions, history, permissions, concurrency."""

import re
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from routines.models import Routine
from routines.search import search
from submissions.models import Submission
from submissions.moderation import (
    ChangedSinceSeen,
    RoutineText,
    approve,
    reject,
    request_changes,
)
from submissions.workflow import IllegalTransition, move

Status = Submission.Status


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


pytestmark = pytest.mark.django_db


def test_approve_publishes_a_routine_credited_to_the_reader(submission, moderator):
    routine = approve(submission, moderator=moderator, message="Lovely, thank you.")

    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED
    assert submission.routine == routine
    assert routine.is_published
    assert routine.title == "Knee rocking for the low back"
    assert routine.credit_name == "Mara Teacher"
    assert [s.cue for s in routine.steps.all()] == [
        "Lie on your back, knees bent.",
        "Rock both knees slowly to the left.",
    ]
    assert routine.caution_list() == ["Stop if it pinches."]
    assert list(routine.body_areas.values_list("slug", flat=True)) == ["low-back"]
    assert routine.minutes == 7 and routine.licence == "cc-by-sa-4.0"
    event = submission.events.last()
    assert (event.actor, event.from_status, event.to_status, event.message) == (
        moderator, Status.WAITING, Status.PUBLISHED, "Lovely, thank you."
    )  # fmt: skip


def test_a_published_submission_is_found_in_the_library(client, submission, moderator):
    routine = approve(submission, moderator=moderator)
    found = search("knee rocking", Routine.objects.published()).ids
    assert found == [routine.pk]
    assert routine.title in client.get("/routines/").content.decode()
    assert routine.title in client.get("/feed/").content.decode()
    page = client.get(routine.get_absolute_url()).content.decode()
    assert "Mara Teacher" in page
    assert "teacher@example.com" not in page


def test_a_reader_without_a_display_name_is_not_named(make_submission, moderator):
    routine = approve(make_submission(), moderator=moderator)
    assert routine.credit_name == ""


def test_the_editors_text_is_published_and_the_readers_original_is_kept(submission, moderator):
    text = RoutineText.from_submission(submission)
    text.title = "Knee rocking"
    text.steps = ["Lie down comfortably.", *text.steps[1:]]
    routine = approve(submission, moderator=moderator, text=text)

    submission.refresh_from_db()
    assert routine.title == "Knee rocking"
    assert routine.steps.first().cue == "Lie down comfortably."
    assert submission.title == "Knee rocking for the low back"
    assert submission.steps[0] == "Lie on your back, knees bent."


def test_two_published_submissions_with_one_title_get_distinct_addresses(
    make_submission, moderator
):
    first = approve(make_submission(title="Pelvic clock"), moderator=moderator)
    second = approve(make_submission(title="Pelvic clock"), moderator=moderator)
    assert (first.slug, second.slug) == ("pelvic-clock", "pelvic-clock-2")


def test_the_web_copy_of_a_video_is_copied_to_public_media_and_the_original_kept(
    make_submission, moderator, tmp_path, settings
):
    from .videos import make_video

    settings.MEDIA_ROOT = tmp_path / "media"
    from submissions.processing import process_video, video_uploaded

    sent = make_submission(kind="video", video=make_video(tmp_path / "clip.mp4"))
    web = process_video(video_uploaded(sent)).web
    routine = approve(sent, moderator=moderator)
    assert routine.video.name.startswith("videos/")
    assert routine.video.url.startswith("/media/videos/")
    assert routine.video.read() == web.open("rb").read()
    assert sent.video.storage.exists(sent.video.name)


def test_request_changes_needs_a_message_and_records_it(submission, moderator):
    with pytest.raises(ValidationError):
        request_changes(submission, moderator=moderator, message="   ")
    submission.refresh_from_db()
    assert submission.status == Status.WAITING

    request_changes(submission, moderator=moderator, message="Please add how many times.")
    submission.refresh_from_db()
    assert submission.status == Status.CHANGES_REQUESTED
    assert submission.latest_message().message == "Please add how many times."


def test_reject_needs_a_reason(submission, moderator):
    with pytest.raises(ValidationError):
        reject(submission, moderator=moderator, reason="")
    reject(submission, moderator=moderator, reason="This is a stretch, not a somatic movement.")
    submission.refresh_from_db()
    assert submission.status == Status.NOT_ACCEPTED


@pytest.mark.parametrize("start", [Status.PUBLISHED, Status.WITHDRAWN, Status.NOT_ACCEPTED])
@pytest.mark.parametrize("decision", ["approve", "request_changes", "reject"])
def test_no_decision_on_a_finished_submission(submission, moderator, start, decision):
    move(submission, start, actor=moderator)
    call = {
        "approve": lambda: approve(submission, moderator=moderator),
        "request_changes": lambda: request_changes(submission, moderator=moderator, message="x"),
        "reject": lambda: reject(submission, moderator=moderator, reason="x"),
    }[decision]
    with pytest.raises(IllegalTransition, match="already"):
        call()
    assert Routine.objects.filter(submission=submission).count() == 0
    assert submission.events.count() == 2


def test_approving_twice_names_who_published_it(submission, moderator):
    approve(submission, moderator=moderator)
    with pytest.raises(IllegalTransition) as refused:
        approve(submission, moderator=moderator)
    assert re.fullmatch(
        r"This submission is already published\. It was last changed by The Editor on .+\.",
        str(refused.value),
    )
    assert Routine.objects.count() == 1


def test_a_refusal_with_no_one_to_name_is_one_sentence(submission, moderator):
    approve(submission, moderator=moderator)
    submission.events.update(actor=None)
    with pytest.raises(IllegalTransition) as refused:
        approve(submission, moderator=moderator)
    assert str(refused.value) == "This submission is already published."


def test_changes_requested_can_be_decided_after_resubmission(submission, moderator):
    request_changes(submission, moderator=moderator, message="More detail please.")
    move(submission, Status.WAITING, actor=submission.submitter)
    approve(submission, moderator=moderator)
    statuses = list(submission.events.values_list("to_status", flat=True))
    assert statuses == [Status.WAITING, Status.CHANGES_REQUESTED, Status.WAITING, Status.PUBLISHED]


def test_publishing_what_was_seen_before_the_reader_resubmitted_is_refused(submission, moderator):
    seen = submission.events.get().pk
    request_changes(submission, moderator=moderator, message="Add a caution.")
    move(submission, Status.WAITING, actor=submission.submitter)

    with pytest.raises(ChangedSinceSeen, match="sent a new version since you opened this page"):
        approve(submission, moderator=moderator, seen_event_id=seen)

    submission.refresh_from_db()
    assert submission.status == Status.WAITING and submission.events.count() == 3
    assert not Routine.objects.exists()


def test_publishing_the_latest_version_seen_is_allowed(submission, moderator):
    request_changes(submission, moderator=moderator, message="Add a caution.")
    move(submission, Status.WAITING, actor=submission.submitter)

    routine = approve(submission, moderator=moderator, seen_event_id=submission.events.last().pk)

    assert routine.is_published


def test_a_submission_decided_since_it_was_seen_says_who_decided(submission, moderator):
    seen = submission.events.get().pk
    reject(submission, moderator=moderator, reason="Not for us.")

    with pytest.raises(IllegalTransition, match="already been declined"):
        approve(submission, moderator=moderator, seen_event_id=seen)


@pytest.mark.parametrize("who", ["reader", "staff without the permission", "inactive moderator"])
def test_only_moderators_may_decide(submission, django_user_model, moderator, who):
    if who == "reader":
        user = submission.submitter
    elif who == "staff without the permission":
        user = django_user_model.objects.create_user("s", "s@example.com", "pw", is_staff=True)
    else:
        moderator.is_active = False
        moderator.save()
        user = moderator
    for decide in (
        lambda: approve(submission, moderator=user),
        lambda: request_changes(submission, moderator=user, message="x"),
        lambda: reject(submission, moderator=user, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            decide()
    submission.refresh_from_db()
    assert submission.status == Status.WAITING and submission.events.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_moderators_at_the_same_moment_produce_exactly_one_outcome(
    make_submission, django_user_model
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; CI runs this on PostgreSQL")
    permission = Permission.objects.get(codename="moderate_submission")
    moderators = []
    for name in ("first", "second"):
        user = django_user_model.objects.create_user(
            name, f"{name}@example.com", "pw", is_staff=True
        )
        user.user_permissions.add(permission)
        moderators.append(user)
    for _ in range(5):  # the race is short: run it a few times so a missing lock shows
        race(make_submission(), moderators)


def race(submission, moderators):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(moderator, action):
        from django.db import connections

        try:
            barrier.wait()
            if action == "approve":
                approve(Submission.objects.get(pk=submission.pk), moderator=moderator)
            else:
                reject(Submission.objects.get(pk=submission.pk), moderator=moderator, reason="No.")
            outcomes.append(action)
        except IllegalTransition as error:
            outcomes.append(f"refused: {error}")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(moderators[0], "approve")),
        threading.Thread(target=decide, args=(moderators[1], "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    submission.refresh_from_db()
    assert len(outcomes) == 2
    assert sum(not o.startswith("refused") for o in outcomes) == 1, outcomes
    refusal = next(o for o in outcomes if o.startswith("refused"))
    assert "already" in refusal
    assert submission.events.count() == 2
    published = Routine.objects.filter(submission=submission).count()
    assert published == (1 if submission.status == Status.PUBLISHED else 0)
