"""
Telling people what happened: the reader at each decision, moderators of new submissions.

Called inside the workflow's transaction; the email itself is sent by a background task
once the transaction commits, so a failing mail server never undoes a decision.
"""


def decision_made(event) -> None:
    """The editor decided (published, changes requested, not accepted): tell the reader."""


def submission_received(submission) -> None:
    """A reader sent (or resubmitted) a pattern: tell the moderators, at most hourly."""
