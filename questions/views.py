"""
The readers' side of questions: ask under a routine (with the red-flag note before posting),
a question's own page (answer, report, delete), the asker's unsubscribe link, and the page
"When to stop and see a professional". Each view parses, calls `moderation`, and responds.
"""

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from routines.caching import public_page
from routines.models import Routine

from . import moderation, red_flags
from .forms import AnswerForm, QuestionForm
from .models import Answer, AnswerEmailOptOut, ReaderQuestion, Status, Urgency
from .tasks import reader_of_token


def within_rate(request, action: str = "ask") -> bool:
    """
    Counts this question (or report) against the reader's limit: allauth's rate limits, in the
    shared cache, so every app server counts together.
    """
    rates = {"ask": settings.QUESTIONS_RATE, "report": settings.QUESTIONS_REPORT_RATE}
    usage = ratelimit.consume(
        request, app="questions", action=action, config=rates, user=request.user
    )
    return usage is not None


def note_context(signs) -> dict:
    language = get_language()
    return {
        "signs": signs,
        "emergency": any(s.urgency == Urgency.EMERGENCY for s in signs),
        "numbers": red_flags.numbers_for(language)[:4] if signs else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def ask(request, slug):
    """
    Post a question under a routine. One that mentions a red-flag sign is shown back with a
    calm note first, and is posted when the reader presses "Post my question anyway".
    """
    routine = get_object_or_404(Routine.objects.published(), slug=slug)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    signs, status = [], 200
    if form.is_bound and form.is_valid():
        if form.is_spam():  # a robot: thanked, and nothing is kept
            messages.success(request, _("Thank you: your question was sent."))
            return redirect(routine)
        text = form.cleaned_data["text"]
        signs = red_flags.signs_in(text)
        if not signs or "post_anyway" in request.POST:
            if not within_rate(request):
                form.add_error(
                    None,
                    _("You have asked several questions in a short while. Please wait a "
                      "little, then try again."),
                )  # fmt: skip
                status = 429
            else:
                try:
                    question = moderation.ask(
                        routine=routine, author=request.user, text=text, language=get_language()
                    )
                except ValidationError as error:
                    form.add_error("text", error)
                else:
                    if question.is_published:
                        messages.success(request, _("Thank you: your question is published."))
                    else:
                        messages.success(
                            request,
                            _("Thank you: your question will appear once a moderator has "
                              "read it. A teacher will answer it here."),
                        )  # fmt: skip
                    return redirect(question)
    context = {"routine": routine, "form": form, **note_context(signs)}
    return render(request, "questions/ask.html", context, status=status)


@login_required
@require_POST
def check(request):
    """The red-flag note for what the reader has typed so far (the form's script asks)."""
    signs = red_flags.signs_in(request.POST.get("text", "")[:5000])
    html = render_to_string("questions/includes/red_flag_note.html", note_context(signs))
    return JsonResponse(
        {
            "signs": [s.slug for s in signs],
            "html": html if signs else "",
            "button": _("Post my question anyway"),
            "button_plain": _("Post my question"),
        }
    )


def _visible_question(request, pk) -> ReaderQuestion:
    question = get_object_or_404(ReaderQuestion.objects.select_related("routine", "author"), pk=pk)
    user = request.user
    if question.is_published or question.author_id == user.pk or moderation.can_moderate(user):
        return question
    raise Http404


@require_http_methods(["GET", "POST"])
def detail(request, pk):
    """A question's own page: its answers, and what this reader may do with it."""
    question = _visible_question(request, pk)
    may_answer = question.is_published and moderation.can_answer(request.user)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            if form.is_spam():
                return redirect(question)
            try:
                reply = moderation.answer(
                    question,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    language=get_language(),
                )
            except (ValidationError, moderation.IllegalTransition) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(request, _("Your answer is published."))
                return redirect(f"{question.get_absolute_url()}#answer-{reply.pk}")
    answers = question.answers.select_related("author")
    if not moderation.can_moderate(request.user):
        answers = [a for a in answers if a.status == Status.PUBLISHED or a.author == request.user]
    context = {
        "question": question,
        "routine": question.routine,
        "answers": answers,
        "form": form if may_answer else None,
        "own": request.user.is_authenticated and question.author_id == request.user.pk,
    }
    return render(request, "questions/question_detail.html", context)


@login_required
@require_safe
def mine(request):
    """
    The reader's own questions, whatever their status, to follow or delete them; for a teacher
    or moderator, the published questions still waiting for an answer too.
    """
    own = ReaderQuestion.objects.filter(author=request.user).select_related("routine")
    waiting = None
    if moderation.can_answer(request.user):
        waiting = (
            ReaderQuestion.objects.published()
            .filter(answered_at__isnull=True)
            .select_related("routine")
            .order_by("published_at")[:50]
        )
    return render(request, "questions/mine.html", {"own": own, "waiting": waiting})


@login_required
@require_POST
def delete(request, pk):
    question = get_object_or_404(ReaderQuestion, pk=pk, author=request.user)
    routine = question.routine
    moderation.delete_own(question, by=request.user)
    messages.success(request, _("Your question is deleted."))
    return redirect(routine)


@login_required
@require_POST
def delete_answer(request, pk):
    reply = get_object_or_404(Answer.objects.select_related("question"), pk=pk, author=request.user)
    question = reply.question
    moderation.delete_own_answer(reply, by=request.user)
    messages.success(request, _("Your answer is deleted."))
    return redirect(question)


@login_required
@require_POST
def report(request, pk):
    question = _visible_question(request, pk)
    if within_rate(request, "report"):  # one reader cannot empty the page by reporting
        moderation.report(question, by=request.user, reason=request.POST.get("reason", "")[:500])
    messages.success(request, _("Thank you: a moderator will look at it."))
    return redirect(question.routine)


@login_required
@require_POST
def report_answer(request, pk):
    reply = get_object_or_404(Answer.objects.select_related("question"), pk=pk)
    if within_rate(request, "report"):
        moderation.report_answer(
            reply, by=request.user, reason=request.POST.get("reason", "")[:500]
        )
    messages.success(request, _("Thank you: a moderator will look at it."))
    return redirect(reply.question)


@csrf_exempt  # the signed token is the authority; mail programs post the one-click form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop emails about answers: a confirmation button, or a mail program's one-click POST."""
    reader = reader_of_token(token)
    if reader is None:
        raise Http404
    done = request.method == "POST"
    if done:
        AnswerEmailOptOut.objects.get_or_create(user=reader)
    return render(request, "questions/unsubscribe.html", {"done": done})


@public_page
@require_safe
def professional(request):
    """When to stop and see a professional: the red-flag signs, by urgency, and whom to call."""
    signs = list(red_flags.RedFlag.objects.all())
    sources = list(dict.fromkeys(s.source for s in signs if s.source))
    context = {
        "emergency_signs": [s for s in signs if s.urgency == Urgency.EMERGENCY],
        "doctor_signs": [s for s in signs if s.urgency == Urgency.DOCTOR_TODAY],
        "numbers": red_flags.numbers_for(get_language()),
        "sources": sources,
    }
    return render(request, "questions/professional.html", context)
