"""Admin for the published library: body areas; routines with their steps and questions inline."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import BodyArea, Question, Routine, Step
from .search import index_routine, index_routines


@admin.register(BodyArea)
class BodyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "aliases"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Aliases feed search: re-index the routines in this area.
        index_routines(obj.routines.prefetch_related("body_areas", "steps", "questions"))


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    fields = [
        ("order", "title"),
        "cue",
        ("reps", "side", "hold_seconds", "pace", "rest_seconds", "start_seconds"),
    ]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "question", "answer"]


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "position", "minutes", "level", "published_at", "is_starter"]
    list_filter = ["status", "position", "level", "body_areas", "is_starter"]
    search_fields = ["title", "summary", "aliases", "credit_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["variation_of"]
    filter_horizontal = ["body_areas"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at", "is_starter"]
    date_hierarchy = "published_at"
    inlines = [StepInline, QuestionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "status", "published_at"]}),
        (_("What it is for"), {"fields": ["purpose", "why", "audience", "equipment"]}),
        (_("How it is done"), {"fields": ["position", "minutes", "level", "cautions"]}),
        (_("Finding it"), {"fields": ["body_areas", "aliases"]}),
        (
            _("Variation and credit"),
            {"fields": ["variation_of", "variation_note", "credit_name", "credit_url"]},
        ),
        (_("Media"), {"fields": ["poster"]}),
        (_("History"), {"fields": ["created_at", "updated_at", "is_starter"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_routine(form.instance)

    @admin.action(description=_("Publish selected routines"), permissions=["change"])
    def publish_selected(self, request, queryset):
        for routine in queryset:
            routine.publish()
        self._report(
            request,
            queryset.count(),
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
