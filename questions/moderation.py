"""
Everything that happens to a reader's question and its answers, as plain functions.

A reader asks (`ask`), and deletes what they wrote (`delete_own`, `delete_own_answer`); anyone
signed in reports what should not be there (`report`, `report_answer`), which puts it back in
the moderators' queue; a moderator approves, rejects or takes down (`approve`, `reject`,
`take_down`, and the same for answers) and promotes a good question and its answer into the
routine's FAQ (`promote_to_faq`); a moderator or a teacher answers (`answer`).

Each decision is atomic, locks the row, checks the move is allowed from the status the row has
*now* (`NEXT`), and writes one `QuestionEvent`. What readers see under a routine changes only
here, and each change refreshes that routine's cached pages (`routine_changed`), not the
library's. The admin, the site's views and the tests all call these functions.
"""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from routines.caching import routine_changed
from routines.models import AnsweredBy, Routine
from routines.models import Question as FrequentQuestion
from routines.search import index_routine

from . import notifications
from .models import TEXT_MAX_LENGTH, Answer, QuestionEvent, ReaderQuestion, Role, Status

PERMISSION = "questions.moderate_readerquestion"
TEACHERS_GROUP = "Teachers"
Action = QuestionEvent.Action

# Where a question or an answer may go from each status.
NEXT: dict[str, set[str]] = {
    Status.WAITING: {Status.PUBLISHED, Status.REJECTED, Status.TAKEN_DOWN},
    Status.PUBLISHED: {Status.TAKEN_DOWN, Status.WAITING},
    Status.REJECTED: {Status.PUBLISHED},
    Status.TAKEN_DOWN: {Status.PUBLISHED},
}
# A web address, written out or not ("www.", "example.com/…"): such a question always waits.
WEB_ADDRESS = re.compile(
    r"(https?://|www\.|\b[a-z0-9-]+\.(com|org|net|info|io|co|fr|es|de|uk|ly|me|shop|xyz)\b)",
    re.IGNORECASE,
)


class IllegalTransition(Exception):  # noqa: N818 (named like submissions' own)
    """The question or answer is not in a status that allows this (someone decided first)."""


def can_moderate(user) -> bool:
    """An active staff member with the permission to moderate questions."""
    return bool(user and user.is_active and user.is_staff and user.has_perm(PERMISSION))


def can_answer(user) -> bool:
    """Moderators, and readers in the "Teachers" group (who need no admin access)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return can_moderate(user) or user.groups.filter(name=TEACHERS_GROUP).exists()


def role_of(user) -> str:
    """How an answer is credited: "Editor" for a moderator, "Teacher" for a teacher."""
    return Role.EDITOR if can_moderate(user) else Role.TEACHER


def is_trusted(user) -> bool:
    """A reader whose questions are published at once: enough of theirs already were."""
    published = ReaderQuestion.objects.filter(author=user, status=Status.PUBLISHED).count()
    return published >= settings.QUESTIONS_TRUSTED_AFTER


def has_web_address(text: str) -> bool:
    return bool(WEB_ADDRESS.search(text))


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _clean_text(text: str, limit: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Please write something first."))
    if len(text) > limit:
        raise ValidationError(_("Please keep it under %(limit)d characters.") % {"limit": limit})
    return text


def _lock_question(question: ReaderQuestion) -> ReaderQuestion:
    return ReaderQuestion.objects.select_for_update().get(pk=question.pk)


def _lock_answer(answer: Answer) -> Answer:
    return Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)


def _move(item, to: str, *, actor, action: str, message: str = "") -> QuestionEvent:
    """Move a locked question or answer to `to`, write its history row, refresh its routine."""
    if to not in NEXT[item.status]:
        raise IllegalTransition(
            _("This was already decided: it is now “%(status)s”.")
            % {"status": item.get_status_display()}
        )
    question = item if isinstance(item, ReaderQuestion) else item.question
    was_shown = item.status == Status.PUBLISHED
    event = QuestionEvent.objects.create(
        question=question,
        answer=item if isinstance(item, Answer) else None,
        actor=actor,
        action=action,
        from_status=item.status,
        to_status=to,
        message=message,
    )
    item.status = to
    fields = ["status"]
    if isinstance(item, ReaderQuestion) and to == Status.PUBLISHED and not item.published_at:
        item.published_at = timezone.now()
        fields.append("published_at")
    if action == Action.REPORTED or to == Status.PUBLISHED:
        item.reported = action == Action.REPORTED  # a moderator's approval settles a report
        fields.append("reported")
    item.save(update_fields=fields)
    if was_shown or to == Status.PUBLISHED:
        routine_changed(question.routine_id)
    return event


@transaction.atomic
def ask(*, routine: Routine, author, text: str, language: str) -> ReaderQuestion:
    """
    A signed-in reader's question: published at once when they are trusted and it holds no
    web address, else waiting for a moderator. The reader's row is locked while counting, so
    two questions sent at once are judged one after the other.
    """
    _require(
        author is not None and author.is_authenticated and author.is_active,
        _("Please sign in to ask a question."),
    )
    _require(routine.is_published, _("Questions can only be asked under published routines."))
    text = _clean_text(text, TEXT_MAX_LENGTH)
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    publish = is_trusted(author) and not has_web_address(text)
    question = ReaderQuestion.objects.create(
        routine=routine,
        author=author,
        text=text,
        language=language,
        status=Status.PUBLISHED if publish else Status.WAITING,
        published_at=timezone.now() if publish else None,
    )
    QuestionEvent.objects.create(
        question=question, actor=author, action=Action.ASKED, to_status=question.status
    )
    if publish:
        routine_changed(routine.pk)
    return question


@transaction.atomic
def approve(question: ReaderQuestion, *, moderator) -> ReaderQuestion:
    """Publish a waiting (or reported, or earlier refused) question under its routine."""
    _require(can_moderate(moderator), _("Only moderators can decide on questions."))
    current = _lock_question(question)
    _move(current, Status.PUBLISHED, actor=moderator, action=Action.APPROVED)
    return current


@transaction.atomic
def reject(question: ReaderQuestion, *, moderator, reason: str) -> ReaderQuestion:
    """Not published, with the reason kept in its history for the other moderators."""
    _require(can_moderate(moderator), _("Only moderators can decide on questions."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please write the reason."))
    current = _lock_question(question)
    _move(current, Status.REJECTED, actor=moderator, action=Action.REJECTED, message=reason)
    return current


@transaction.atomic
def take_down(question: ReaderQuestion, *, moderator, reason: str = "") -> ReaderQuestion:
    """Remove a question from the site, whatever its status; it is kept for the record."""
    _require(can_moderate(moderator), _("Only moderators can decide on questions."))
    current = _lock_question(question)
    _move(current, Status.TAKEN_DOWN, actor=moderator, action=Action.TAKEN_DOWN, message=reason)
    return current


@transaction.atomic
def report(question: ReaderQuestion, *, by, reason: str = "") -> ReaderQuestion:
    """
    A signed-in reader says a question should not be there: a published one goes back to the
    queue (hidden until a moderator looks again); one already waiting is marked reported.
    """
    _require(by is not None and by.is_authenticated, _("Please sign in to report."))
    current = _lock_question(question)
    if current.status == Status.PUBLISHED:
        _move(current, Status.WAITING, actor=by, action=Action.REPORTED, message=reason.strip())
    elif current.status == Status.WAITING and not current.reported:
        QuestionEvent.objects.create(
            question=current, actor=by, action=Action.REPORTED,
            from_status=current.status, to_status=current.status, message=reason.strip(),
        )  # fmt: skip
        current.reported = True
        current.save(update_fields=["reported"])
    return current


@transaction.atomic
def answer(question: ReaderQuestion, *, author, text: str, language: str) -> Answer:
    """
    A moderator's or teacher's answer, published at once under a published question, credited
    with their role; the asker is emailed (in their language) once the answer is saved.
    """
    _require(can_answer(author), _("Only teachers and moderators can answer questions."))
    text = _clean_text(text, TEXT_MAX_LENGTH * 3)
    current = _lock_question(question)
    if current.status != Status.PUBLISHED:
        raise IllegalTransition(_("Only published questions can be answered."))
    reply = Answer.objects.create(
        question=current, author=author, role=role_of(author), text=text, language=language
    )
    QuestionEvent.objects.create(
        question=current, answer=reply, actor=author, action=Action.ANSWERED,
        from_status=current.status, to_status=current.status,
    )  # fmt: skip
    current.answered_at = reply.created_at
    current.save(update_fields=["answered_at"])
    routine_changed(current.routine_id)
    if current.author_id != author.pk:
        notifications.answered(reply)
    return reply


@transaction.atomic
def approve_answer(answer: Answer, *, moderator) -> Answer:
    """Show a reported or taken-down answer again."""
    _require(can_moderate(moderator), _("Only moderators can decide on answers."))
    current = _lock_answer(answer)
    _move(current, Status.PUBLISHED, actor=moderator, action=Action.APPROVED)
    return current


@transaction.atomic
def take_down_answer(answer: Answer, *, moderator, reason: str = "") -> Answer:
    """Remove an answer from the site; it is kept for the record."""
    _require(can_moderate(moderator), _("Only moderators can decide on answers."))
    current = _lock_answer(answer)
    _move(current, Status.TAKEN_DOWN, actor=moderator, action=Action.TAKEN_DOWN, message=reason)
    return current


@transaction.atomic
def report_answer(answer: Answer, *, by, reason: str = "") -> Answer:
    """Like `report`: a published answer goes back to the queue until a moderator looks."""
    _require(by is not None and by.is_authenticated, _("Please sign in to report."))
    current = _lock_answer(answer)
    if current.status == Status.PUBLISHED:
        _move(current, Status.WAITING, actor=by, action=Action.REPORTED, message=reason.strip())
    return current


@transaction.atomic
def delete_own(question: ReaderQuestion, *, by) -> None:
    """The reader who asked deletes their question, its answers and its history, for good."""
    current = _lock_question(question)
    _require(current.author_id == getattr(by, "pk", None), _("This is not your question."))
    shown = current.status == Status.PUBLISHED
    routine_id = current.routine_id
    current.delete()
    if shown:
        routine_changed(routine_id)


@transaction.atomic
def delete_own_answer(answer: Answer, *, by) -> None:
    """The teacher who answered deletes their answer, for good."""
    current = _lock_answer(answer)
    _require(current.author_id == getattr(by, "pk", None), _("This is not your answer."))
    shown = current.status == Status.PUBLISHED
    routine_id = current.question.routine_id
    current.delete()
    if shown:
        routine_changed(routine_id)


@transaction.atomic
def promote_to_faq(question: ReaderQuestion, *, moderator) -> FrequentQuestion:
    """
    Make a published question and its first published answer one of the routine's
    frequently asked questions, in the question's language, credited to whoever answered
    ("a reader's question, answered by a teacher") and linking back to where it was asked.
    """
    _require(can_moderate(moderator), _("Only moderators can decide on questions."))
    current = _lock_question(question)
    reply = current.answers.published().select_related("author").first()
    if current.status != Status.PUBLISHED or reply is None:
        raise ValidationError(_("Only a published question with a published answer can be added."))
    routine = current.routine
    order = (routine.questions.aggregate(last=Max("order"))["last"] or 0) + 1
    with translation.override(current.language):
        credit = _("%(name)s (%(role)s)") % {
            "name": reply.author.display_name or _("a reader"),
            "role": reply.get_role_display(),
        }
        faq = FrequentQuestion(
            routine=routine,
            order=order,
            answered_by=AnsweredBy.READER_AND_TEACHER,
            credit_name=credit,
            source_url=current.get_absolute_url(),
        )
        # The question's own language's columns (question_fr…), whatever the editor's admin is in.
        faq.question, faq.answer = current.text[:300], reply.text
        setattr(faq, f"question_{current.language}", current.text[:300])
        setattr(faq, f"answer_{current.language}", reply.text)
        faq.save()
    QuestionEvent.objects.create(
        question=current, answer=reply, actor=moderator, action=Action.PROMOTED,
        from_status=current.status, to_status=current.status,
    )  # fmt: skip
    index_routine(routine)  # the FAQ is searched, and shown on the routine's cached pages
    return faq
