"""The one place a submission changes status: `workflow.move`."""

import pytest

from submissions.models import Submission
from submissions.workflow import move

pytestmark = pytest.mark.django_db
Status = Submission.Status


def test_move_returns_the_history_row_it_wrote_and_leaves_the_callers_object_alone(
    make_submission, moderator
):
    submission = make_submission()

    event = move(submission, Status.CHANGES_REQUESTED, actor=moderator, message="Shorter, please.")

    assert event == submission.events.last()
    assert (event.from_status, event.to_status, event.actor) == (
        Status.WAITING,
        Status.CHANGES_REQUESTED,
        moderator,
    )
    assert event.message == "Shorter, please."
    assert event.submission.status == Status.CHANGES_REQUESTED
    assert Submission.objects.get(pk=submission.pk).status == Status.CHANGES_REQUESTED
    assert submission.status == Status.WAITING  # as the caller loaded it
