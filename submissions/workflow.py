"""
The one place that moves a submission from one status to another.

Every reader flow (`flows.py`) and every editor decision (`moderation.py`) goes through
`move()`: it locks the row, checks the transition is allowed from the status the row has *now*
(not the one the caller saw; the table is `Submission.NEXT_STATUSES`), saves, and writes
exactly one history row. Two people pressing buttons at the same moment therefore get one
outcome; the second gets `IllegalTransition`.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import Submission, SubmissionEvent

Status = Submission.Status


class IllegalTransition(Exception):
    """The submission is not in a status that allows this; the message says who moved it last."""


def locked(submission: Submission) -> Submission:
    """The current row, locked until the surrounding transaction ends."""
    return Submission.objects.select_for_update().get(pk=submission.pk)


@transaction.atomic
def move(submission: Submission, to: str, *, actor, message: str = "") -> SubmissionEvent:
    """
    Move `submission` to status `to`, recording who did it and why. Returns the history row;
    its `submission` is the fresh, locked row. The caller's object is left as it was.
    """
    current = locked(submission)
    if not current.can_move_to(to):
        raise IllegalTransition(_explain(current, to))
    event = SubmissionEvent.objects.create(
        submission=current, actor=actor, from_status=current.status, to_status=to, message=message
    )
    current.status = to
    current.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def move_back(
    submission: Submission, *, actor, undoable: set[str], within: timedelta
) -> SubmissionEvent:
    """
    Undo the last move of `submission`, back to the status it had before, with a history row of
    its own (the history keeps both). Only a move into one of `undoable`, made by `actor` no
    longer ago than `within`: a reader's second thoughts, not a way around the editor.
    """
    current = locked(submission)
    last = undoable_event(current, actor_id=actor.pk, undoable=undoable, within=within)
    if last is None:
        raise IllegalTransition(_("This can no longer be undone."))
    event = SubmissionEvent.objects.create(
        submission=current, actor=actor, from_status=current.status, to_status=last.from_status
    )
    current.status = last.from_status
    current.save(update_fields=["status", "updated_at"])
    return event


def undoable_event(
    submission: Submission, *, actor_id: int, undoable: set[str], within: timedelta
) -> SubmissionEvent | None:
    """The history row `move_back` would undo, if there is one (uses prefetched events)."""
    events = sorted(submission.events.all(), key=lambda e: (e.created_at, e.pk))
    last = events[-1] if events else None
    if (
        last is None
        or submission.status not in undoable
        or last.to_status != submission.status
        or not last.from_status
        or last.actor_id != actor_id
        or last.created_at < timezone.now() - within
    ):
        return None
    return last


# How to say where a submission already is, for the message of a refused transition.
_ALREADY = {
    Status.WAITING: gettext_noop("This submission is already waiting for review."),
    Status.CHANGES_REQUESTED: gettext_noop(
        "Changes have already been requested for this submission."
    ),
    Status.PUBLISHED: gettext_noop("This submission is already published."),
    Status.NOT_ACCEPTED: gettext_noop("This submission has already been declined."),
    Status.WITHDRAWN: gettext_noop("This submission is already withdrawn."),
}


def _explain(submission: Submission, to: str) -> str:
    """Where the submission already is, then (when known) who moved it last and when."""
    already = _(_ALREADY[submission.status])
    last = submission.events.select_related("actor").order_by("-created_at", "-pk").first()
    if last is None or last.actor is None:
        return already
    by = _("It was last changed by %(who)s on %(when)s.") % {
        "who": last.actor.display_name or last.actor.get_username(),
        "when": date_format(last.created_at, "DATETIME_FORMAT"),
    }
    return f"{already} {by}"
