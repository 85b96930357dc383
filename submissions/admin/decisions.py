"""
The editor's three decisions, the forms that carry them, and how a refused one is explained.

The change page and the bulk actions both decide; both call `submissions.moderation`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..forms import STEP_MAX_LENGTH
from ..models import Submission
from ..moderation import ChangedSinceSeen, RoutineText, approve, reject, request_changes
from ..workflow import IllegalTransition

Status = Submission.Status


def _publish(submission: Submission, *, moderator, form: "DecisionForm") -> str:
    data = form.cleaned_data
    routine = approve(
        submission,
        moderator=moderator,
        message=data["message"],
        text=form.routine_text(),
        seen_event_id=data["seen"],
    )
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


def _request_changes(submission: Submission, *, moderator, form: "DecisionForm") -> str:
    request_changes(submission, moderator=moderator, message=form.cleaned_data["message"])
    return gettext("Sent back to the reader with your message.")


def _reject(submission: Submission, *, moderator, form: "DecisionForm") -> str:
    reject(submission, moderator=moderator, reason=form.cleaned_data["message"])
    return gettext("Rejected; the reader is told why.")


@dataclass(frozen=True)
class Decision:
    """A button of the decision form: the status it leads to, and how to take it."""

    label: str
    to: str
    # Takes the decision (submission, moderator=, form=); returns what to tell the moderator.
    take: Callable[..., str]


PUBLISH, REQUEST_CHANGES, REJECT = "publish", "request_changes", "reject"
DECISIONS = {
    PUBLISH: Decision(_("Publish"), Status.PUBLISHED, _publish),
    REQUEST_CHANGES: Decision(_("Request changes"), Status.CHANGES_REQUESTED, _request_changes),
    REJECT: Decision(_("Reject"), Status.NOT_ACCEPTED, _reject),
}


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
    video_only = forms.BooleanField(
        label=_("Video only: the video shows the steps"),
        required=False,
        help_text=_(
            "Only for a video that teaches the whole routine: the page then says “follow the "
            "video” instead of listing steps."
        ),
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
                ngettext(
                    "A step can be at most %(n)d character long.",
                    "A step can be at most %(n)d characters long.",
                    STEP_MAX_LENGTH,
                )
                % {"n": STEP_MAX_LENGTH}
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

    decision = forms.ChoiceField(choices=[(key, d.label) for key, d in DECISIONS.items()])
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


# A decision refused, and why.
REFUSALS = (IllegalTransition, ChangedSinceSeen, ValidationError, PermissionDenied)
