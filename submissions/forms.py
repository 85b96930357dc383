"""The submission form: the pattern itself, its steps, a video (file or link) and consent."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from routines.models import BodyArea, Licence, Position, Routine
from somatics.video_links import parse_video_link

from .flows import SubmissionContent
from .models import Submission, page_language
from .uploads import VideoFileField

MAX_STEPS = 30
STEP_MAX_LENGTH = 1000
MINUTES_OUT_OF_RANGE = _("Please give a time between 1 and 120 minutes.")


class SubmissionForm(forms.ModelForm):
    """Everything but the steps, which come as a formset beside it."""

    video = VideoFileField(
        label=_("Video file"),
        required=False,
        help_text=_("MP4, WebM or MOV."),
        # Not ClearableFileInput: it links to the current file, and a private upload has no URL.
        widget=forms.FileInput(attrs={"accept": "video/mp4,video/webm,video/quicktime"}),
    )
    video_url = forms.URLField(
        label=_("YouTube or Vimeo link"), required=False, assume_scheme="https"
    )
    in_response_to = forms.ModelChoiceField(
        queryset=Routine.objects.none(),  # published() reads the clock: set per form below
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    minutes = forms.IntegerField(
        label=_("How long it takes (minutes)"),
        min_value=1,
        max_value=120,
        error_messages={"min_value": MINUTES_OUT_OF_RANGE, "max_value": MINUTES_OUT_OF_RANGE},
    )
    body_areas = forms.ModelMultipleChoiceField(
        label=_("Body areas"),
        queryset=BodyArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirmed_own_work = forms.BooleanField(
        label=_("This is my own work (or I have the teacher’s permission to share it)."),
        required=True,
    )
    confirmed_consent = forms.BooleanField(
        label=_("Everyone shown or named agreed to it being published."),
        required=True,
    )
    accepted_editing = forms.BooleanField(
        label=_("The editor may edit the text for clarity before publishing."),
        required=True,
    )

    class Meta:
        model = Submission
        fields = [
            "kind", "language", "title", "addresses", "in_response_to", "position", "body_areas",
            "minutes", "cautions", "video", "video_url", "transcript", "licence", "credit_name",
            "confirmed_own_work", "confirmed_consent", "accepted_editing",
        ]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "licence": forms.RadioSelect,
            "addresses": forms.Textarea(attrs={"rows": 3}),
            "cautions": forms.Textarea(attrs={"rows": 3}),
            "transcript": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "language": _("Which language is your pattern written or spoken in?"),
            "credit_name": _("Name to credit when it is published"),
        }
        error_messages = {
            "language": {"invalid_choice": _("Please choose one of the languages in the list.")}
        }
        help_texts = {
            "language": _("Readers see it in this language until it is translated."),
            "cautions": _("When should someone stop, or choose an easier version?"),
            "video_url": _("Instead of a file: the address of the video on YouTube or Vimeo."),
            "transcript": _("Optional: what you say in the video, for readers who cannot play it."),
            "credit_name": _(
                "Shown on the routine as “Taught by …”. Leave it empty to stay anonymous."
            ),
            "licence": _(
                "You keep the rights to your work. The licence says what others may do with it "
                "once it is published. Not sure? Keep the first one."
            ),
        }

    def __init__(self, *args, kept_video_name: str = "", credit_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new submission credits the reader's display name unless they change it here.
            self.fields["credit_name"].initial = credit_name
        self.kept_video_name = kept_video_name
        self.fields["in_response_to"].queryset = Routine.objects.published()
        self.fields["kind"].choices = Submission.Kind.choices  # no empty choice for radios
        self.fields["licence"].choices = LICENCE_CHOICES
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("licence", DEFAULT_LICENCE)
        self.fields["position"].choices = [("", _("Choose a position")), *Position.choices]
        # A new submission starts in the language of the page showing the form (an edited one
        # keeps its own); no hidden copy of the default is needed to tell what changed.
        self.fields["language"].initial = page_language()
        self.fields["language"].show_hidden_initial = False
        # A video the reader attached makes it a video submission (flows.py keeps the file
        # whatever "Kind" says); the form says so, and shows "On video" if it comes back.
        self.kind_became_video = (
            self.is_bound
            and self.data.get("kind") == Submission.Kind.WRITTEN
            and bool(self.files.get("video") or kept_video_name)
        )
        if self.kind_became_video:
            self.data = self.data.copy()
            self.data["kind"] = Submission.Kind.VIDEO

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "").strip()
        return parse_video_link(url).url if url else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Submission.Kind.VIDEO:
            has_file = bool(cleaned.get("video") or self.kept_video_name)
            if "video" in self.errors:
                pass  # the file's own error says it all
            elif has_file and cleaned.get("video_url"):
                self.add_error("video_url", _("Please send either a file or a link, not both."))
            elif not has_file and not cleaned.get("video_url") and "video_url" not in self.errors:
                self.add_error(
                    "video", _("Please upload a video file or paste a YouTube or Vimeo link.")
                )
        return cleaned

    def content(self, *, steps: list[str]) -> SubmissionContent:
        """
        What the flows take, from this valid form and the steps beside it. A new upload
        replaces any video; otherwise the one kept from a failed attempt, else the current one.
        """
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "video"}
        upload = self.cleaned_data.get("video")
        if isinstance(upload, UploadedFile):
            return SubmissionContent(**data, steps=steps, video=upload)
        current = upload.name if upload else ""  # the edited submission's own file, if any
        return SubmissionContent(**data, steps=steps, video_name=self.kept_video_name or current)


# The licences in plain words: what each lets others do. The first is the default: it shares
# the reader's work as widely as a non-commercial library needs, and no one may sell it.
DEFAULT_LICENCE = Licence.CC_BY_NC_SA
LICENCE_CHOICES = [
    (
        Licence.CC_BY_NC_SA,
        _(
            "CC BY-NC-SA 4.0: anyone may copy, share and adapt it, naming you, but not to make "
            "money from it; what they make from it is shared the same way."
        ),
    ),
    (
        Licence.CC_BY_SA,
        _(
            "CC BY-SA 4.0: anyone may copy, share and adapt it, naming you, even to make money "
            "from it; what they make from it is shared the same way."
        ),
    ),
]


class StepForm(forms.Form):
    text = forms.CharField(
        label=_("Step"),
        max_length=STEP_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BaseStepFormSet(forms.BaseFormSet):
    """
    The steps, one box each. Without JavaScript the reader types, renumbers and ticks "Remove";
    static/js/steps.js turns that into buttons, in the words of `editor_strings`, which the page
    hands to the script translated (as JSON): the script has no words of its own.
    """

    editor_strings = {
        "add": _("Add a step"),
        "up": _("Move up"),
        "down": _("Move down"),
        "remove": _("Remove"),
        "removed": _("Step removed."),
        "moved": _("Step moved."),
        "step": _("Step {n}"),
    }

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def steps(self) -> list[str]:
        """The non-empty steps, in the order the reader gave (ORDER field, then position)."""
        rows = [
            form for form in self.ordered_forms if not self._should_delete_form(form)
        ] if self.can_order else self.forms  # fmt: skip
        return [t for form in rows if (t := form.cleaned_data.get("text", "").strip())]

    def clean(self):
        if any(self.errors):
            return
        steps = self.steps()
        if len(steps) > MAX_STEPS:
            raise forms.ValidationError(
                ngettext(
                    "Please keep it to %(max)d step.", "Please keep it to %(max)d steps.", MAX_STEPS
                )
                % {"max": MAX_STEPS}
            )
        if self.kind == Submission.Kind.WRITTEN and not steps:
            raise forms.ValidationError(_("A written pattern needs at least one step."))


StepFormSet = forms.formset_factory(
    StepForm,
    formset=BaseStepFormSet,
    extra=3,
    max_num=MAX_STEPS,
    absolute_max=MAX_STEPS,
    validate_max=True,
    can_order=True,
    can_delete=True,
)
