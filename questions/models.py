"""
Readers' questions under a routine, teachers' answers to them, the history of every decision on
either, and the red-flag signs a question is checked against before it is posted.

Named `ReaderQuestion` so nobody confuses it with the routine's frequently asked questions
(`routines.Question`), which the editor writes (or promotes a good reader's question into).
A question's or an answer's status changes only through `questions/moderation.py`, which writes
one `QuestionEvent` per decision.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from routines.models import Routine

TEXT_MAX_LENGTH = 1000


class Status(models.TextChoices):
    """Where a question or an answer stands; only `published` ones are shown to readers."""

    WAITING = "waiting", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not accepted")
    TAKEN_DOWN = "taken_down", _("Taken down")


class Role(models.TextChoices):
    """In what capacity someone answered: readers see it beside the answer."""

    TEACHER = "teacher", _("Teacher")
    EDITOR = "editor", _("Editor")


class ReaderQuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def waiting(self):
        return self.filter(status=Status.WAITING)

    def for_page(self):
        """
        As shown under a routine: answered ones first (newest answer first), then the others,
        newest first; each with its published answers and their authors, in a constant
        number of queries (`answers_shown`).
        """
        return (
            self.published()
            .select_related("author")
            .prefetch_related(
                models.Prefetch(
                    "answers",
                    queryset=Answer.objects.published().select_related("author"),
                    to_attr="answers_shown",
                )
            )
            .order_by(models.F("answered_at").desc(nulls_last=True), "-published_at", "-pk")
        )


class ReaderQuestion(models.Model):
    """A question a signed-in reader asked under a routine, in their language."""

    routine = models.ForeignKey(
        Routine,
        on_delete=models.CASCADE,
        related_name="reader_questions",
        verbose_name=_("routine"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # deleting the account deletes its questions
        related_name="reader_questions",
        verbose_name=_("reader"),
    )
    text = models.TextField(_("question"), max_length=TEXT_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    reported = models.BooleanField(
        _("reported"), default=False, help_text=_("A reader reported it; back in the queue.")
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = ReaderQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reader's question")
        verbose_name_plural = _("readers' questions")
        indexes = [
            models.Index(fields=["routine", "status", "answered_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]
        permissions = [("moderate_readerquestion", _("Can moderate readers' questions"))]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("questions:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class AnswerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED).order_by("created_at", "pk")


class Answer(models.Model):
    """A teacher's or the editor's answer, given on the site under the question."""

    question = models.ForeignKey(
        ReaderQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # deleting the account deletes its answers
        related_name="question_answers",
        verbose_name=_("answered by"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    text = models.TextField(_("answer"), max_length=TEXT_MAX_LENGTH * 3)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    reported = models.BooleanField(_("reported"), default=False)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return self.text[:80]

    @property
    def credit(self) -> str:
        """The name shown with the answer: the author's display name, else "a reader"."""
        return self.author.display_name or _("a reader")


class QuestionEvent(models.Model):
    """One decision on a question or one of its answers: who, what, from which status to which."""

    class Action(models.TextChoices):
        ASKED = "asked", _("Asked")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        TAKEN_DOWN = "taken_down", _("Taken down")
        REPORTED = "reported", _("Reported")
        ANSWERED = "answered", _("Answered")
        PROMOTED = "promoted", _("Added to the routine's FAQ")

    question = models.ForeignKey(
        ReaderQuestion, on_delete=models.CASCADE, related_name="events", verbose_name=_("question")
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("answer"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        _("status before"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")

    def __str__(self):
        return f"{self.question_id}: {self.action} → {self.to_status}"


class AnswerEmailOptOut(models.Model):
    """A reader who asked not to be emailed when their questions are answered."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reader"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("no emails about answers")
        verbose_name_plural = _("no emails about answers")

    def __str__(self):
        return str(self.user_id)


class Urgency(models.TextChoices):
    """What a red-flag sign means for the reader."""

    DOCTOR_TODAY = "doctor_today", _("See a doctor today")
    EMERGENCY = "emergency", _("Call emergency services")


class RedFlag(models.Model):
    """
    A warning sign a question may mention (numbness around the groin, loss of bladder control…),
    the words that recognise it in each language, and what to do: shown, calmly, before the
    reader posts, and on the "When to stop and see a professional" page. Loaded from
    `questions/red_flags.yaml`; the editor may change it in admin and records a review.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    sign = models.CharField(_("sign"), max_length=200)
    advice = models.TextField(_("what to do"))
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices)
    keywords = models.TextField(
        _("words that recognise it"),
        help_text=_(
            "One per line. A question matches when it contains every word of a line "
            "(“numb groin” matches “numbness in my groin”); a word ending in * matches its start."
        ),
    )
    source = models.CharField(_("guidance followed"), max_length=300, blank=True)
    reviewed_on = models.DateField(
        _("reviewed by the editor on"),
        null=True,
        blank=True,
        help_text=_("Empty until the editor has reviewed this safety text (it is shown anyway)."),
    )
    library_checksum = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("red-flag sign")
        verbose_name_plural = _("red-flag signs")

    def __str__(self):
        return self.sign


class EmergencyNumber(models.Model):
    """Whom to call in an emergency, by region, shown first to readers of that language."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    region = models.CharField(_("region"), max_length=120)
    number = models.CharField(_("number"), max_length=60)
    languages = models.CharField(
        _("languages"),
        max_length=40,
        blank=True,
        help_text=_("Codes of the languages whose readers see it first, e.g. “fr es”."),
    )
    reviewed_on = models.DateField(_("reviewed by the editor on"), null=True, blank=True)
    library_checksum = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("emergency number")
        verbose_name_plural = _("emergency numbers")

    def __str__(self):
        return f"{self.region}: {self.number}"
