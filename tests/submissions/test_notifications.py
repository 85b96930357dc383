"""Emails sent by background tasks: the reader at each decision, the moderators' hourly digest."""

import re
import threading
from datetime import UTC, datetime, timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone, translation
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from submissions import notifications, tasks
from submissions.models import ModeratorDigest, Submission, Video
from submissions.moderation import approve, reject, request_changes
from tests.submissions.test_submit import SUBMIT, written

pytestmark = pytest.mark.django_db
Status = Submission.Status
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://library.example.org"
    settings.MODERATOR_EMAILS = []


@pytest.fixture
def task_queue(settings):
    """The real database backend: tasks wait in the queue until `run_worker()` runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def run_worker():
    """What `manage.py db_worker --batch` does: run every task that is due, then stop."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The worker closes "old" connections between tasks; in a test that would end the test's
    # transaction (on PostgreSQL), so the test's connection is kept.
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()


@pytest.fixture
def teacher(make_reader):
    return make_reader("teacher@example.com", display_name="Mara Teacher")


@pytest.fixture
def submission(make_submission, teacher):
    return make_submission(teacher, title="Knee rocking for the low back")


def decide(decision, submission, moderator, message):
    """Take a decision the way the admin does, running what waits for the commit."""
    if decision == "approve":
        approve(submission, moderator=moderator, message=message)
    elif decision == "request_changes":
        request_changes(submission, moderator=moderator, message=message)
    else:
        reject(submission, moderator=moderator, reason=message)


DECISIONS = ["approve", "request_changes", "reject"]


# The reader's email at each decision


def test_publishing_sends_the_reader_one_email_with_the_link_to_the_routine(
    submission, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        routine = approve(submission, moderator=moderator, message="Lovely, thank you.")

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["teacher@example.com"]
    assert email.subject == "“Knee rocking for the low back” is published in the Somatics Library"
    assert f"https://library.example.org/routines/{routine.slug}/" in email.body
    assert "Lovely, thank you." in email.body


def test_requesting_changes_sends_the_editors_message_and_the_edit_link(
    submission, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(submission, moderator=moderator, message="Please add a caution.")

    (email,) = mailoutbox
    assert email.subject == "The editor asks for changes to “Knee rocking for the low back”"
    assert "Please add a caution." in email.body
    assert f"https://library.example.org/submissions/{submission.pk}/edit/" in email.body
    assert "video" not in email.body  # a written submission: nothing about a video


def test_requesting_changes_to_a_video_that_failed_says_why_in_words(
    submission, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    Video.objects.create(
        submission=submission,
        status=Video.Status.FAILED,
        error_code="too_long",
        error_details={"seconds": 1860, "limit": 1800},
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(submission, moderator=moderator, message="Please send a shorter video.")

    (email,) = mailoutbox
    why = (
        "We could not process your video. This video is 31:00 long, and the most we can take "
        "is 30:00 (minutes:seconds)."
    )
    assert why in email.body
    assert why in email.alternatives[0][0]


def test_not_accepting_sends_the_reason(
    submission, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reject(submission, moderator=moderator, reason="We already have this pattern.")

    (email,) = mailoutbox
    assert email.subject == "“Knee rocking for the low back” was not accepted"
    assert "We already have this pattern." in email.body
    assert f"https://library.example.org/submissions/{submission.pk}/" in email.body


@pytest.mark.parametrize("decision", DECISIONS)
def test_each_decision_email_has_a_plain_text_and_an_html_part(
    decision, submission, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(decision, submission, moderator, "Line one.\nLine two.")

    (email,) = mailoutbox
    assert isinstance(email, EmailMultiAlternatives)
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "<p>Line one.<br>Line two.</p>" in html
    assert "Line one.\nLine two." in email.body
    assert "<" not in email.body


@pytest.mark.parametrize("decision", DECISIONS)
def test_html_escapes_script_in_the_title_and_the_editors_message(
    decision, make_submission, teacher, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    submission = make_submission(teacher, title="<script>alert(1)</script> rocking")
    with django_capture_on_commit_callbacks(execute=True):
        decide(decision, submission, moderator, "<script>alert(2)</script> please")

    (email,) = mailoutbox
    html = email.alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; rocking" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt; please" in html
    # Plain text is not HTML: it shows what the reader typed, as typed.
    assert "<script>alert(1)</script> rocking" in email.body


@pytest.mark.parametrize("decision", DECISIONS)
def test_the_email_never_contains_another_persons_address(
    decision, submission, moderator, make_submission, mailoutbox, django_capture_on_commit_callbacks
):
    make_submission(title="Someone else's pattern")
    with django_capture_on_commit_callbacks(execute=True):
        decide(decision, submission, moderator, "A message.")

    (email,) = mailoutbox
    message = email.message().as_string()
    assert email.recipients() == ["teacher@example.com"]
    assert message.count("@example.com") == 1  # in "To:"; not the editor's, not another reader's
    assert "teacher@example.com" not in email.body + email.alternatives[0][0]


def test_the_greeting_uses_the_display_name(
    submission, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reject(submission, moderator=moderator, reason="No.")

    assert mailoutbox[0].body.startswith("Hello Mara Teacher,")


def test_a_reader_without_a_display_name_is_greeted_without_their_address(
    make_submission, make_reader, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    anonymous = make_reader("quiet@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        reject(make_submission(anonymous), moderator=moderator, reason="No.")

    (email,) = mailoutbox
    assert email.body.startswith("Hello,")
    assert "quiet" not in email.body + email.alternatives[0][0]


def recorded_languages(monkeypatch) -> list[str]:
    """The language active each time an email template is rendered."""
    languages = []
    render = tasks.render_to_string

    def recording(*args, **kwargs):
        languages.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(tasks, "render_to_string", recording)
    return languages


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("decision", DECISIONS)
def test_the_decision_email_is_written_in_the_readers_language(
    submission,
    teacher,
    moderator,
    mailoutbox,
    monkeypatch,
    django_capture_on_commit_callbacks,
    language,
    decision,
):
    teacher.language = language
    teacher.save(update_fields=["language"])
    languages = recorded_languages(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        decide(decision, submission, moderator, "Un message.")

    assert languages == [language] * 3  # subject, text, HTML
    (email,) = mailoutbox
    assert email.extra_headers["Content-Language"] == language
    prefix = "" if language == "en" else f"/{language}"
    links = re.findall(r"https://library\.example\.org(/\S*?)/?(?:\s|$)", email.body)
    assert links
    assert all(
        link.startswith(
            f"{prefix}/routines/" if decision == "approve" else f"{prefix}/submissions/"
        )
        for link in links
    )


def test_the_email_is_in_the_readers_language_whatever_the_editors(
    submission, teacher, moderator, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    teacher.language = "es"
    teacher.save(update_fields=["language"])
    languages = recorded_languages(monkeypatch)

    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        decide("request_changes", submission, moderator, "Cambia el paso 2.")

    assert languages == ["es", "es", "es"]
    (email,) = mailoutbox
    assert f"https://library.example.org/es/submissions/{submission.pk}/edit/" in email.body


def test_the_decision_email_from_the_task_worker_is_in_the_readers_language(
    task_queue,
    submission,
    teacher,
    moderator,
    mailoutbox,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    teacher.language = "fr"
    teacher.save(update_fields=["language"])
    languages = recorded_languages(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        reject(submission, moderator=moderator, reason="Non.")
    assert mailoutbox == []  # queued, not sent yet

    with translation.override("es"):  # whatever the worker's own language
        run_worker()

    assert languages == ["fr", "fr", "fr"]
    (email,) = mailoutbox
    assert f"https://library.example.org/fr/submissions/{submission.pk}/" in email.body


def test_no_email_is_sent_before_the_decision_commits(
    submission, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        reject(submission, moderator=moderator, reason="No.")
        assert mailoutbox == []

    assert len(callbacks) == 1
    assert mailoutbox == []


def test_no_email_is_sent_when_the_decision_is_rolled_back(
    submission, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            reject(submission, moderator=moderator, reason="No.")
            raise RuntimeError("something later in the same transaction failed")

    assert callbacks == []
    assert mailoutbox == []


# When the mail server fails


def failing_send(monkeypatch):
    attempts = []

    def send(self, fail_silently=False):
        attempts.append(self.to)
        raise SMTPException("mail server is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    return attempts


def test_the_decision_stands_when_the_email_fails_and_a_retry_is_queued(
    task_queue, submission, moderator, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    attempts = failing_send(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        request_changes(submission, moderator=moderator, message="Please add a caution.")
    run_worker()

    submission.refresh_from_db()
    assert submission.status == Status.CHANGES_REQUESTED
    assert len(attempts) == 1
    failed = DBTaskResult.objects.failed().get()
    assert failed.exception_class_path == "smtplib.SMTPException"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path == "submissions.tasks.send_decision_email"
    event = submission.events.last()
    assert retry.args_kwargs == {"args": [event.pk], "kwargs": {"attempt": 2}}
    assert retry.run_after > timezone.now()

    monkeypatch.undo()  # the mail server is back, and the retry's time has come
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    (email,) = mailoutbox
    assert "Please add a caution." in email.body


def test_sending_is_given_up_after_five_attempts(
    submission, moderator, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    attempts = failing_send(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        reject(submission, moderator=moderator, reason="No.")  # the test backend retries at once

    submission.refresh_from_db()
    assert submission.status == Status.NOT_ACCEPTED
    assert len(attempts) == tasks.MAX_ATTEMPTS == 5


# The moderators' digest


@pytest.fixture
def send(make_submission, django_capture_on_commit_callbacks):
    """Send a submission through the reader's flow and commit, as one request to /submit/ does."""

    def send(*args, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_submission(*args, **fields)

    return send


@pytest.mark.parametrize(
    "last_sent_minutes_ago, wait_minutes",
    [(None, 0), (120, 0), (60, 0), (59, 1), (10, 50), (0, 60)],
)
def test_a_digest_goes_no_sooner_than_an_hour_after_the_last(last_sent_minutes_ago, wait_minutes):
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    last = None if last_sent_minutes_ago is None else now - timedelta(minutes=last_sent_minutes_ago)
    assert notifications.next_digest_at(last, now) == now + timedelta(minutes=wait_minutes)


def test_a_new_submission_sends_the_moderators_one_email(settings, send, teacher, mailoutbox):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org", "second@somaticstimes.org"]
    submission = send(teacher, title="Knee rocking for the low back")

    (email,) = mailoutbox
    assert email.to == ["editor@somaticstimes.org", "second@somaticstimes.org"]
    assert email.subject == "A new submission is waiting for review"
    assert "Knee rocking for the low back" in email.body
    admin_url = f"https://library.example.org/admin/submissions/submission/{submission.pk}/change/"
    assert admin_url in email.body
    assert f'href="{admin_url}"' in email.alternatives[0][0]


def test_a_submission_through_the_form_tells_the_moderators(
    settings, client, reader, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org"]
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(SUBMIT, written()).status_code == 302

    (email,) = mailoutbox
    assert "Rolling the pelvis in a chair" in email.body


def test_five_submissions_within_the_hour_send_one_digest(task_queue, settings, send, mailoutbox):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org"]
    # five separate requests, before the worker comes round
    sent = [send(title=f"Pattern {n}") for n in range(1, 6)]
    run_worker()

    (email,) = mailoutbox
    assert email.subject == "5 new submissions are waiting for review"
    for submission in sent:
        assert submission.title in email.body
        assert f"/admin/submissions/submission/{submission.pk}/change/" in email.body
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_a_submission_soon_after_a_digest_waits_for_the_hour(
    task_queue, settings, send, mailoutbox, monkeypatch
):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org"]
    send(title="First")
    run_worker()
    first_sent_at = ModeratorDigest.objects.get().sent_at

    send(title="Second")
    send(title="Third")
    run_worker()

    assert len(mailoutbox) == 1
    waiting = ModeratorDigest.objects.get(is_open=True)
    assert waiting.send_after == first_sent_at + HOUR

    later = first_sent_at + HOUR + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    run_worker()

    assert len(mailoutbox) == 2
    assert "Second" in mailoutbox[1].body and "Third" in mailoutbox[1].body
    assert "First" not in mailoutbox[1].body


def test_with_the_test_backend_more_submissions_in_the_hour_wait_in_one_digest(
    settings, send, mailoutbox
):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org"]
    for n in range(1, 6):
        send(title=f"Pattern {n}")

    assert len(mailoutbox) == 1  # the first went at once; the hour has not passed for the rest
    waiting = ModeratorDigest.objects.get(is_open=True)
    assert waiting.submissions.count() == 4


def test_without_moderator_emails_the_active_moderators_group_is_told(
    django_user_model, send, mailoutbox
):
    group, _ = Group.objects.get_or_create(name="Moderators")
    for username, email, active in [
        ("ana", "ana@example.com", True),
        ("old", "old@example.com", False),
        ("noemail", "", True),
    ]:
        user = django_user_model.objects.create_user(username, email, "pw", is_active=active)
        user.groups.add(group)
    django_user_model.objects.create_user("outsider", "outsider@example.com", "pw")

    send()

    (email,) = mailoutbox
    assert email.to == ["ana@example.com"]


def test_each_moderator_gets_the_digest_in_their_own_language(
    django_user_model, send, teacher, mailoutbox, monkeypatch
):
    group, _ = Group.objects.get_or_create(name="Moderators")
    for username, language in [("ana", "fr"), ("bea", "es"), ("carl", "en"), ("dora", "fr")]:
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", "pw", language=language
        )
        user.groups.add(group)
    languages = recorded_languages(monkeypatch)

    send(teacher, title="Knee rocking for the low back")

    sent = {email.extra_headers["Content-Language"]: email for email in mailoutbox}
    assert sorted(sent) == ["en", "es", "fr"]
    assert sent["fr"].to == ["ana@example.com", "dora@example.com"]
    assert sent["es"].to == ["bea@example.com"]
    assert sent["en"].to == ["carl@example.com"]
    assert sorted(languages) == ["en"] * 3 + ["es"] * 3 + ["fr"] * 3
    for email in mailoutbox:
        assert "Knee rocking for the low back" in email.body


def test_a_moderator_address_without_an_account_gets_the_sites_language(
    settings, django_user_model, send, teacher, mailoutbox
):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org", "ana@example.com"]
    django_user_model.objects.create_user("ana", "ana@example.com", "pw", language="es")

    send(teacher)

    sent = {email.extra_headers["Content-Language"]: email.to for email in mailoutbox}
    assert sent == {"en": ["editor@somaticstimes.org"], "es": ["ana@example.com"]}


def test_a_digest_that_failed_in_one_language_is_retried_for_that_language_only(
    task_queue, settings, django_user_model, send, mailoutbox, monkeypatch
):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org", "ana@example.com"]
    django_user_model.objects.create_user("ana", "ana@example.com", "pw", language="fr")
    real_send = EmailMultiAlternatives.send

    def french_fails(self, fail_silently=False):
        if self.extra_headers["Content-Language"] == "fr":
            raise SMTPException("mail server is down")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", french_fails)
    send(title="Knee rocking for the low back")
    run_worker()

    assert [email.to for email in mailoutbox] == [["editor@somaticstimes.org"]]
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {
        "args": [retry.args_kwargs["args"][0], "fr"],
        "kwargs": {"attempt": 2},
    }

    monkeypatch.undo()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert [email.to for email in mailoutbox] == [["editor@somaticstimes.org"], ["ana@example.com"]]


def test_without_moderators_nothing_is_sent_and_the_submission_is_kept(send, mailoutbox):
    Group.objects.filter(name="Moderators").delete()
    submission = send()

    assert mailoutbox == []
    assert Submission.objects.filter(pk=submission.pk, status=Status.WAITING).exists()


def test_the_digest_leaves_out_submissions_decided_before_it_went(
    task_queue, settings, send, moderator, mailoutbox
):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org"]
    decided = send(title="Already decided")
    send(title="Waiting")
    reject(decided, moderator=moderator, reason="No.")
    run_worker()

    (email,) = mailoutbox
    assert "Waiting" in email.body
    assert "Already decided" not in email.body


def test_a_failed_digest_is_retried_with_the_same_submissions(
    task_queue, settings, send, mailoutbox, monkeypatch
):
    settings.MODERATOR_EMAILS = ["editor@somaticstimes.org"]
    attempts = failing_send(monkeypatch)
    send(title="Knee rocking for the low back")
    run_worker()

    assert len(attempts) == 1
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}

    monkeypatch.undo()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    (email,) = mailoutbox
    assert "Knee rocking for the low back" in email.body


def test_only_one_digest_can_be_open_at_a_time():
    ModeratorDigest.objects.create(send_after=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        ModeratorDigest.objects.create(send_after=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_submissions_arriving_at_the_same_moment_share_one_digest(
    task_queue, make_reader, make_submission
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; CI runs this on PostgreSQL")
    for round in range(5):  # the race is short: run it a few times so a missing guard shows
        ModeratorDigest.objects.all().delete()
        readers = [make_reader(f"racer{round}-{n}@example.com") for n in range(2)]

        errors, sent = race_to_submit(readers, make_submission)
        assert errors == []
        digest = ModeratorDigest.objects.get()
        assert digest.is_open
        assert set(digest.submissions.all()) == set(sent)


def race_to_submit(readers, make_submission) -> tuple[list[Exception], list[Submission]]:
    """Each reader sends a submission through the flow in their own transaction, all at once."""
    errors: list[Exception] = []
    sent: list[Submission] = []
    barrier = threading.Barrier(len(readers))

    def send(reader):
        try:
            with transaction.atomic():
                barrier.wait()
                sent.append(make_submission(reader))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(reader,)) for reader in readers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors, sent
