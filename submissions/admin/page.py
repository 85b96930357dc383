"""
A submission's page in admin: what the reader sent, a preview exactly as readers will see the
routine, the reader's history, internal notes, and the decision form.

Saving the page saves the notes only; a decision posts to its own view and goes through
`submissions.moderation`.
"""

from collections.abc import Callable

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from somatics.admin_actions import explain

from ..models import Submission, Video
from ..moderation import preview_routine
from .decisions import DECISIONS, REFUSALS, DecisionForm, RoutineTextForm


def csp_allow(directives: dict) -> Callable:
    """Replace directives of the site's CSP for one view, enforced and report-only alike."""

    def decorate(view):
        return csp_replace(directives, REPORT_ONLY=True)(csp_replace(directives)(view))

    return decorate


class PreviewVideo:
    """
    Stands in for `routine.video` (or `routine.poster`) in the preview: the reader's upload, or
    the frame processing took from it, served with checks.
    """

    def __init__(self, url: str):
        self.url = url

    def __bool__(self):
        return True


class SubmissionPage:
    """The change page part of `SubmissionAdmin`: fields, preview, history and decisions."""

    fieldsets = [
        (_("What the reader sent"), {"fields": [
            "title", "submitter", "kind", "language", "in_response_to", "addresses", "position",
            "minutes", "body_areas", "step_list", "cautions", "uploaded_video", "video_processing",
            "video_url", "transcript",
        ]}),
        (_("Licence and consent"), {"fields": [
            "licence", "confirmed_own_work", "confirmed_consent", "accepted_editing",
        ]}),
        (_("Status"), {"fields": ["status", "routine", "created_at", "updated_at"]}),
        (_("Internal"), {"fields": ["moderator_notes"]}),
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        fields = [name for _title, options in self.fieldsets for name in options["fields"]]
        return [name for name in fields if name != "moderator_notes"]

    def save_model(self, request, obj, form, change):
        """Only the notes are editable; saving them never writes the status (the workflow's)."""
        obj.save(update_fields=["moderator_notes", "updated_at"])

    @admin.display(description=_("steps"))
    def step_list(self, obj):
        if not obj.steps:
            return self.get_empty_value_display()
        return format_html(
            "<ol>{}</ol>", format_html_join("", "<li>{}</li>", ([s] for s in obj.steps))
        )

    @admin.display(description=_("video file"))
    def uploaded_video(self, obj):
        if not obj.video:
            return self.get_empty_value_display()
        url = reverse("submissions:video", args=[obj.pk])
        poster = _poster_url(obj)
        return format_html(
            '<video class="moderation-video" controls preload="metadata" src="{}"{}></video>'
            '<br><a href="{}">{}</a>',
            url,
            format_html(' poster="{}"', poster) if poster else "",
            url,
            gettext("Open the video"),
        )

    @admin.display(description=_("video processing"))
    def video_processing(self, obj):
        record = Video.objects.filter(submission=obj).first()
        if record is None:
            return "—"
        web = record.details.get("web", {})
        if record.status == Video.Status.FAILED:
            return gettext("%(status)s: %(error)s") % {
                "status": record.get_status_display(),
                "error": record.error,
            }
        if record.is_ready and web:
            if web.get("reencoded"):
                summary = gettext("%(status)s: %(width)s×%(height)s, %(seconds)s s, re-encoded.")
            else:
                summary = gettext(
                    "%(status)s: %(width)s×%(height)s, %(seconds)s s, copied as it was."
                )
            return summary % {
                "status": record.get_status_display(),
                "width": web.get("width"),
                "height": web.get("height"),
                "seconds": round(web.get("duration") or 0, 1),
            }
        return record.get_status_display()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="submissions_submission_decide",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="submissions_submission_preview",
            ),
            *super().get_urls(),
        ]

    @method_decorator(csp_allow({"frame-src": [SELF]}))  # the preview is an iframe of ours
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._moderation_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _moderation_context(self, request, obj) -> dict:
        events = list(obj.events.select_related("actor"))
        moderator = self.has_moderate_permission(request)
        decisions = [
            (key, decision.label)
            for key, decision in DECISIONS.items()
            if moderator and obj.can_move_to(decision.to)
        ]
        initial = {**RoutineTextForm.initial_for(obj), "seen": events[-1].pk if events else None}
        return {
            "preview_url": reverse("admin:submissions_submission_preview", args=[obj.pk]),
            "decide_url": reverse("admin:submissions_submission_decide", args=[obj.pk]),
            "can_moderate": moderator,
            "decisions": decisions,
            "decision_form": DecisionForm(initial=initial) if decisions else None,
            "events": events,
            "history": Submission.objects.by(obj.submitter)
            .exclude(pk=obj.pk)
            .select_related("routine")
            .order_by("-created_at"),
        }

    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_allow({"frame-ancestors": [SELF]}))
    def preview_view(self, request, object_id):
        """The routine as readers will see it, on its own page for the change page's iframe."""
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            raise Http404
        if not self.has_view_permission(request, submission):
            raise PermissionDenied
        text, form = None, None
        if request.method == "POST":  # "Preview my edits" posts the decision form here
            form = RoutineTextForm(request.POST)
            text = form.routine_text() if form.is_valid() else None
        routine, steps = preview_routine(submission, text)
        if submission.video:
            routine.video = PreviewVideo(reverse("submissions:video", args=[submission.pk]))
            poster = _poster_url(submission)
            if poster:  # not a black first frame while the editor decides whether to play it
                routine.poster = PreviewVideo(poster)
        context = {
            "routine": routine,
            "steps": steps,
            "areas": submission.body_areas.all(),
            "questions": [],
            "contraindications": [],
            "glossary": None,  # the reader's words as they are: the page links terms itself
            "variations": [],
            "parent": None,
            "preview": True,
            "edited": text is not None,
            "form": form,
        }
        return TemplateResponse(request, "submissions/preview.html", context)

    @method_decorator(require_POST)
    def decide_view(self, request, object_id):
        """Publish, request changes or reject, then back to the submission's page."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            raise Http404
        form = DecisionForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    if label:
                        error = gettext("%(field)s: %(error)s") % {"field": label, "error": error}
                    self.message_user(request, error, messages.ERROR)
        elif self._decide(request, submission, form):
            return redirect(self._next_after(request, submission))
        return redirect("admin:submissions_submission_change", submission.pk)

    def _decide(self, request, submission, form: DecisionForm) -> bool:
        """Take the decision and say so; False (and why) when it was refused."""
        decision = DECISIONS[form.cleaned_data["decision"]]
        try:
            report = decision.take(submission, moderator=request.user, form=form)
        except REFUSALS as error:
            self.message_user(request, explain(error), messages.ERROR)
            return False
        self.message_user(request, report, messages.SUCCESS)
        return True

    def _next_after(self, request, decided: Submission) -> str:
        """
        Where the editor goes once a decision is made: the next submission waiting (oldest
        first, as the queue lists them), with a link back to the one just decided; the queue
        when nothing else waits.
        """
        following = (
            Submission.objects.waiting().exclude(pk=decided.pk).order_by("created_at").first()
        )
        back = format_html(
            gettext('<a href="{url}">Back to “{title}”</a>, the submission you just decided.'),
            url=reverse("admin:submissions_submission_change", args=[decided.pk]),
            title=decided.title,
        )
        if following is None:
            self.message_user(
                request,
                format_html("{} {}", gettext("Nothing else is waiting for review."), back),
                messages.INFO,
            )
            return reverse("admin:submissions_submission_changelist")
        self.message_user(
            request,
            format_html("{} {}", gettext("This is the next submission waiting."), back),
            messages.INFO,
        )
        return reverse("admin:submissions_submission_change", args=[following.pk])


def _poster_url(submission: Submission) -> str:
    """The poster frame processing took from the upload; empty until it has one."""
    record = Video.objects.filter(submission=submission).only("poster").first()
    if record is None or not record.poster:
        return ""
    return reverse("submissions:video", args=[submission.pk]) + "?file=poster"
