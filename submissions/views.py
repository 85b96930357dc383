"""
The reader's pages: the call for submissions and its form, their own submissions (edit,
withdraw), and the uploaded video, served to its reader and to moderators only.
"""

from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from routines.models import Routine
from somatics.adapter import return_here_after_verification
from somatics.files import serve_private_file

from . import kept_videos
from .flows import (
    TooManySubmissions,
    daily_limit_reached,
    resubmit,
    submit,
    undo_withdraw,
    undo_withdraw_until,
    withdraw,
)
from .forms import StepFormSet, SubmissionForm
from .models import Submission
from .moderation import can_moderate
from .uploads import streamed_upload
from .workflow import IllegalTransition

BECAME_VIDEO = _(
    "You attached a video, so your pattern was sent as a pattern on video. The steps you wrote "
    "go with it."
)


# The words of the video's progress (static/js/upload.js has none of its own).
UPLOAD_STRINGS = {
    "sending": _("Sending… {percent} %, keep this page open."),
    "paused": _("Paused at {percent} %. Press “Resume” to go on from there."),
    "retrying": _("The connection dropped at {percent} %. Trying again…"),
    "stopped": _(
        "The connection dropped at {percent} %. Press “Resume” to go on from there: what has "
        "arrived is kept."
    ),
    "done": _("Your video “{name}” has arrived in full. It goes with the form when you send it."),
    "refused": _("This video could not be taken. Please choose another file."),
    "removed": _("The video is removed."),
    "locked": _("You can send the form once your video has arrived."),
}


@streamed_upload
@return_here_after_verification
@verified_email_required
@require_http_methods(["GET", "POST"])
def submit_view(request):
    """The call for submissions and its form."""
    routine = Routine.objects.published().filter(slug=request.GET.get("routine", "")).first()
    initial = {"in_response_to": routine, "kind": Submission.Kind.WRITTEN}

    def send(form, steps):
        try:
            submission = submit(submitter=request.user, content=form.content(steps=steps))
        except TooManySubmissions as limit:
            messages.error(request, str(limit))
            return None
        return redirect("submissions:sent", pk=submission.pk)

    return _form_page(request, send, initial=initial, template="submissions/submit.html")


@streamed_upload
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """Edit and resubmit, only while the editor has asked for changes."""
    submission = get_object_or_404(Submission.objects.by(request.user), pk=pk)
    if submission.status != Submission.Status.CHANGES_REQUESTED:
        messages.info(request, _("This submission can only be edited when changes are requested."))
        return redirect(submission)

    def send(form, steps):
        try:
            resubmit(submission, by=request.user, content=form.content(steps=steps))
        except IllegalTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your changes are with the editor."))
        return redirect(submission)

    return _form_page(
        request, send, instance=submission, template="submissions/submission_edit.html"
    )


def _form_page(request, send, *, template, instance=None, initial=None):
    """
    The submission form, new or edited. A failed attempt re-renders everything typed, and a
    video that passed its checks is kept (signed token) so it need not be uploaded again.
    """
    token = request.POST.get("kept_video", "") if request.method == "POST" else ""
    kept_name = kept_videos.read(token, request.user)
    if request.method == "POST":
        form = SubmissionForm(
            request.POST,
            request.FILES,
            instance=instance,
            kept_video_name=kept_name,
            credit_name=request.user.display_name,
        )
        steps = StepFormSet(request.POST, prefix="steps", kind=form.data.get("kind", ""))
        if form.is_valid() and steps.is_valid():
            response = send(form, steps.steps())
            if response is not None:
                if form.kind_became_video:
                    messages.info(request, BECAME_VIDEO)
                return response
        kept_name = _keep_valid_video(form) or kept_name
    else:
        form = SubmissionForm(
            instance=instance, initial=initial, credit_name=request.user.display_name
        )
        rows = (
            [{"text": text, "ORDER": i} for i, text in enumerate(instance.steps, 1)]
            if instance
            else None
        )
        steps = StepFormSet(prefix="steps", initial=rows)
    return render(
        request,
        template,
        {
            "form": form,
            "steps": steps,
            "submission": instance,
            "kept_video": kept_videos.sign(kept_name, request.user),
            "kept_video_name": kept_name,
            "in_response_to": _routine_for(form),
            "upload_settings": {
                "endpoint": reverse("submissions:uploads"),
                "chunkSize": settings.RESUMABLE_CHUNK_BYTES,
                "strings": {key: str(text) for key, text in UPLOAD_STRINGS.items()},
            },
            "limit_reached": not instance
            and request.method == "GET"
            and daily_limit_reached(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_view(request, pk):
    """Withdraw asks first (a page of its own, so it works without JavaScript), then does it."""
    submission = get_object_or_404(Submission.objects.by(request.user), pk=pk)
    if request.method == "GET":
        if not submission.can_be_withdrawn:
            return redirect(submission)
        return render(request, "submissions/withdraw_confirm.html", {"submission": submission})
    try:
        withdraw(submission, by=request.user)
    except IllegalTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Your submission is withdrawn. It stays here for your records, and you can "
                "undo this for seven days."
            ),
        )
    return redirect(submission)


@login_required
@require_POST
def undo_withdraw_view(request, pk):
    submission = get_object_or_404(Submission.objects.by(request.user), pk=pk)
    try:
        undo_withdraw(submission, by=request.user)
    except IllegalTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your submission is back where it was before you withdrew it."))
    return redirect(submission)


@login_required
@require_safe
def video(request, pk):
    """The uploaded video of a submission: for its submitter and for moderators only."""
    queryset = Submission.objects.exclude(video="")
    if not can_moderate(request.user):
        queryset = queryset.by(request.user)
    submission = get_object_or_404(queryset.select_related("video_record"), pk=pk)
    record = getattr(submission, "video_record", None)
    if request.GET.get("file") == "poster":
        if record is None or not record.poster:
            raise Http404
        return serve_private_file(request, record.poster)
    # The web copy once processing made it (it plays everywhere); the original until then.
    return serve_private_file(
        request, record.web if record and record.is_ready else submission.video
    )


@login_required
@require_safe
def sent(request, pk):
    submission = get_object_or_404(Submission.objects.by(request.user), pk=pk)
    return render(request, "submissions/sent.html", {"submission": submission})


@login_required
@require_safe
def my_submissions(request):
    submissions = (
        Submission.objects.by(request.user).select_related("routine").prefetch_related("events")
    )
    return render(request, "submissions/submission_list.html", {"submissions": submissions})


@login_required
@require_safe
def detail(request, pk):
    """One of the reader's own submissions. Someone else's is a 404, never a hint it exists."""
    submission = get_object_or_404(
        Submission.objects.by(request.user)
        .select_related("in_response_to", "routine", "video_record")
        .prefetch_related("body_areas", "events"),
        pk=pk,
    )
    return render(
        request,
        "submissions/submission_detail.html",
        {"submission": submission, "undo_withdraw_until": undo_withdraw_until(submission)},
    )


def _keep_valid_video(form) -> str:
    """Keep a video that passed its checks while other fields failed; returns its name."""
    video = getattr(form, "cleaned_data", {}).get("video")
    if not isinstance(video, UploadedFile) or "video" in form.errors:
        return ""  # none, refused, or the edited submission's own file, already stored
    return kept_videos.store(video)


def _routine_for(form):
    """The routine this answers, for the "in response to" note; None when there is none."""
    value = form["in_response_to"].value()
    if not value or isinstance(value, Routine):
        return value or None
    return Routine.objects.published().filter(slug=value).first()
