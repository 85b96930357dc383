"""
The editor's decisions: publish, request changes, not accept.

Each is atomic, locks the submission (through `workflow.move`), refuses anyone who is not an
active staff member with the `moderate_submission` permission (`can_moderate`), writes one
history row and, once the transaction commits, tells the reader. The admin's page and bulk
actions, and the tests, all call these functions. `preview_routine` shows, without saving
anything, the routine that publishing (with the editor's edits, `RoutineText`) would make.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import translation
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from routines.models import Routine, Step
from routines.publishing import require_publishable
from routines.search import index_routine

from . import notifications
from .models import Submission, Video
from .workflow import locked, move

Status = Submission.Status
PERMISSION = "submissions.moderate_submission"


@dataclass
class RoutineText:
    """What the editor may change before publishing; the reader's submission stays as sent."""

    title: str
    summary: str
    purpose: str
    cautions: str = ""
    steps: list[str] = field(default_factory=list)
    # The video shows the steps: the editor says so explicitly, and the page says "follow the
    # video" instead of showing an empty list of steps.
    video_only: bool = False

    @classmethod
    def from_submission(cls, submission: Submission) -> "RoutineText":
        return cls(
            title=submission.title,
            summary=Truncator(" ".join(submission.addresses.split())).chars(200),
            purpose=submission.addresses,
            cautions=submission.cautions,
            steps=list(submission.steps),
        )


class ChangedSinceSeen(Exception):  # noqa: N818 (named for what happened)
    """The reader sent a new version after the moderator looked; the message asks to look again."""


def can_moderate(user) -> bool:
    """
    The one rule for "may moderate", wherever it is asked (decisions, admin, the private
    video): an active staff member with the permission. A permission left on a user who is
    no longer staff grants nothing.
    """
    return bool(user and user.is_active and user.is_staff and user.has_perm(PERMISSION))


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators can decide on submissions."))


def _require_message(message: str, missing: str) -> str:
    """The message, stripped; `missing` is the whole sentence to refuse an empty one with."""
    message = (message or "").strip()
    if not message:
        raise ValidationError(missing)
    return message


@transaction.atomic
def approve(
    submission: Submission,
    *,
    moderator,
    message: str = "",
    text: RoutineText | None = None,
    seen_event_id: int | None = None,
) -> Routine:
    """
    Publish: create the Routine from the submission (with the editor's text, if edited).

    `seen_event_id` is the latest history row the moderator saw: if the reader has resubmitted
    since, publishing is refused, since the text would come from the older version. A routine
    that is not complete (no caution; no steps and not video-only: `routines.publishing`) is
    refused before anything changes, with the reasons for the editor.
    """
    _require_moderator(moderator)
    current = locked(submission)
    _require_unchanged_since(current, seen_event_id)
    _require_ready_video(current)
    text = text or RoutineText.from_submission(current)
    if current.can_move_to(Status.PUBLISHED):  # else `move` says who decided first
        _require_complete(current, text)
    event = move(current, Status.PUBLISHED, actor=moderator, message=message.strip())
    current = event.submission
    routine = _create_routine(current, text)
    current.routine = routine
    current.save(update_fields=["routine", "updated_at"])
    notifications.decision_made(event)
    return routine


@transaction.atomic
def request_changes(submission: Submission, *, moderator, message: str) -> Submission:
    """Send it back to the reader with what to change; they can edit and resubmit."""
    _require_moderator(moderator)
    message = _require_message(message, _("Please write the message for the reader."))
    event = move(submission, Status.CHANGES_REQUESTED, actor=moderator, message=message)
    notifications.decision_made(event)
    return event.submission


@transaction.atomic
def reject(submission: Submission, *, moderator, reason: str) -> Submission:
    """Not accepted: the reader is told why. The submission is kept for the record."""
    _require_moderator(moderator)
    reason = _require_message(reason, _("Please write the reason for the reader."))
    event = move(submission, Status.NOT_ACCEPTED, actor=moderator, message=reason)
    notifications.decision_made(event)
    return event.submission


def _create_routine(submission: Submission, text: RoutineText) -> Routine:
    """Save what the preview showed: the same routine, now published, with its steps."""
    routine, steps = preview_routine(submission, text)
    routine.slug = _unique_slug(routine.title)
    routine.save()  # a draft until everything is in place; publish() then shows it
    routine.body_areas.set(submission.body_areas.all())
    for step in steps:
        step.routine = routine
    Step.objects.bulk_create(steps)
    if submission.video:
        _publish_video(submission, routine)
    index_routine(routine)
    routine.publish()
    return routine


def _publish_video(submission: Submission, routine: Routine) -> None:
    """
    Copy the processed web copy, poster and thumbnail to public media. The private original
    is kept, and never published: the web copy is what processing checked and rebuilt.
    """
    record = submission.video_record
    for private, public, name in (
        (record.web, routine.video, f"{routine.slug}.mp4"),
        (record.poster, routine.poster, f"{routine.slug}.jpg"),
        (record.thumbnail, routine.thumbnail, f"{routine.slug}-card.jpg"),
    ):
        if private:
            with private.open("rb") as stream:
                public.save(name, File(stream), save=False)
    routine.save()


def _require_unchanged_since(submission: Submission, seen_event_id: int | None) -> None:
    if seen_event_id is None:
        return
    latest = submission.events.order_by("-pk").values_list("pk", flat=True).first()
    # A submission that can no longer be published is left to `move`, which says who moved it.
    if latest != seen_event_id and submission.can_move_to(Status.PUBLISHED):
        raise ChangedSinceSeen(
            _("The reader sent a new version since you opened this page. Please look again.")
        )


def _require_complete(submission: Submission, text: RoutineText) -> None:
    """What publishing would make must be a complete routine (the library's one rule)."""
    routine, steps = preview_routine(submission, text)
    if submission.video:
        routine.video.name = submission.video.name  # copied to public media on publishing
    require_publishable(routine, steps=steps)


def _require_ready_video(submission: Submission) -> None:
    """An uploaded video is published only once processing made its web copy."""
    if not submission.video:
        return
    record = Video.objects.filter(submission=submission).first()
    if record is None or not record.is_ready:
        state = record.get_status_display() if record else _("Not processed")
        raise ValidationError(
            _("The video cannot be published yet. Its processing status is “%(state)s”: process "
              "it again from the submission's page, or ask the reader for another file.")
            % {"state": state}
        )  # fmt: skip


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "routine"
    slug, n = base, 2
    while Routine.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def preview_routine(
    submission: Submission, text: RoutineText | None = None
) -> tuple[Routine, list[Step]]:
    """
    The routine `approve()` would publish, built in memory and never saved, with its steps:
    the editor's preview renders it with the public page's template, and `_create_routine`
    saves exactly this, so what the editor saw is what readers get. It is written in the
    submission's language, which becomes the routine's original language.
    """
    text = text or RoutineText.from_submission(submission)
    # The reader's words are the routine's text in their language (title_fr for a pattern sent
    # in French), whatever language the editor's admin is in; other languages come later.
    with translation.override(submission.language):
        routine = Routine(
            title=text.title,
            summary=Truncator(text.summary).chars(200),
            purpose=text.purpose,
            cautions=text.cautions,
            position=submission.position,
            minutes=submission.minutes,
            original_language=submission.language,
            credit_name=submission.credit_name,
            video_only=text.video_only,
            video_url=submission.video_url,
            transcript=submission.transcript,
            licence=submission.licence,
            status=Routine.Status.DRAFT,
        )
        steps = [Step(order=n, cue=cue) for n, cue in enumerate(text.steps, start=1)]
    return routine, steps
