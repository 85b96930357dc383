"""
Admin for the published library: body areas; routines with their steps and questions inline.

Each translated field is edited in English, French and Spanish one under the other
(modeltranslation's plain admin classes: its tabbed ones need jQuery UI, which our
Content-Security-Policy refuses). A routine's text is required in its original language only,
so a pattern sent in French can be edited before anyone translates it into English.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from somatics.admin_actions import decide_each

from . import publishing
from .caching import library_changed
from .drawing import step_svg
from .drawing.widgets import PoseSelect
from .models import BodyArea, Contraindication, GlossaryTerm, Question, Routine, Step
from .safety import Movement
from .search import index_routine, index_routines

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def columns(*names: str) -> list[str]:
    """Every language's column of each field: title_en, title_fr, title_es, ..."""
    return [f"{name}_{code}" for name in names for code in LANGUAGE_CODES]


class OptionalTranslations:
    """
    modeltranslation requires the English column of a required field; we require the text in
    the routine's own language instead (`clean` of the forms below), so every column is
    optional here.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and hasattr(db_field, "translated_field"):
            field.required = False
        return field


class RoutineAdminForm(forms.ModelForm):
    REQUIRED = ("title", "summary", "purpose")

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("original_language") or settings.LANGUAGE_CODE
        for name in self.REQUIRED:
            column = f"{name}_{language}"
            if column in self.fields and not cleaned.get(column):
                self.add_error(column, _("Please write this in the routine's original language."))
        return cleaned


class TextInSomeLanguageForm(forms.ModelForm):
    """A step or question needs its text (`required`) in at least one language."""

    required: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.required:
            present = [c for c in columns(name) if c in self.fields]
            if present and not any(cleaned.get(c) for c in present):
                self.add_error(present[0], _("Please write this in at least one language."))
        return cleaned


class StepForm(TextInSomeLanguageForm):
    required = ("cue",)
    movements = forms.MultipleChoiceField(
        label=_("Movements"),
        choices=Movement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Some call for a contraindication, which the routine must then carry."),
    )

    class Meta:
        widgets = {"start_pose": PoseSelect, "end_pose": PoseSelect}


class QuestionForm(TextInSomeLanguageForm):
    required = ("question", "answer")


@admin.register(BodyArea)
class BodyAreaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = [*columns("name", "aliases")]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Aliases feed search: re-index the routines in this area.
        index_routines(obj.routines.prefetch_related("body_areas", "steps", "questions"))


class StepInline(OptionalTranslations, TranslationStackedInline):
    model = Step
    form = StepForm
    extra = 0
    # The numbers on one row; each text field becomes its English, French and Spanish.
    fields = [
        "order",
        "title",
        "cue",
        ("reps", "side", "hold_seconds", "release_seconds", "rest_seconds", "start_seconds"),
        "pace",
        "movements",
        "start_pose",
        "end_pose",
        "drawing",
    ]
    readonly_fields = ["drawing"]

    class Media:
        js = ["js/admin/pose_picker.js"]
        css = {"all": ["css/pose_picker.css"]}

    @admin.display(description=_("drawing"))
    def drawing(self, step):
        """The step as readers will see it drawn; redrawn as the editor changes its poses."""
        url = reverse("admin:routines_step_drawing")
        src = ""
        if step and step.start_pose:
            end = step.end_pose or step.start_pose
            src = f"{url}?start={step.start_pose}&end={end}"
            for name in ("hold_seconds", "release_seconds", "rest_seconds"):
                if getattr(step, name):
                    src += f"&{name}={getattr(step, name)}"
        return format_html(
            '<img class="step-preview" data-step-preview data-url="{}" src="{}" alt="{}"{}>',
            url,
            src,
            _("The step's drawing"),
            "" if src else " hidden",
        )


class QuestionInline(OptionalTranslations, TranslationStackedInline):
    model = Question
    form = QuestionForm
    extra = 0
    fields = ["order", "question", "answer"]


@admin.register(Routine)
class RoutineAdmin(OptionalTranslations, TranslationAdmin):
    form = RoutineAdminForm
    list_display = [
        "title", "status", "original_language", "position", "minutes", "level", "published_at",
        "is_starter",
    ]  # fmt: skip
    list_filter = ["status", "original_language", "position", "level", "body_areas", "is_starter"]
    search_fields = [*columns("title", "summary", "aliases"), "credit_name"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["variation_of"]
    filter_horizontal = ["body_areas", "contraindications"]
    readonly_fields = [
        "status", "published_at", "missing_for_publication", "created_at", "updated_at",
        "is_starter",
    ]  # fmt: skip
    date_hierarchy = "published_at"
    inlines = [StepInline, QuestionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "original_language",
                    "title",
                    "slug",
                    "summary",
                    "status",
                    "published_at",
                    "missing_for_publication",
                ]
            },
        ),
        (_("What it is for"), {"fields": ["purpose", "why", "audience", "equipment"]}),
        (
            _("How it is done"),
            {
                "fields": [
                    "position",
                    "minutes",
                    "level",
                    "cautions",
                    "contraindications",
                    "video_only",
                ]
            },
        ),
        (_("Finding it"), {"fields": ["body_areas", "aliases"]}),
        (
            _("Variation and credit"),
            {"fields": ["variation_of", "variation_note", "credit_name", "credit_url"]},
        ),
        (_("Media"), {"fields": ["poster"]}),
        (_("History"), {"fields": ["created_at", "updated_at", "is_starter"]}),
    ]

    def get_urls(self):
        drawings = [
            path(
                "pose/<slug:name>.svg",
                self.admin_site.admin_view(self.pose_drawing),
                name="routines_pose_drawing",
            ),
            path(
                "step-drawing.svg",
                self.admin_site.admin_view(self.step_drawing),
                name="routines_step_drawing",
            ),
        ]
        return drawings + super().get_urls()

    def pose_drawing(self, request, name):
        """One pose of the library, drawn still: the pose picker's previews."""
        return self._svg(name)

    def step_drawing(self, request):
        """A step drawn from the poses and timing the editor has chosen, before saving."""
        numbers = {}
        for name in ("hold_seconds", "release_seconds", "rest_seconds"):
            value = request.GET.get(name, "")
            numbers[name.removesuffix("_seconds")] = int(value) if value.isdigit() else None
        return self._svg(request.GET.get("start", ""), request.GET.get("end", ""), **numbers)

    def _svg(self, start, end="", **timing):
        try:
            svg = step_svg(start, end, **timing)
        except KeyError:
            raise Http404(_("There is no such pose.")) from None
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Cache-Control"] = "private, max-age=3600"
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_routine(form.instance)

    @admin.display(description=_("Missing before publishing"))
    def missing_for_publication(self, obj):
        """What `routines.publishing` would refuse this routine for, saved as it is now."""
        if obj is None or obj.pk is None:
            return "—"
        problems = publishing.problems_of(obj)
        if not problems:
            return _("Nothing: it has what every routine needs.")
        return format_html_join("", "<p>{}</p>", ((problem,) for problem in problems))

    @admin.action(description=_("Publish selected routines"), permissions=["change"])
    def publish_selected(self, request, queryset):
        decide_each(
            self,
            request,
            queryset,
            publishing.publish,
            ngettext_lazy("%(count)d routine published.", "%(count)d routines published.", "count"),
        )

    @admin.action(
        description=_("Unpublish selected routines (back to draft)"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        for routine in queryset:
            routine.unpublish()
        self._report(
            request,
            queryset.count(),
            ngettext_lazy(
                "%(count)d routine moved back to draft.",
                "%(count)d routines moved back to draft.",
                "count",
            ),
        )

    def _report(self, request, count, message):
        """`message` has singular and plural forms: the count chooses (ngettext_lazy)."""
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


class ReferenceAdmin(OptionalTranslations, TranslationAdmin):
    """
    Data the routine pages show (contraindications, the glossary): saving marks the row as the
    editor's, so loading the starter library again leaves it alone, and refreshes cached pages.
    """

    def save_model(self, request, obj, form, change):
        obj.library_checksum = ""
        super().save_model(request, obj, form, change)
        library_changed()


@admin.register(Contraindication)
class ContraindicationAdmin(ReferenceAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = [*columns("name", "wording"), "slug"]
    fields = ["slug", "name", "wording", "position"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReferenceAdmin):
    list_display = ["term", "slug", "position"]
    list_editable = ["position"]
    search_fields = [*columns("term", "forms", "definition"), "slug"]
    fields = ["slug", "term", "forms", "definition", "position"]
