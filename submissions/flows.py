"""
The reader's side of the workflow: sending a submission (and, later, resubmitting or
withdrawing it). Each function is atomic and writes one SubmissionEvent.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Submission, SubmissionEvent


class TooManySubmissions(Exception):
    """The reader has reached the daily limit; the message says when they can send again."""


def daily_limit_reached(user) -> bool:
    return Submission.objects.recent_for(user).count() >= settings.SUBMISSIONS_PER_DAY


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
    submission.steps = steps
    submission.status = Submission.Status.WAITING
    if submission.kind == Submission.Kind.WRITTEN:
        submission.video, submission.video_url = None, ""
    elif kept_video_name and not submission.video:
        submission.video.name = kept_video_name
    submission.save()
    form.save_m2m()
    SubmissionEvent.objects.create(
        submission=submission, actor=submitter, to_status=Submission.Status.WAITING
    )
    return submission
