"""
Telling the asker their question was answered: queued once the answer's transaction commits,
sent by a task worker (`tasks.send_answer_email`), so a failing mail server never undoes it.
"""

from functools import partial

from django.db import transaction

from . import tasks


def answered(answer) -> None:
    transaction.on_commit(partial(tasks.send_answer_email.enqueue, answer.pk), robust=True)
