"""
The email to a reader whose question was answered, in their language, with a link to the
answer and a one-click way to stop these emails (a signed token, `unsubscribe_token`).
"""

import logging

from django.core import signing
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from submissions.tasks import absolute_url, language_of, render_email, send_or_retry

from .models import Answer, AnswerEmailOptOut

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "questions.unsubscribe"


def unsubscribe_token(user) -> str:
    """A token that names the reader, signed so nobody can unsubscribe someone else."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def reader_of_token(token: str):
    """The reader a token names, or None when it was not made by us (or is garbled)."""
    from django.contrib.auth import get_user_model

    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


@task()
def send_answer_email(answer_id: int, attempt: int = 1) -> int:
    """Tell the asker a teacher answered, unless they asked not to be told."""
    answer = (
        Answer.objects.select_related("question__author", "question__routine", "author")
        .filter(pk=answer_id)
        .first()
    )
    if answer is None:
        return 0
    question, reader = answer.question, answer.question.author
    if not reader.email or AnswerEmailOptOut.objects.filter(user=reader).exists():
        return 0
    language = language_of(reader)
    with translation.override(language):
        context = {
            "name": reader.display_name,
            "question": question.text,
            "routine": question.routine.title,
            "answer": answer.text,
            "credit": answer.credit,
            "role": answer.get_role_display(),
            "question_url": absolute_url(question.get_absolute_url()),
            "unsubscribe_url": absolute_url(
                reverse("questions:unsubscribe", kwargs={"token": unsubscribe_token(reader)})
            ),
        }
    message = render_email(
        "questions/email/answered", context, to=[reader.email], language=language
    )
    message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
    send_or_retry(message, send_answer_email, answer_id, attempt=attempt)
    return 1
