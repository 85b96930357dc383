"""
The reader's side of the workflow: send a submission, resubmit it after the editor asked for
changes, or withdraw it. Status changes go through `workflow.move`, one history row each.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import notifications
from .models import Submission, SubmissionEvent, Video
from .processing import video_uploaded
from .workflow import move


class TooManySubmissions(Exception):
    """The reader has reached the daily limit; the message says when they can send again."""


def daily_limit_reached(user) -> bool:
    return Submission.objects.recent_for(user).count() >= settings.SUBMISSIONS_PER_DAY


def _save_reader_content(submission: Submission, form, steps: list[str], kept_video_name: str):
    """
    Apply the reader's form to `submission`; a written pattern carries no video. A new
    upload is queued for processing (probe, poster, web copy) once the transaction commits.
    """
    previous = (
        Submission.objects.filter(pk=submission.pk).values_list("video", flat=True).first()
        if submission.pk
        else ""
    )
    if submission.kind == Submission.Kind.WRITTEN:
        submission.video, submission.video_url = None, ""
    elif kept_video_name and not form.cleaned_data.get("video"):
        submission.video.name = kept_video_name
    submission.steps = steps
    submission.save()
    form.save_m2m()
    if not submission.video:
        Video.objects.filter(submission=submission).delete()
    elif submission.video.name != previous:
        video_uploaded(submission)


@transaction.atomic
def submit(*, submitter, form, steps: list[str], kept_video_name: str = "") -> Submission:
    """
    Store a reader's submission as "waiting for review".

    The reader's row is locked while counting, so two submissions sent at the same moment
    cannot both slip under the daily limit. `kept_video_name` is a video the reader uploaded
    with an earlier, invalid attempt of the same form, already in private storage.
    """
    get_user_model().objects.select_for_update().filter(pk=submitter.pk).first()
    if daily_limit_reached(submitter):
        raise TooManySubmissions(
            _("You have sent %(limit)d submissions in the last 24 hours, which is the most we "
              "can take from one reader in a day. Please try again tomorrow.")
            % {"limit": settings.SUBMISSIONS_PER_DAY}
        )  # fmt: skip
    submission = form.save(commit=False)
    submission.submitter = submitter
    submission.status = Submission.Status.WAITING
    _save_reader_content(submission, form, steps, kept_video_name)
    SubmissionEvent.objects.create(
        submission=submission, actor=submitter, to_status=Submission.Status.WAITING
    )
    notifications.submission_received(submission)
    return submission


@transaction.atomic
def resubmit(submission: Submission, *, by, form, steps: list[str], kept_video_name: str = ""):
    """The reader's edited version after "changes requested": back to waiting for review."""
    fresh = move(submission, Submission.Status.WAITING, actor=by)
    edited = form.save(commit=False)
    edited.status = fresh.status
    _save_reader_content(edited, form, steps, kept_video_name)
    notifications.submission_received(edited)
    return edited


def withdraw(submission: Submission, *, by) -> Submission:
    """The reader takes a submission back before a decision; it is kept, marked withdrawn."""
    return move(submission, Submission.Status.WITHDRAWN, actor=by)
