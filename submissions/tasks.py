"""
Background tasks for submissions, run by a task worker (`manage.py db_worker`): the emails to
the reader and to the moderators, processing an uploaded video (`processing.py`), deleting
a video kept for a form the reader never sent again (`kept_videos.py`), and deleting resumable
uploads that stopped coming (`resumable.py`).

The emails and the processing are queued once the transaction that caused them has committed,
so the decision or submission is already saved whatever happens to the task. The database
backend does not retry a failed task by itself: when sending an email fails, the task queues
its own next attempt (a later `run_after`, `attempt` + 1) and then fails, so each failed attempt
is recorded with its traceback; it gives up after `MAX_ATTEMPTS`. A video that cannot be
processed is not retried: it is marked failed, and an editor can process it again from admin.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks.base import Task, TaskResult

from somatics.languages import supported_or_default

from .models import ModeratorDigest, Submission, SubmissionEvent, Video

logger = logging.getLogger(__name__)

Status = Submission.Status
DECISIONS = {Status.PUBLISHED, Status.CHANGES_REQUESTED, Status.NOT_ACCEPTED}
MODERATORS_GROUP = "Moderators"
# Wait before attempt 2, 3, 4, 5: long enough for a mail server to come back.
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def enqueue(task: Task, *args, run_after: datetime | None = None, **kwargs) -> TaskResult:
    """Queue `task`, not before `run_after` if the backend can defer (the test backend runs now)."""
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    return task.enqueue(*args, **kwargs)


def absolute_url(path: str) -> str:
    """Links in emails need the site's address: a task runs outside any request."""
    return settings.SITE_URL + path


def render_email(template: str, context: dict, *, to: list[str], language: str):
    """
    Subject, plain text and HTML from `<template>_subject.txt`, `.txt` and `.html`, written in
    `language` and saying so (Content-Language). The caller makes the context's addresses and
    labels under the same language (`translation.override`), so links lead to its pages.
    """
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, to=to, headers={"Content-Language": language}
    )
    message.attach_alternative(html, "text/html")
    return message


def language_of(user) -> str:
    """The language a person reads their emails in: their own, or the site's."""
    return supported_or_default(getattr(user, "language", None))


def send_or_retry(message: EmailMultiAlternatives, task: Task, *args, attempt: int) -> None:
    """Send; if that fails, queue the next attempt (unless this was the last) and re-raise."""
    try:
        message.send()
    except Exception:
        call = f"{task.name}({', '.join(map(repr, args))})"
        if attempt >= MAX_ATTEMPTS:
            logger.exception("%s: attempt %d failed, giving up", call, attempt)
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning("%s: attempt %d failed, retrying in %s", call, attempt, delay, exc_info=True)
        enqueue(task, *args, attempt=attempt + 1, run_after=timezone.now() + delay)
        raise


@task()
def send_decision_email(event_id: int, attempt: int = 1) -> int:
    """
    Tell the reader what the editor decided and what they can do next, in the reader's own
    language, with links to that language's pages.
    """
    event = (
        SubmissionEvent.objects.select_related("submission__submitter", "submission__routine")
        .filter(pk=event_id, to_status__in=DECISIONS)
        .first()
    )
    if event is None:
        return 0
    submission, reader = event.submission, event.submission.submitter
    if not reader.email:
        logger.warning("Submission %s: the reader has no email address to tell", submission.pk)
        return 0
    routine, language = submission.routine, language_of(reader)
    with translation.override(language):  # the addresses of the reader's language
        context = {
            "name": reader.display_name,
            "title": submission.title,
            "outcome": event.to_status,
            "message": event.message,
            "routine_url": absolute_url(routine.get_absolute_url()) if routine else "",
            "edit_url": absolute_url(reverse("submissions:edit", kwargs={"pk": submission.pk})),
            "submission_url": absolute_url(submission.get_absolute_url()),
            # Worded by the template, in the email's language: why the video failed, if it did.
            "video": Video.objects.filter(submission=submission).first(),
        }
    message = render_email(
        "submissions/email/decision", context, to=[reader.email], language=language
    )
    send_or_retry(message, send_decision_email, event_id, attempt=attempt)
    return 1


def moderator_emails() -> list[str]:
    """MODERATOR_EMAILS if set, else the active members of the "Moderators" group (if any)."""
    if settings.MODERATOR_EMAILS:
        return list(settings.MODERATOR_EMAILS)
    moderators = get_user_model().objects.filter(is_active=True, groups__name=MODERATORS_GROUP)
    return sorted(set(moderators.exclude(email="").values_list("email", flat=True)))


def moderators_by_language(emails: list[str]) -> dict[str, list[str]]:
    """
    The moderators' addresses grouped by the language each reads in (an address with no
    account here gets the site's language), so that each digest goes out in its readers' own.
    """
    languages = {
        email.lower(): language
        for email, language in get_user_model()
        .objects.filter(email__in=emails)
        .values_list("email", "language")
    }
    groups: dict[str, list[str]] = {}
    for email in emails:
        language = supported_or_default(languages.get(email.lower()))
        groups.setdefault(language, []).append(email)
    return groups


@task()
def send_moderator_digest(digest_id: int, language: str = "", attempt: int = 1) -> int:
    """
    Send the open digest (once its hour has come): the submissions in it still waiting, to
    each moderator in their own language (one email per language).

    Every new submission queues this for its digest, so it runs several times: the first run
    after `send_after` closes the digest under a row lock and sends it; the others find it
    closed and do nothing. A retry (`attempt` > 1) sends the closed digest again, to the
    moderators of the `language` whose email failed.

    While there is no moderator to tell, the digest stays open, so nothing in it is lost: it
    goes, with everything that joined it meanwhile, as soon as one exists (the next submission
    queues it again, and so does `manage.py createeditor`).
    """
    with transaction.atomic():
        digest = ModeratorDigest.objects.select_for_update().filter(pk=digest_id).first()
        if digest is None:
            return 0
        if digest.is_open:
            if digest.send_after > timezone.now():
                if send_moderator_digest.get_backend().supports_defer:  # ran early: clock skew
                    enqueue(send_moderator_digest, digest_id, run_after=digest.send_after)
                return 0
            recipients = moderator_emails()
            if not recipients:
                waiting = digest.submissions.waiting().count()
                if waiting:
                    logger.warning(
                        "No moderator yet: %d waiting submissions are kept in digest %s "
                        "until one exists (manage.py createeditor --email …)",
                        waiting,
                        digest_id,
                    )
                return 0
            digest.is_open, digest.sent_at = False, timezone.now()
            digest.save(update_fields=["is_open", "sent_at"])
        elif attempt == 1:
            return 0
        submissions = list(
            digest.submissions.waiting().select_related("submitter").order_by("created_at")
        )
    recipients = moderator_emails()
    if not submissions or not recipients:
        return 0
    failed = None
    for group_language, group in moderators_by_language(recipients).items():
        if language and group_language != language:
            continue
        message = digest_email(submissions, to=group, language=group_language)
        try:
            send_or_retry(
                message, send_moderator_digest, digest_id, group_language, attempt=attempt
            )
        except Exception as error:  # the other languages' moderators are still told
            failed = error
    if failed is not None:
        raise failed
    return len(submissions)


def digest_email(submissions: list[Submission], *, to: list[str], language: str):
    """The digest of `submissions`, in `language`, with links to the admin in it."""
    with translation.override(language):
        context = {
            "submissions": [
                {
                    "title": s.title,
                    "kind": s.get_kind_display(),
                    "credit": s.submitter.display_name,
                    "admin_url": absolute_url(
                        reverse("admin:submissions_submission_change", args=[s.pk])
                    ),
                }
                for s in submissions
            ],
            "queue_url": absolute_url(
                reverse("admin:submissions_submission_changelist") + "?status__exact=waiting"
            ),
        }
    return render_email("submissions/email/moderator_digest", context, to=to, language=language)


@task()
def process_submission_video(video_id: int) -> str:
    """Probe the upload and make its web copy, poster and thumbnail (see processing.py)."""
    from .processing import process_video

    video = Video.objects.select_related("submission").filter(pk=video_id).first()
    if video is None:
        return "gone"
    return process_video(video).status


# How long a video uploaded with a form that failed is kept for the reader's next attempt.
KEPT_VIDEO_MAX_AGE = timedelta(hours=24)


@task()
def forget_kept_video(name: str) -> str:
    """
    Delete a video kept for a form that was never sent again, once its token has expired.

    Queued when the video is kept (`KEPT_VIDEO_MAX_AGE` later), so abandoned uploads do not
    fill the disk; a video that became part of a submission, or is still young, is left alone.
    """
    storage = Submission._meta.get_field("video").storage
    if Submission.objects.filter(video=name).exists():
        return "sent"
    if not storage.exists(name):
        return "gone"
    if timezone.now() - storage.get_modified_time(name) < KEPT_VIDEO_MAX_AGE:
        return "young"
    storage.delete(name)
    return "deleted"


@task()
def delete_expired_uploads(upload_id: str = "") -> int:
    """
    Delete the resumable uploads whose time ran out (`resumable.delete_expired`), with their
    bytes; returns how many.

    Each upload queues this for the moment it would expire, so no scheduler is needed: the
    task worker of `make run` and of production runs it then. An upload that went on since
    (each chunk gives it `resumable.MAX_AGE` more) queues it again for its new time.
    """
    from .models import ResumableUpload
    from .resumable import delete_expired

    count = delete_expired()
    upload = ResumableUpload.objects.filter(pk=upload_id).first() if upload_id else None
    if upload is not None and delete_expired_uploads.get_backend().supports_defer:
        enqueue(delete_expired_uploads, upload_id, run_after=upload.expires_at)
    return count
