"""The reader's pages: the call for submissions and its form, and their own submissions."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from routines.models import Routine

from .flows import TooManySubmissions, daily_limit_reached, submit
from .forms import StepFormSet, SubmissionForm
from .models import Submission, video_upload_path
from .uploads import streamed_upload

# The words of the step editor (static/js/steps.js), translated here, handed over as JSON.
STEP_STRINGS = {
    "add": _("Add a step"),
    "up": _("Move up"),
    "down": _("Move down"),
    "remove": _("Remove"),
    "removed": _("Step removed."),
    "moved": _("Step moved."),
    "step": _("Step {n}"),
}
KEPT_VIDEO_SALT = "submissions.kept-video"
KEPT_VIDEO_MAX_AGE = 24 * 60 * 60


@streamed_upload
@verified_email_required
@require_http_methods(["GET", "POST"])
def submit_view(request):
    """The form. A failed attempt re-renders everything typed, and keeps a valid video."""
    kept_name = _read_kept_video(request)
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, kept_video_name=kept_name)
        steps = StepFormSet(request.POST, prefix="steps", kind=request.POST.get("kind", ""))
        if form.is_valid() and steps.is_valid():
            try:
                submission = submit(
                    submitter=request.user,
                    form=form,
                    steps=steps.steps(),
                    kept_video_name=kept_name if not form.cleaned_data.get("video") else "",
                )
            except TooManySubmissions as limit:
                messages.error(request, str(limit))
            else:
                return redirect("submissions:sent", pk=submission.pk)
        kept_name = _keep_valid_video(form) or kept_name
    else:
        routine = Routine.objects.published().filter(slug=request.GET.get("routine", "")).first()
        form = SubmissionForm(initial={"in_response_to": routine, "kind": "written"})
        steps = StepFormSet(prefix="steps")
    return render(
        request,
        "submissions/submit.html",
        {
            "form": form,
            "steps": steps,
            "kept_video": _sign_kept_video(request, kept_name),
            "kept_video_name": kept_name,
            "in_response_to": _routine_for(form),
            "limit_reached": request.method == "GET" and daily_limit_reached(request.user),
            "step_strings": STEP_STRINGS,
        },
    )


@login_required
@require_safe
def sent(request, pk):
    submission = get_object_or_404(Submission.objects.by(request.user), pk=pk)
    return render(request, "submissions/sent.html", {"submission": submission})


@login_required
@require_safe
def my_submissions(request):
    submissions = Submission.objects.by(request.user).select_related("in_response_to")
    return render(request, "submissions/submission_list.html", {"submissions": submissions})


@login_required
@require_safe
def detail(request, pk):
    """One of the reader's own submissions. Someone else's is a 404, never a hint it exists."""
    submission = get_object_or_404(
        Submission.objects.by(request.user)
        .select_related("in_response_to")
        .prefetch_related("body_areas", "events"),
        pk=pk,
    )
    return render(request, "submissions/submission_detail.html", {"submission": submission})


# Keeping a valid video across a failed attempt --------------------------------------------


def _keep_valid_video(form) -> str:
    """Store a video that passed its checks while other fields failed; returns its name."""
    video = getattr(form, "cleaned_data", {}).get("video")
    if not video or "video" in form.errors:
        return ""
    storage = Submission._meta.get_field("video").storage
    return storage.save(video_upload_path(None, video.name), video)


def _sign_kept_video(request, name: str) -> str:
    return (
        signing.dumps({"name": name, "user": request.user.pk}, salt=KEPT_VIDEO_SALT) if name else ""
    )


def _read_kept_video(request) -> str:
    token = request.POST.get("kept_video", "") if request.method == "POST" else ""
    if not token:
        return ""
    try:
        data = signing.loads(token, salt=KEPT_VIDEO_SALT, max_age=KEPT_VIDEO_MAX_AGE)
    except signing.BadSignature:
        return ""
    storage = Submission._meta.get_field("video").storage
    if data.get("user") != request.user.pk or not storage.exists(data.get("name", "")):
        return ""
    return data["name"]


def _routine_for(form):
    """The routine this answers, for the "in response to" note; None when there is none."""
    value = form["in_response_to"].value()
    if not value or isinstance(value, Routine):
        return value or None
    return Routine.objects.published().filter(slug=value).first()
