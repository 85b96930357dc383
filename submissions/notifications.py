"""
Telling people what happened: the reader at each decision, moderators of new submissions.

Called inside the workflow's transaction; the email itself is sent by a background task
once the transaction commits, so a failing mail server never undoes a decision.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from . import tasks
from .models import ModeratorDigest, Submission, SubmissionEvent

logger = logging.getLogger(__name__)

DIGEST_INTERVAL = timedelta(hours=1)


def decision_made(event: SubmissionEvent) -> None:
    """The editor decided (published, changes requested, not accepted): tell the reader."""
    # robust: if queueing fails, it is logged; the committed decision is never reported as failed.
    transaction.on_commit(partial(tasks.send_decision_email.enqueue, event.pk), robust=True)


def submission_received(submission: Submission) -> None:
    """A reader sent (or resubmitted) a pattern: tell the moderators, at most hourly."""
    digest = _open_digest()
    if digest is None:  # never lose the reader's submission over an email
        logger.error("Submission %s: no moderator digest could be opened", submission.pk)
        return
    digest.submissions.add(submission)
    send = partial(
        tasks.enqueue, tasks.send_moderator_digest, digest.pk, run_after=digest.send_after
    )
    transaction.on_commit(send, robust=True)


def moderator_added() -> None:
    """
    Someone can moderate now: send the open digest, if any, at once (or at its hour). It holds
    what arrived while there was nobody to tell, which was kept for this moment.
    """
    digest = ModeratorDigest.objects.filter(is_open=True).first()
    if digest is None:
        return
    send = partial(
        tasks.enqueue, tasks.send_moderator_digest, digest.pk, run_after=digest.send_after
    )
    transaction.on_commit(send, robust=True)


def next_digest_at(last_sent_at: datetime | None, now: datetime) -> datetime:
    """The earliest a new digest may go: now, unless the last one went less than an hour ago."""
    if last_sent_at is None:
        return now
    return max(now, last_sent_at + DIGEST_INTERVAL)


def _open_digest() -> ModeratorDigest | None:
    """
    The digest collecting submissions, locked until the transaction ends; opened if none is.

    A unique constraint allows one open digest: if another transaction opens one at the same
    moment, ours fails in its savepoint and we take theirs.
    """
    for _ in range(3):
        digest = ModeratorDigest.objects.select_for_update().filter(is_open=True).first()
        if digest is not None:
            return digest
        last_sent_at = ModeratorDigest.objects.aggregate(last=Max("sent_at"))["last"]
        try:
            with transaction.atomic():
                return ModeratorDigest.objects.create(
                    send_after=next_digest_at(last_sent_at, timezone.now())
                )
        except IntegrityError:
            continue
    return None
