"""
Moderation in Django admin: the editor's queue of submissions, a preview exactly as readers will
see the routine, the reader's history, internal notes, and the three decisions.

Every decision calls `submissions.moderation`; this module only parses the request, calls, and
reports with `message_user`. The status is never edited here: saving the page saves the notes.
"""

import json
from collections.abc import Callable

from csp.constants import SELF
from csp.decorators import csp_replace
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from routines.views import PRACTICE_STRINGS

from .forms import STEP_MAX_LENGTH
from .models import Submission, Video
from .moderation import RoutineText, approve, can_moderate, preview_routine, reject, request_changes
from .processing import video_uploaded
from .workflow import IllegalTransition, can_move

Status = Submission.Status
PUBLISH, REQUEST_CHANGES, REJECT = "publish", "request_changes", "reject"
DECISIONS = {
    PUBLISH: (_("Publish"), Status.PUBLISHED),
    REQUEST_CHANGES: (_("Request changes"), Status.CHANGES_REQUESTED),
    REJECT: (_("Reject"), Status.NOT_ACCEPTED),
}


def csp_allow(directives: dict) -> Callable:
    """Replace directives of the site's CSP for one view, enforced and report-only alike."""

    def decorate(view):
        return csp_replace(directives, REPORT_ONLY=True)(csp_replace(directives)(view))

    return decorate


class PreviewVideo:
    """Stands in for `routine.video` in the preview: the reader's upload, served with checks."""

    def __init__(self, url: str):
        self.url = url

    def __bool__(self):
        return True


class RoutineTextForm(forms.Form):
    """The text to publish, prefilled with the reader's; editing it never changes what they sent."""

    step_max_length = STEP_MAX_LENGTH  # for the step boxes the template draws
    title = forms.CharField(label=_("Title"), max_length=120)
    summary = forms.CharField(
        label=_("One-line summary"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )
    purpose = forms.CharField(label=_("What it is for"), widget=forms.Textarea(attrs={"rows": 4}))
    cautions = forms.CharField(
        label=_("Cautions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One caution per line; shown under “Before you start”."),
    )
    steps = forms.Field(
        label=_("Steps"),
        required=False,
        widget=forms.MultipleHiddenInput,  # parses a list; the template draws one box per step
        help_text=_("One box per step. Empty a box to drop a step; fill the last one to add one."),
    )

    def clean_steps(self) -> list[str]:
        steps = [step.strip() for step in self.cleaned_data["steps"] or []]
        steps = [step for step in steps if step]
        if any(len(step) > STEP_MAX_LENGTH for step in steps):
            raise ValidationError(
                _("A step can be at most %(n)d characters long.") % {"n": STEP_MAX_LENGTH}
            )
        return steps

    def text_fields(self) -> list:
        return [self[name] for name in ("title", "summary", "purpose", "cautions")]

    def step_boxes(self) -> list[str]:
        """What the step boxes show: the steps, then an empty one to add a step."""
        return [*(self["steps"].value() or []), ""]

    def routine_text(self) -> RoutineText:
        return RoutineText(
            **{name: self.cleaned_data[name] for name in RoutineTextForm.base_fields}
        )

    @classmethod
    def initial_for(cls, submission: Submission) -> dict:
        return vars(RoutineText.from_submission(submission))


class DecisionForm(RoutineTextForm):
    """A decision with its message to the reader; the text counts only when publishing."""

    decision = forms.ChoiceField(choices=[(key, label) for key, (label, _to) in DECISIONS.items()])
    message = forms.CharField(
        label=_("Message to the reader"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to request changes or to reject; optional when publishing."),
    )
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get("decision") != PUBLISH:
            for name in RoutineTextForm.base_fields:
                self.fields[name].required = False


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to each reader"), widget=forms.Textarea(attrs={"rows": 5})
    )


class StatusFilter(admin.SimpleListFilter):
    """By status, opening on the queue (waiting for review); "All" stays one click away."""

    title = _("status")
    parameter_name = "status"
    default = Status.WAITING
    everything = "all"

    def lookups(self, request, model_admin):
        return Status.choices

    def value(self):
        return super().value() or self.default

    def queryset(self, request, queryset):
        if self.value() == self.everything:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for value, label in [(self.everything, _("All")), *self.lookup_choices]:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "reader", "kind", "status", "age"]
    list_filter = [StatusFilter, "kind", "created_at"]
    search_fields = [
        "title", "addresses", "steps", "cautions", "transcript",
        "submitter__email", "submitter__display_name",
    ]  # fmt: skip
    list_select_related = ["submitter"]
    ordering = ["created_at"]
    actions = ["publish_selected", "reject_selected", "process_video_again"]
    fieldsets = [
        (_("What the reader sent"), {"fields": [
            "title", "submitter", "kind", "in_response_to", "addresses", "position", "minutes",
            "body_areas", "step_list", "cautions", "uploaded_video", "video_processing",
            "video_url", "transcript",
        ]}),
        (_("Licence and consent"), {"fields": [
            "licence", "confirmed_own_work", "confirmed_consent", "accepted_editing",
        ]}),
        (_("Status"), {"fields": ["status", "routine", "created_at", "updated_at"]}),
        (_("Internal"), {"fields": ["moderator_notes"]}),
    ]  # fmt: skip

    # The queue --------------------------------------------------------------------------------

    @admin.display(description=_("reader"), ordering="submitter__email")
    def reader(self, obj):
        return obj.submitter.display_name or obj.submitter.email

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at, depth=1)

    def changelist_view(self, request, extra_context=None):
        """The list, with how many submissions each status holds (one query) as links above it."""
        counts = dict(Submission.objects.order_by().values_list("status").annotate(Count("pk")))
        current = request.GET.get(StatusFilter.parameter_name, StatusFilter.default)
        by_status = [
            {
                "value": value,
                "label": label,
                "count": counts.get(value, 0),
                "current": value == current,
            }
            for value, label in Status.choices
        ]
        label = dict(Status.choices).get(current)
        context = {
            "status_counts": by_status,
            "all_count": sum(counts.values()),
            "all_current": current == StatusFilter.everything,
            "title": gettext("Submissions: %(status)s") % {"status": label.lower()}
            if label
            else gettext("All submissions"),
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # SQLite keeps the steps' JSON with non-ASCII letters escaped ("pli\u00e9s"): look for that.
        term = search_term.strip()
        escaped = json.dumps(term)[1:-1]
        if term and escaped != term and connections[queryset.db].vendor == "sqlite":
            results |= queryset.filter(steps__icontains=escaped)
        return results, may_have_duplicates

    # Permissions: readers come in through the site, never here; decisions need the permission.

    def view_on_site(self, obj):
        """The reader's own page is theirs alone; once published, the routine is what to see."""
        return obj.routine.get_absolute_url() if obj.routine_id else None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # nothing a reader sends is lost: reject it instead

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = [name for _title, options in self.fieldsets for name in options["fields"]]
        return [name for name in fields if name != "moderator_notes"]

    def save_model(self, request, obj, form, change):
        """Only the notes are editable; saving them never writes the status (the workflow's)."""
        obj.save(update_fields=["moderator_notes", "updated_at"])

    # The submission's page ----------------------------------------------------------------

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
        return format_html(
            '<video class="moderation-video" controls preload="metadata" src="{}"></video>'
            '<br><a href="{}">{}</a>',
            url,
            url,
            gettext("Open the video"),
        )

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
            (key, label)
            for key, (label, to) in DECISIONS.items()
            if moderator and can_move(obj, to)
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
        context = {
            "routine": routine,
            "steps": steps,
            "areas": submission.body_areas.all(),
            "questions": [],
            "variations": [],
            "parent": None,
            "preview": True,
            "edited": text is not None,
            "form": form,
            "practice_strings": PRACTICE_STRINGS,
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
                    self.message_user(
                        request, f"{label}: {error}" if label else error, messages.ERROR
                    )
        elif self._changed_since_seen(submission, form):
            self.message_user(
                request,
                gettext(
                    "The reader sent a new version since you opened this page. Please look again."
                ),
                messages.ERROR,
            )
        else:
            self._decide(request, submission, form)
        return redirect("admin:submissions_submission_change", submission.pk)

    def _changed_since_seen(self, submission, form) -> bool:
        """Publishing text from a stale page would publish an old version: refuse it."""
        seen = form.cleaned_data["seen"]
        if not seen or form.cleaned_data["decision"] != PUBLISH:
            return False
        latest = submission.events.order_by("-pk").values_list("pk", flat=True).first()
        return latest != seen and can_move(submission, Status.PUBLISHED)

    def _decide(self, request, submission, form: DecisionForm) -> None:
        data, moderator = form.cleaned_data, request.user
        message = data["message"]
        try:
            if data["decision"] == PUBLISH:
                text = form.routine_text()
                routine = approve(submission, moderator=moderator, message=message, text=text)
            elif data["decision"] == REQUEST_CHANGES:
                request_changes(submission, moderator=moderator, message=message)
            else:
                reject(submission, moderator=moderator, reason=message)
        except (IllegalTransition, ValidationError, PermissionDenied) as error:
            self.message_user(request, _explain(error), messages.ERROR)
            return
        if data["decision"] == PUBLISH:
            self.message_user(request, _published(routine), messages.SUCCESS)
        elif data["decision"] == REQUEST_CHANGES:
            self.message_user(request, gettext("Sent back to the reader with your message."))
        else:
            self.message_user(request, gettext("Rejected; the reader is told why."))

    # Video processing ------------------------------------------------------------------------

    @admin.display(description=_("video processing"))
    def video_processing(self, obj):
        record = Video.objects.filter(submission=obj).first()
        if record is None:
            return "—"
        web = record.details.get("web", {})
        if record.status == Video.Status.FAILED:
            return format_html("{}: {}", record.get_status_display(), record.error)
        if record.is_ready and web:
            return format_html(
                "{} — {}×{}, {} s, {}",
                record.get_status_display(),
                web.get("width"),
                web.get("height"),
                round(web.get("duration") or 0, 1),
                gettext("re-encoded") if web.get("reencoded") else gettext("copied as it was"),
            )
        return record.get_status_display()

    @admin.action(description=_("Process the video again"), permissions=["moderate"])
    def process_video_again(self, request, queryset):
        """Re-run probing and conversion (idempotent); the original upload is never changed."""
        count = 0
        for submission in queryset.exclude(video=""):
            video_uploaded(submission)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d video queued for processing.",
                "%(count)d videos queued for processing.",
                count,
            )
            % {"count": count},
        )

    # Bulk decisions --------------------------------------------------------------------------

    @admin.action(description=_("Publish selected submissions"), permissions=["moderate"])
    def publish_selected(self, request, queryset):
        done, errors = 0, []
        for submission in queryset.select_related("submitter"):
            try:
                approve(submission, moderator=request.user)
            except (IllegalTransition, ValidationError, PermissionDenied) as error:
                errors.append(f"“{submission.title}”: {_explain(error)}")
            else:
                done += 1
        self._report(request, done, errors, gettext("published"))

    @admin.action(description=_("Reject selected submissions…"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        """Asks for the reason first (an intermediate page), then rejects each one."""
        form = ReasonForm(request.POST if "post" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": gettext("Reject submissions"),
                "opts": self.opts,
                "queryset": queryset.select_related("submitter"),
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "select_across": request.POST.get("select_across", "0"),
            }
            return TemplateResponse(
                request, "admin/submissions/submission/reject_selected.html", context
            )
        done, errors = 0, []
        for submission in queryset:
            try:
                reject(submission, moderator=request.user, reason=form.cleaned_data["reason"])
            except (IllegalTransition, ValidationError, PermissionDenied) as error:
                errors.append(f"“{submission.title}”: {_explain(error)}")
            else:
                done += 1
        self._report(request, done, errors, gettext("rejected"))
        return None

    def _report(self, request, done: int, errors: list[str], what: str) -> None:
        if done:
            message = ngettext(
                "%(count)d submission %(what)s.", "%(count)d submissions %(what)s.", done
            )
            self.message_user(request, message % {"count": done, "what": what}, messages.SUCCESS)
        for error in errors:
            self.message_user(request, error, messages.ERROR)


def _explain(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _published(routine) -> str:
    message = gettext(
        'Published as “{title}”: <a href="{url}">see it in the library</a>, or '
        '<a href="{admin_url}">edit the routine</a>.'
    )
    return format_html(
        message,
        title=routine.title,
        url=routine.get_absolute_url(),
        admin_url=reverse("admin:routines_routine_change", args=[routine.pk]),
    )
