"""
Reader submissions: a movement pattern sent in writing or on video, its history, what processing
made of its video (`Video`), and the moderators' hourly email of new ones (`ModeratorDigest`).

A submission's status changes only through the workflow functions (`submissions/moderation.py`
for the editor, `submissions/flows.py` for the reader); each writes one SubmissionEvent.
What the reader sent is never altered by the editor: publishing copies it into a Routine.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from routines.models import BodyArea, Licence, Position, Routine

from .storage import private_storage
from .video_problems import Problem, describe_problem


def page_language() -> str:
    """The language the page is shown in (a submission's default language), else the site's."""
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def video_upload_path(instance, filename: str) -> str:
    """Our own name (a UUID), never the reader's; only the checked extension is kept."""
    suffix = Path(filename).suffix.lower()
    return f"submissions/{uuid.uuid4().hex}{suffix if suffix in {'.mp4', '.webm', '.mov'} else ''}"


class SubmissionQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Submission.Status.WAITING)

    def by(self, user):
        return self.filter(submitter=user)

    def recent_for(self, user, *, hours: int = 24):
        return self.by(user).filter(
            created_at__gte=timezone.now() - timezone.timedelta(hours=hours)
        )


class Submission(models.Model):
    """A reader's movement pattern, written or on video, as they sent it."""

    class Kind(models.TextChoices):
        WRITTEN = "written", _("In writing")
        VIDEO = "video", _("On video")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Where a submission may go from each status; `workflow.move` enforces it.
    NEXT_STATUSES: dict[str, set[str]] = {
        Status.WAITING: {
            Status.PUBLISHED,
            Status.CHANGES_REQUESTED,
            Status.NOT_ACCEPTED,
            Status.WITHDRAWN,
        },
        Status.CHANGES_REQUESTED: {Status.WAITING, Status.NOT_ACCEPTED, Status.WITHDRAWN},
        Status.PUBLISHED: set(),
        Status.NOT_ACCEPTED: set(),
        Status.WITHDRAWN: set(),
    }

    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("reader"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=page_language,
        help_text=_("The language the pattern is written or spoken in; the routine keeps it."),
    )
    title = models.CharField(_("title"), max_length=120)
    addresses = models.TextField(
        _("what it helps with"),
        max_length=2000,
        help_text=_("The discomfort or habit this pattern addresses."),
    )
    in_response_to = models.ForeignKey(
        Routine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("in response to"),
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    body_areas = models.ManyToManyField(BodyArea, blank=True, verbose_name=_("body areas"))
    steps = models.JSONField(_("steps"), default=list, blank=True)
    cautions = models.TextField(_("cautions"), max_length=2000, blank=True)
    minutes = models.PositiveSmallIntegerField(_("how long it takes (minutes)"))

    video = models.FileField(
        _("video file"), storage=private_storage, upload_to=video_upload_path, blank=True
    )
    video_url = models.URLField(_("YouTube or Vimeo link"), blank=True)
    transcript = models.TextField(_("transcript"), max_length=20000, blank=True)

    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    # Asked in the form (prefilled with the reader's display name): the published routine's
    # credit. Empty when the reader would rather stay anonymous.
    credit_name = models.CharField(_("name to credit"), max_length=80, blank=True)
    confirmed_own_work = models.BooleanField(_("confirmed it is their own work"), default=False)
    confirmed_consent = models.BooleanField(
        _("confirmed everyone shown or named agreed"), default=False
    )
    accepted_editing = models.BooleanField(_("accepted editing for clarity"), default=False)

    moderator_notes = models.TextField(
        _("moderator notes"), blank=True, help_text=_("Internal: never shown to the reader.")
    )
    routine = models.OneToOneField(
        Routine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submission",
        verbose_name=_("published as"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["submitter", "created_at"]),
        ]
        permissions = [("moderate_submission", _("Can moderate submissions"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("submissions:detail", kwargs={"pk": self.pk})

    def latest_message(self) -> "SubmissionEvent | None":
        """The editor's most recent message to the reader (uses prefetched events if any)."""
        return next((e for e in reversed(self.events.all()) if e.message), None)

    def can_move_to(self, status: str) -> bool:
        """Whether a submission in its current status may move to `status`."""
        return status in self.NEXT_STATUSES[self.status]

    @property
    def can_be_withdrawn(self) -> bool:
        return self.can_move_to(self.Status.WITHDRAWN)

    @property
    def can_be_edited(self) -> bool:
        """The reader may edit only what the editor sent back with a request for changes."""
        return self.status == self.Status.CHANGES_REQUESTED


class SubmissionEvent(models.Model):
    """One step in a submission's history: who moved it from which status to which, and why."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("submission"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    from_status = models.CharField(
        _("status before"), max_length=20, choices=Submission.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("status after"), max_length=20, choices=Submission.Status.choices
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")

    def __str__(self):
        return f"{self.submission}: {self.from_status or '∅'} → {self.to_status}"


class ModeratorDigest(models.Model):
    """
    One email telling the moderators which submissions arrived, so a busy hour means one email,
    not one per submission. New submissions join the open digest (there is at most one) until
    a worker sends it; the next may go no sooner than an hour after. It lives in the database,
    not the cache, so every app server and task worker sees the same one.
    """

    submissions = models.ManyToManyField(
        Submission, related_name="+", verbose_name=_("submissions")
    )
    send_after = models.DateTimeField(
        _("send after"), help_text=_("The earliest it may go: an hour after the last.")
    )
    is_open = models.BooleanField(
        _("open"), default=True, help_text=_("Still collecting submissions.")
    )
    sent_at = models.DateTimeField(
        _("sent at"),
        null=True,
        blank=True,
        help_text=_("When a worker took it to send (retried if that failed)."),
    )

    class Meta:
        verbose_name = _("moderator digest")
        verbose_name_plural = _("moderator digests")
        constraints = [
            models.UniqueConstraint(
                fields=["is_open"],
                condition=models.Q(is_open=True),
                name="one_open_moderator_digest",
            )
        ]

    def __str__(self):
        return f"Moderator digest {self.pk} ({'open' if self.is_open else self.sent_at})"


def processed_path(instance, filename: str) -> str:
    return f"processed/{uuid.uuid4().hex}/{filename}"


class Video(models.Model):
    """
    What processing made of a submission's uploaded video: a web rendition, a poster and a
    thumbnail, all still private. The reader's original stays on the submission, untouched.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, waiting to be processed")
        PROCESSING = "processing", _("Being processed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be processed")

    submission = models.OneToOneField(
        Submission,
        on_delete=models.CASCADE,
        related_name="video_record",
        verbose_name=_("submission"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    # What went wrong, as a code and its figures, worded only when shown (see `error`). The
    # database defaults serve rows that code from before 0007 inserts during an upgrade.
    error_code = models.CharField(
        _("why it failed"),
        max_length=20,
        choices=Problem.choices,
        blank=True,
        default="",
        db_default="",
    )
    error_details = models.JSONField(
        _("figures of why it failed"), default=dict, blank=True, db_default={}
    )
    # The sentence stored before 0007, no longer written or read; drop it in a later release,
    # once no server runs the code of before 0007 (README, "Upgrade").
    legacy_error = models.TextField(db_column="error", blank=True, editable=False)
    details = models.JSONField(_("what the file holds"), default=dict, blank=True)
    web = models.FileField(
        _("web copy"), storage=private_storage, upload_to=processed_path, blank=True
    )
    poster = models.FileField(
        _("poster image"), storage=private_storage, upload_to=processed_path, blank=True
    )
    thumbnail = models.FileField(
        _("card image"), storage=private_storage, upload_to=processed_path, blank=True
    )
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self):
        return f"{self.submission} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.web)

    @property
    def error(self) -> str:
        """Why processing failed, worded now in the active language; empty unless it failed."""
        if self.status != self.Status.FAILED:
            return ""
        return describe_problem(self.error_code, self.error_details)


class ResumableUpload(models.Model):
    """
    A video on its way in chunks over the tus protocol (`submissions/resumable.py`): how much
    has arrived, until when it may go on, and once whole and checked, the name of the video kept
    for the reader's form. In the database, so that every app server knows where it stands.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reader"),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    length = models.PositiveBigIntegerField(_("size in bytes"))
    offset = models.PositiveBigIntegerField(_("bytes received"), default=0)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    # A request is writing to it until then (one at a time; a lost request's hold runs out).
    busy_until = models.DateTimeField(_("busy until"), null=True, blank=True)
    video_name = models.CharField(
        _("kept video"),
        max_length=255,
        blank=True,
        help_text=_("In private storage once whole and checked, for the reader's form."),
    )

    class Meta:
        verbose_name = _("resumable upload")
        verbose_name_plural = _("resumable uploads")

    def __str__(self):
        return f"{self.filename} ({self.offset}/{self.length})"

    @property
    def is_whole(self) -> bool:
        return self.offset == self.length
