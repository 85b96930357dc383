"""Submissions in admin. Moderation actions come with the moderation workflow; for now the
editor can read every submission and its history, and nothing here changes a status."""

from django.contrib import admin

from .models import Submission, SubmissionEvent


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "submitter", "kind", "status", "created_at"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["title", "addresses", "submitter__email", "submitter__display_name"]
    list_select_related = ["submitter"]
    readonly_fields = ["status", "submitter", "created_at", "updated_at"]
    inlines = [SubmissionEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("created_at")
