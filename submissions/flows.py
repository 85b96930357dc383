"""
The reader's side of the workflow: send a submission, resubmit it after the editor asked for
changes, or withdraw it. Status changes go through `workflow.move`, one history row each.

The flows take plain values (`SubmissionContent`), not a form: the view adapts its form to
them, and tests and fixtures call them the same way.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from routines.models import BodyArea, Routine

from . import notifications
from .models import Submission, SubmissionEvent, Video
from .processing import video_uploaded
from .workflow import move, move_back, undoable_event

# How long a reader may take back their withdrawal of a submission.
UNDO_WITHDRAW_WITHIN = timedelta(days=7)
_WITHDRAWN = {Submission.Status.WITHDRAWN}


class TooManySubmissions(Exception):
    """The reader has reached the daily limit; the message says when they can send again."""


@dataclass
class SubmissionContent:
    """
    What the reader sends, as plain values. The video is either a new file (`video`, stored
    under our own name) or one already in private storage (`video_name`: kept from an
    earlier attempt, or the submission's current one); a written pattern carries none.
    """

    kind: str
    title: str
    addresses: str
    position: str
    minutes: int
    licence: str
    language: str = settings.LANGUAGE_CODE
    credit_name: str = ""
    steps: list[str] = field(default_factory=list)
    body_areas: Iterable[BodyArea] = ()
    cautions: str = ""
    in_response_to: Routine | None = None
    video: File | None = None
    video_name: str = ""
    video_url: str = ""
    transcript: str = ""
    confirmed_own_work: bool = False
    confirmed_consent: bool = False
    accepted_editing: bool = False


# Copied as they are onto the submission; the steps, areas and video need more care.
_PLAIN_FIELDS = [
    "kind", "language", "title", "addresses", "position", "minutes", "licence", "credit_name",
    "cautions",
    "in_response_to", "video_url", "transcript",
    "confirmed_own_work", "confirmed_consent", "accepted_editing",
]  # fmt: skip


def daily_limit_reached(user) -> bool:
    return Submission.objects.recent_for(user).count() >= settings.SUBMISSIONS_PER_DAY


@transaction.atomic
def submit(*, submitter, content: SubmissionContent) -> Submission:
    """
    Store a reader's submission as "waiting for review", with its first history row.

    The reader's row is locked while counting, so two submissions sent at the same moment
    cannot both slip under the daily limit.
    """
    get_user_model().objects.select_for_update().filter(pk=submitter.pk).first()
    if daily_limit_reached(submitter):
        limit = settings.SUBMISSIONS_PER_DAY
        raise TooManySubmissions(
            ngettext(
                "You have sent %(limit)d submission in the last 24 hours, which is the most we "
                "can take from one reader in a day. Please try again tomorrow.",
                "You have sent %(limit)d submissions in the last 24 hours, which is the most we "
                "can take from one reader in a day. Please try again tomorrow.",
                limit,
            )
            % {"limit": limit}
        )
    submission = Submission(submitter=submitter, status=Submission.Status.WAITING)
    _store_content(submission, content)
    SubmissionEvent.objects.create(
        submission=submission, actor=submitter, to_status=Submission.Status.WAITING
    )
    notifications.submission_received(submission)
    return submission


@transaction.atomic
def resubmit(submission: Submission, *, by, content: SubmissionContent) -> Submission:
    """
    The reader's edited version after "changes requested": back to waiting for review.
    Only the reader who sent it may, and only while changes are requested.
    """
    _require_owner(submission, by)
    current = move(submission, Submission.Status.WAITING, actor=by).submission
    _store_content(current, content)
    notifications.submission_received(current)
    return current


def withdraw(submission: Submission, *, by) -> Submission:
    """
    The reader takes a submission back before a decision; it is kept, marked withdrawn, and
    they may change their mind for `UNDO_WITHDRAW_WITHIN` (`undo_withdraw`).
    """
    _require_owner(submission, by)
    return move(submission, Submission.Status.WITHDRAWN, actor=by).submission


def undo_withdraw(submission: Submission, *, by) -> Submission:
    """
    The reader's second thoughts: a submission they withdrew in the last seven days goes back
    to the status it had (waiting for review, or changes requested), one history row more.
    """
    _require_owner(submission, by)
    return move_back(
        submission, actor=by, undoable=_WITHDRAWN, within=UNDO_WITHDRAW_WITHIN
    ).submission


def undo_withdraw_until(submission: Submission) -> datetime | None:
    """Until when the reader may still undo their withdrawal; None when they may not."""
    event = undoable_event(
        submission,
        actor_id=submission.submitter_id,
        undoable=_WITHDRAWN,
        within=UNDO_WITHDRAW_WITHIN,
    )
    return event.created_at + UNDO_WITHDRAW_WITHIN if event else None


def has_new_video(content: SubmissionContent, *, previous: str = "") -> bool:
    """Whether the reader attached a video this time (not the edited submission's own one)."""
    return bool(content.video) or bool(content.video_name and content.video_name != previous)


def _require_owner(submission: Submission, user) -> None:
    if submission.submitter_id != user.pk:
        raise PermissionDenied(_("Only the reader who sent a submission can change it."))


def _store_content(submission: Submission, content: SubmissionContent) -> None:
    """
    Write the reader's content on `submission` and save it. A new video is queued for
    processing (probe, poster, web copy) once the transaction commits.

    A video the reader attaches is never dropped: with a new file (or one kept from a failed
    attempt) the submission is a video one, whatever "Kind" said (the form tells them so).
    Only an edited submission's earlier video goes when the reader chooses "In writing".
    """
    previous = submission.video.name if submission.pk else ""
    for name in _PLAIN_FIELDS:
        setattr(submission, name, getattr(content, name))
    submission.steps = list(content.steps)
    if has_new_video(content, previous=previous):
        submission.kind = Submission.Kind.VIDEO
    if submission.kind == Submission.Kind.WRITTEN:
        submission.video, submission.video_url = None, ""
    else:
        submission.video = content.video or content.video_name or None
    submission.save()
    submission.body_areas.set(content.body_areas)
    if not submission.video:
        Video.objects.filter(submission=submission).delete()
    elif submission.video.name != previous:
        video_uploaded(submission)
