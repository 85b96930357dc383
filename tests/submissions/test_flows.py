"""The reader's flows called directly, with plain values: submit, resubmit, withdraw."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files import File

from submissions.flows import (
    SubmissionContent,
    TooManySubmissions,
    resubmit,
    submit,
    withdraw,
)
from submissions.models import ModeratorDigest, Submission, Video
from submissions.workflow import IllegalTransition, move

from .videos import make_video

pytestmark = pytest.mark.django_db
Status = Submission.Status


def pattern(**fields) -> SubmissionContent:
    """A complete written pattern, as the form would hand it over."""
    return SubmissionContent(
        **{
            "kind": "written",
            "title": "Rolling the pelvis in a chair",
            "addresses": "Stiff low back after driving.",
            "position": "chair_or_bed",
            "minutes": 5,
            "licence": "cc-by-sa-4.0",
            "steps": ["Sit near the front of the chair.", "Rock the pelvis slowly."],
            "cautions": "Stop if it hurts.",
            "confirmed_own_work": True,
            "confirmed_consent": True,
            "accepted_editing": True,
            **fields,
        }
    )


@pytest.fixture
def sent_back(reader, moderator):
    """A submission of `reader` the editor returned with a request for changes."""
    submission = submit(submitter=reader, content=pattern())
    move(submission, Status.CHANGES_REQUESTED, actor=moderator, message="Add a caution.")
    return Submission.objects.get(pk=submission.pk)


def test_submit_stores_what_the_reader_sent_waiting_with_one_history_row(reader, make_area):
    back = make_area("Low back")
    submission = submit(submitter=reader, content=pattern(body_areas=[back]))

    stored = Submission.objects.get(pk=submission.pk)
    assert stored.submitter == reader
    assert stored.status == Status.WAITING
    assert stored.title == "Rolling the pelvis in a chair"
    assert stored.steps == ["Sit near the front of the chair.", "Rock the pelvis slowly."]
    assert list(stored.body_areas.all()) == [back]
    assert stored.confirmed_consent and stored.accepted_editing
    (event,) = stored.events.all()
    assert (event.actor, event.from_status, event.to_status) == (reader, "", Status.WAITING)
    assert list(ModeratorDigest.objects.get(is_open=True).submissions.all()) == [stored]


def test_submit_stores_a_video_under_our_own_name_and_records_it_for_processing(
    reader, tmp_path, private_media
):
    clip = make_video(tmp_path / "My Routine.mp4")
    with open(clip, "rb") as handle:
        submission = submit(
            submitter=reader, content=pattern(kind="video", video=File(handle, name=clip.name))
        )

    assert "Routine" not in submission.video.name
    assert submission.video.read() == clip.read_bytes()
    assert Video.objects.get(submission=submission).status == Video.Status.UPLOADED


def test_a_written_pattern_keeps_no_video_link(reader):
    submission = submit(
        submitter=reader, content=pattern(video_url="https://www.youtube.com/watch?v=x")
    )
    assert Submission.objects.get(pk=submission.pk).video_url == ""


def test_submit_refuses_a_reader_over_the_daily_limit_and_stores_nothing(reader, settings):
    settings.SUBMISSIONS_PER_DAY = 2
    submit(submitter=reader, content=pattern(title="One"))
    submit(submitter=reader, content=pattern(title="Two"))

    with pytest.raises(TooManySubmissions) as refused:
        submit(submitter=reader, content=pattern(title="Three"))
    assert str(refused.value) == (
        "You have sent 2 submissions in the last 24 hours, which is the most we can take from "
        "one reader in a day. Please try again tomorrow."
    )
    assert list(Submission.objects.values_list("title", flat=True).order_by("pk")) == [
        "One",
        "Two",
    ]


def test_a_daily_limit_of_one_is_told_in_the_singular(reader, settings):
    settings.SUBMISSIONS_PER_DAY = 1
    submit(submitter=reader, content=pattern())

    with pytest.raises(TooManySubmissions) as refused:
        submit(submitter=reader, content=pattern())
    assert str(refused.value).startswith("You have sent 1 submission in the last 24 hours,")


def test_the_daily_limit_is_per_reader(make_reader, settings):
    settings.SUBMISSIONS_PER_DAY = 1
    submit(submitter=make_reader("first@example.com"), content=pattern())
    submit(submitter=make_reader("second@example.com"), content=pattern())
    assert Submission.objects.count() == 2


def test_resubmit_stores_the_edit_and_goes_back_to_waiting(sent_back, reader):
    edited = resubmit(
        sent_back, by=reader, content=pattern(title="Rolling, with a caution", minutes=7)
    )

    stored = Submission.objects.get(pk=sent_back.pk)
    assert edited == stored
    assert (stored.title, stored.minutes, stored.status) == (
        "Rolling, with a caution",
        7,
        Status.WAITING,
    )
    last = stored.events.last()
    assert (last.actor, last.from_status, last.to_status) == (
        reader,
        Status.CHANGES_REQUESTED,
        Status.WAITING,
    )


def test_resubmit_by_someone_other_than_the_reader_is_refused(sent_back, make_reader, moderator):
    for someone in (make_reader("nosy@example.com"), moderator):
        with pytest.raises(PermissionDenied):
            resubmit(sent_back, by=someone, content=pattern(title="Not theirs"))

    stored = Submission.objects.get(pk=sent_back.pk)
    assert (stored.title, stored.status) == (
        "Rolling the pelvis in a chair",
        Status.CHANGES_REQUESTED,
    )
    assert stored.events.count() == 2


@pytest.mark.parametrize("status", [Status.WAITING, Status.NOT_ACCEPTED, Status.WITHDRAWN])
def test_resubmit_is_refused_unless_changes_were_requested(reader, status):
    submission = submit(submitter=reader, content=pattern())
    Submission.objects.filter(pk=submission.pk).update(status=status)

    with pytest.raises(IllegalTransition):
        resubmit(submission, by=reader, content=pattern(title="Edited"))

    stored = Submission.objects.get(pk=submission.pk)
    assert (stored.title, stored.status) == ("Rolling the pelvis in a chair", status)


def test_withdraw_by_someone_other_than_the_reader_is_refused(reader, make_reader):
    submission = submit(submitter=reader, content=pattern())

    with pytest.raises(PermissionDenied):
        withdraw(submission, by=make_reader("nosy@example.com"))
    assert Submission.objects.get(pk=submission.pk).status == Status.WAITING


def test_resubmit_keeps_the_video_it_is_given_by_name_without_processing_it_again(
    reader, moderator, tmp_path, private_media
):
    clip = make_video(tmp_path / "clip.mp4")
    with open(clip, "rb") as handle:
        content = pattern(kind="video", video=File(handle, name=clip.name))
        submission = submit(submitter=reader, content=content)
    move(submission, Status.CHANGES_REQUESTED, actor=moderator, message="A better title?")
    Video.objects.filter(submission=submission).update(status=Video.Status.READY)

    resubmit(
        submission,
        by=reader,
        content=pattern(kind="video", title="Better", video_name=submission.video.name),
    )

    stored = Submission.objects.get(pk=submission.pk)
    assert stored.video.name == submission.video.name
    assert Video.objects.get(submission=stored).status == Video.Status.READY


def test_resubmitting_as_written_drops_the_video(reader, moderator, tmp_path, private_media):
    clip = make_video(tmp_path / "clip.mp4")
    with open(clip, "rb") as handle:
        content = pattern(kind="video", video=File(handle, name=clip.name))
        submission = submit(submitter=reader, content=content)
    move(submission, Status.CHANGES_REQUESTED, actor=moderator, message="Write it out?")

    resubmit(submission, by=reader, content=pattern(video_name=submission.video.name))

    stored = Submission.objects.get(pk=submission.pk)
    assert (stored.kind, stored.video.name) == ("written", "")
    assert not Video.objects.filter(submission=stored).exists()
